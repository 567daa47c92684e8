/// The Prometheus endpoint (`[metrics]`): `GET /metrics`, `/healthz` and `/readyz` on a TCP
/// address of its own.
public struct MetricsSettings: Sendable, Hashable {
    /// Where the endpoint listens: an IPv4 literal or a bracketed IPv6 one, and a port.
    public struct Address: Sendable, Hashable, CustomStringConvertible {
        public var host: String
        public var port: Int

        /// Only the machine itself can connect (127.0.0.0/8, ::1).
        public var isLoopback: Bool { host.hasPrefix("127.") || host == "::1" }

        public var description: String { host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)" }

        public init(host: String, port: Int) {
            self.host = host
            self.port = port
        }

        /// `127.0.0.1:9464` or `[::1]:9464`; `nil` for anything else (names are not resolved:
        /// the address an admin writes is the one that is bound).
        public init?(parsing text: String) {
            let host: Substring
            let port: Substring
            if text.hasPrefix("[") {
                guard let close = text.firstIndex(of: "]"), text[text.index(after: close)...].hasPrefix(":") else { return nil }
                host = text[text.index(after: text.startIndex)..<close]
                port = text[text.index(close, offsetBy: 2)...]
                guard host.contains(":"), host.allSatisfy({ $0.isHexDigit || $0 == ":" || $0 == "." }) else { return nil }
            } else {
                guard let colon = text.lastIndex(of: ":") else { return nil }
                host = text[..<colon]
                port = text[text.index(after: colon)...]
                let octets = host.split(separator: ".", omittingEmptySubsequences: false)
                guard octets.count == 4, octets.allSatisfy({ !$0.isEmpty && $0.count <= 3 && $0.allSatisfy(\.isASCII) && (UInt8($0) != nil) })
                else { return nil }
            }
            guard let number = Int(port), (1...65535).contains(number), port.allSatisfy(\.isASCII) else { return nil }
            self.host = String(host)
            self.port = number
        }
    }

    public static let defaultListen = Address(host: "127.0.0.1", port: 9464)

    /// Off unless configured: an open TCP port is the admin's decision.
    public var enabled: Bool
    public var listen: Address
    /// Required of clients that are not on loopback (`Authorization: Bearer TOKEN`).
    public var token: Secret?

    public init(enabled: Bool = false, listen: Address = defaultListen, token: Secret? = nil) {
        self.enabled = enabled
        self.listen = listen
        self.token = token
    }
}
