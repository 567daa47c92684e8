internal import Foundation
internal import Glibc

/// A real Prometheus (Debian's `prometheus`) on a loopback port, scraping `targets` every
/// `interval`, with its own storage in a temporary directory. Stopped when released.
public final class PrometheusFixture: Sendable {
    public let port: Int
    private let directory: TemporaryDirectory
    private let process: ChildProcess

    public static var isAvailable: Bool { FileManager.default.isExecutableFile(atPath: "/usr/bin/prometheus") }

    public init(job: String, targets: [String], interval: String = "1s") throws {
        directory = try TemporaryDirectory(prefix: "leadex-prometheus")
        port = try LoopbackPort.free()
        let list = targets.map { "\"\($0)\"" }.joined(separator: ", ")
        let config = try directory.write(
            "prometheus.yml",
            """
            global:
              scrape_interval: \(interval)
              evaluation_interval: \(interval)
            scrape_configs:
              - job_name: \(job)
                static_configs:
                  - targets: [\(list)]

            """)
        process = try ChildProcess(
            executable: "/usr/bin/prometheus",
            arguments: [
                "--config.file=\(config)", "--storage.tsdb.path=\(directory.file("data"))",
                "--web.listen-address=127.0.0.1:\(port)", "--log.level=warn",
            ])
        let deadline = Date().addingTimeInterval(20)
        while (try? get("/-/ready"))?.hasPrefix("Prometheus Server is Ready") != true {
            guard process.isRunning, Date() < deadline else {
                process.signal(SIGKILL)
                throw TestFailure("prometheus did not start: \(process.standardError)")
            }
            usleep(50_000)
        }
    }

    deinit {
        process.signal(SIGTERM)
        process.wait(timeout: 10)
    }

    /// The value of an instant query's single result, `nil` while it has none.
    public func value(_ query: String) throws -> Double? {
        let encoded = query.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? query
        let text = try get("/api/v1/query?query=\(encoded)")
        guard let object = try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any],
            let data = object["data"] as? [String: Any], let results = data["result"] as? [[String: Any]]
        else { throw TestFailure("unexpected answer to \(query): \(text)") }
        guard results.count <= 1 else { throw TestFailure("\(query) has \(results.count) series: \(text)") }
        guard let pair = results.first?["value"] as? [Any], pair.count == 2, let value = pair[1] as? String else { return nil }
        return Double(value)
    }

    private func get(_ path: String) throws -> String {
        let result = try ChildProcess.run(
            executable: "/usr/bin/curl", arguments: ["-sS", "--max-time", "5", "http://127.0.0.1:\(port)\(path)"], timeout: 10)
        guard result.status == 0 else { throw TestFailure("GET \(path): \(result.error)") }
        return result.output
    }
}

/// A TCP port nobody listens on now, from the kernel's ephemeral range (bound, read, released:
/// the caller binds it again at once).
public enum LoopbackPort {
    public static func free(host: String = "127.0.0.1") throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw TestFailure("socket: errno \(errno)") }
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        inet_pton(AF_INET, host, &address.sin_addr)
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { raw in
                bind(fd, raw, length) == 0 && getsockname(fd, raw, &length) == 0
            }
        }
        guard bound else { throw TestFailure("bind: errno \(errno)") }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}
