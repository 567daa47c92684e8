import Foundation
import Glibc

/// HTTP/1.1 on the control socket byte by byte, for what curl and leadexctl never send: bodies
/// shorter than their Content-Length, broken chunks, huge headers, invalid UTF-8. Blocking
/// calls with a receive timeout, so a daemon that never answers fails the test instead of hanging it.
struct RawHTTP {
    struct Reply {
        var status: Int
        var headers: [String: String]
        var body: Data
        /// How long the exchange took, sending included (a daemon that stops reading shows here).
        var seconds: Double
        var json: [String: Any]? { try? JSONSerialization.jsonObject(with: body) as? [String: Any] }
    }

    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    let socket: String
    var timeout: Double = 10

    /// A request with `Connection: close`, its body as given; `contentLength` overrides the header.
    func request(
        _ method: String, _ path: String, body: [UInt8] = [], contentLength: Int? = nil, headers: [(String, String)] = []
    ) throws -> Reply {
        var head = "\(method) \(path) HTTP/1.1\r\nHost: leadexd\r\nConnection: close\r\n"
        for (name, value) in headers { head += "\(name): \(value)\r\n" }
        if !headers.contains(where: { $0.0.lowercased() == "transfer-encoding" }) {
            head += "Content-Length: \(contentLength ?? body.count)\r\n"
        }
        if !body.isEmpty { head += "Content-Type: application/json\r\n" }
        return try exchange(Array((head + "\r\n").utf8) + body)
    }

    /// Sends `bytes`, half-closes, and reads the answer until the daemon closes or the body is complete.
    func exchange(_ bytes: [UInt8], halfClose: Bool = true) throws -> Reply {
        let fd = Glibc.socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw Failure(description: "socket: errno \(errno)") }
        defer { close(fd) }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        let path = Array(socket.utf8CString)
        guard path.count <= MemoryLayout.size(ofValue: address.sun_path) else { throw Failure(description: "socket path too long") }
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            path.withUnsafeBytes { raw.copyMemory(from: $0) }
        }
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
        guard connected == 0 else { throw Failure(description: "connect: errno \(errno)") }
        var wait = timeval(tv_sec: Int(timeout), tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &wait, socklen_t(MemoryLayout<timeval>.size))
        setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &wait, socklen_t(MemoryLayout<timeval>.size))
        let start = Date()
        var sent = 0
        while sent < bytes.count {
            let written = bytes[sent...].withUnsafeBytes { send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            // The daemon may answer and close before reading everything (a header over the limit).
            if written <= 0 { break }
            sent += written
        }
        if halfClose { shutdown(fd, Int32(SHUT_WR)) }
        var received: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65_536)
        while true {
            let count = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if count < 0 {
                if errno == EAGAIN || errno == EWOULDBLOCK {
                    throw Failure(description: "no answer within \(timeout) s (got \(received.count) bytes)")
                }
                if errno == ECONNRESET { break }
                throw Failure(description: "recv: errno \(errno)")
            }
            if count == 0 { break }
            received += buffer[..<count]
            if let reply = Self.parse(received, seconds: Date().timeIntervalSince(start)), reply.body.count >= reply.contentLength {
                return reply.reply
            }
        }
        guard let reply = Self.parse(received, seconds: Date().timeIntervalSince(start)) else {
            throw Failure(description: "no HTTP answer (\(received.count) bytes): \(String(decoding: received.prefix(200), as: UTF8.self))")
        }
        return reply.reply
    }

    private static func parse(_ bytes: [UInt8], seconds: Double) -> (reply: Reply, contentLength: Int, body: Data)? {
        let separator: [UInt8] = [13, 10, 13, 10]
        guard let end = (0..<max(0, bytes.count - 3)).first(where: { Array(bytes[$0..<$0 + 4]) == separator }) else { return nil }
        let lines = String(decoding: bytes[..<end], as: UTF8.self).components(separatedBy: "\r\n")
        let statusLine = lines[0].split(separator: " ")
        guard statusLine.count >= 2, let status = Int(statusLine[1]) else { return nil }
        var headers: [String: String] = [:]
        for line in lines.dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        let body = Data(bytes[(end + 4)...])
        let length = headers["content-length"].flatMap { Int($0) } ?? body.count
        return (Reply(status: status, headers: headers, body: body.prefix(length), seconds: seconds), length, body)
    }
}
