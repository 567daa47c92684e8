internal import Foundation
internal import Glibc

/// The fake web-form backend of `Tests/Support/formserver` on a loopback port: it takes real form
/// posts (urlencoded and multipart), serves the submissions as JSON and CSV feeds, and can be
/// told to break. A fake at the process edge: no packaged self-hostable form backend exists here.
/// Stopped by `stop()` or when released.
public final class FormServerFixture: Sendable {
    public let port: Int
    private let process: ChildProcess
    private static let script = RepositoryPaths.file("Tests/Support/formserver/formserver.py")

    public init() throws {
        // The blocked signal mask of the test's worker thread would keep SIGTERM from stopping
        // the server: it starts with an empty one. Unlike the Dovecot fixture's script it keeps
        // its fds: the server is a direct, long-lived child, and Foundation's Process takes the
        // closing of the socket it shares with a child as that child's exit (then waits for it,
        // blocking every other child's exit behind it).
        let cleanExec = """
            import os, signal, sys
            signal.signal(signal.SIGPIPE, signal.SIG_DFL)
            signal.pthread_sigmask(signal.SIG_SETMASK, [])
            os.execv(sys.argv[1], sys.argv[1:])
            """
        process = try ChildProcess(executable: "/usr/bin/python3", arguments: ["-c", cleanExec, "/usr/bin/python3", Self.script])
        let deadline = Date().addingTimeInterval(10)
        var found: Int?
        while found == nil && Date() < deadline && process.isRunning {
            found = process.standardOutput.split(separator: "\n").first { $0.hasPrefix("PORT=") }.flatMap { Int($0.dropFirst(5)) }
            if found == nil { usleep(10_000) }
        }
        guard let found else {
            process.signal(SIGKILL)
            throw DovecotFixture.FixtureError(message: "the form server printed no port: \(process.standardError)")
        }
        port = found
    }

    deinit { stop() }

    /// Stops the server. Safe to call twice.
    public func stop() {
        guard process.isRunning else { return }
        process.signal(SIGTERM)
        process.wait(timeout: 5)
    }

    public var baseURL: String { "http://127.0.0.1:\(port)" }
    /// Where the site's form posts.
    public var submitURL: String { baseURL + "/submit" }
    public var jsonFeedURL: String { baseURL + "/feed.json" }
    public var csvFeedURL: String { baseURL + "/feed.csv" }

    // MARK: What a browser does

    /// Posts a form as a browser does: `application/x-www-form-urlencoded`, or
    /// `multipart/form-data` (a form with a file input). Returns the HTTP status.
    @discardableResult
    public func submit(_ fields: [(String, String)], multipart: Bool = false) throws -> Int {
        if multipart {
            let boundary = "----LeadexTestBoundary\(UInt32.random(in: 0...UInt32.max))"
            var body = ""
            for (name, value) in fields {
                body += "--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"\r\n\r\n\(value)\r\n"
            }
            body += "--\(boundary)--\r\n"
            return try request("POST", "/submit", contentType: "multipart/form-data; boundary=\(boundary)", body: Array(body.utf8)).status
        }
        let body = fields.map { Self.encode($0.0) + "=" + Self.encode($0.1) }.joined(separator: "&")
        return try request("POST", "/submit", contentType: "application/x-www-form-urlencoded", body: Array(body.utf8)).status
    }

    /// Every submission the server stored, as JSON text.
    public func submissions() throws -> String {
        String(decoding: try request("GET", "/submissions").body, as: UTF8.self)
    }

    // MARK: Breaking it

    /// Sends a control change (see formserver.py), e.g. `["drop": true]`.
    public func control(_ change: [String: any Sendable]) throws {
        let body = try JSONSerialization.data(withJSONObject: change)
        let response = try request("POST", "/control", contentType: "application/json", body: Array(body))
        guard response.status == 200 else {
            throw DovecotFixture.FixtureError(message: "control refused: \(String(decoding: response.body, as: UTF8.self))")
        }
    }

    /// The form answers `status` to every post and stores nothing.
    public func failSubmissions(status: Int = 500) throws { try control(["submit_status": status]) }
    /// The form thanks the visitor and stores nothing: the silent breakage probes exist for.
    public func dropSubmissions() throws { try control(["drop": true]) }
    /// The site renamed a field: posts of `from` are stored as `to`.
    public func rename(_ from: String, to: String) throws { try control(["rename": [from: to]]) }
    /// Every answer waits this long.
    public func slowDown(seconds: Double) throws { try control(["slow": seconds]) }
    /// Undoes every breakage.
    public func repair() throws { try control(["repair": true]) }

    // MARK: A minimal HTTP/1.0 client (independent of the code under test)

    public struct Response: Sendable {
        public var status: Int
        public var body: [UInt8]
    }

    public func request(_ method: String, _ path: String, contentType: String? = nil, body: [UInt8] = []) throws -> Response {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw DovecotFixture.FixtureError(message: "socket: errno \(errno)") }
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else { throw DovecotFixture.FixtureError(message: "connect to the form server: errno \(errno)") }
        var head = "\(method) \(path) HTTP/1.0\r\nHost: 127.0.0.1:\(port)\r\nContent-Length: \(body.count)\r\n"
        if let contentType { head += "Content-Type: \(contentType)\r\n" }
        head += "\r\n"
        let request = Array(head.utf8) + body
        var sent = 0
        while sent < request.count {
            let count = request[sent...].withUnsafeBytes { send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            guard count > 0 else { throw DovecotFixture.FixtureError(message: "send: errno \(errno)") }
            sent += count
        }
        var response: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let count = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if count < 0 && errno == EINTR { continue }
            guard count > 0 else { break }
            response += buffer[..<count]
        }
        guard let end = response.firstRange(of: Array("\r\n\r\n".utf8)),
            let statusLine = String(decoding: response[..<end.lowerBound], as: UTF8.self).split(separator: " ").dropFirst().first,
            let status = Int(statusLine)
        else {
            throw DovecotFixture.FixtureError(message: "the form server answered no HTTP response")
        }
        return Response(status: status, body: Array(response[end.upperBound...]))
    }

    private static func encode(_ text: String) -> String {
        // ASCII letters only: CharacterSet.alphanumerics would leave Cyrillic unescaped.
        let allowed = CharacterSet(charactersIn: "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.* ")
        return (text.addingPercentEncoding(withAllowedCharacters: allowed) ?? text).replacingOccurrences(of: " ", with: "+")
    }
}
