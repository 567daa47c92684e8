/// Where a TCP listener of the daemon binds (`[web] listen`, `[metrics] listen`): an IPv4
/// literal or a bracketed IPv6 one, and a port. Names are not resolved: the address an admin
/// writes is the one that is bound, and whether it is loopback — which decides whether metrics
/// need a token — is known from the text alone.
public struct ListenAddress: Sendable, Hashable, CustomStringConvertible {
    public var host: String
    public var port: Int

    /// Only the machine itself can connect (127.0.0.0/8, ::1).
    public var isLoopback: Bool { host.hasPrefix("127.") || host == "::1" }

    public var description: String { host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)" }

    public init(host: String, port: Int) {
        self.host = host
        self.port = port
    }

    /// `127.0.0.1:9464` or `[::1]:9464`; `nil` for anything else.
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
        // Int(_:) of a Substring rejects signs-only and overflow; the range check does the rest.
        guard port.allSatisfy(\.isASCII), let number = Int(port), (1...65_535).contains(number) else { return nil }
        self.init(host: String(host), port: number)
    }
}
