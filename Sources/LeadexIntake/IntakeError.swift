/// A mailbox or feed that cannot be read right now, and why, in words fit for the journal
/// (never the password).
public struct IntakeError: Error, Sendable, CustomStringConvertible {
    public enum Kind: String, Sendable {
        /// Connection refused, timeout, DNS: retry with backoff.
        case unreachable
        /// Wrong user or password: retrying will not help until the config changes.
        case authentication
        /// Certificate not trusted, STARTTLS not offered.
        case tls
        /// The server said NO or BAD, or answered something we cannot read.
        case protocolError
    }

    public var kind: Kind
    public var message: String

    public init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    public var description: String { "\(kind.rawValue): \(message)" }
}
