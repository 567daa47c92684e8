import Foundation

/// What a known contact gained from a request that named it (a new phone, address, company or a
/// fuller name), as the store writes it into the history note and a history line shows it.
public enum ContactGains {
    public enum Kind: String, Sendable {
        case phone, email, name, company
    }

    /// One gain: its kind, the new value, and for a name the one it replaced.
    public struct Gain: Sendable, Hashable {
        public var kind: Kind
        public var value: String
        public var was: String?

        public init(_ kind: Kind, _ value: String, was: String? = nil) {
            self.kind = kind
            self.value = value
            self.was = was
        }
    }

    static let prefix = "Contact gained: "
    static let separator = "; "

    /// The note's line: "Contact gained: phone +79160000002; name Иван Петров (was Иван)".
    public static func line(_ gains: [Gain]) -> String {
        prefix + gains.map { "\($0.kind.rawValue) \($0.value)" + ($0.was.map { " (was \($0))" } ?? "") }.joined(separator: separator)
    }

    /// The gains of the last such line in `note`, or `nil`.
    public static func gains(in note: String) -> [Gain]? {
        guard let line = note.split(separator: "\n").last(where: { $0.hasPrefix(prefix) }) else { return nil }
        return line.dropFirst(prefix.count).components(separatedBy: separator).compactMap { part in
            let words = part.split(separator: " ", maxSplits: 1)
            guard words.count == 2, let kind = Kind(rawValue: String(words[0])) else { return nil }
            var value = String(words[1])
            var was: String?
            if kind == .name, let open = value.range(of: " (was "), value.hasSuffix(")") {
                was = String(value[open.upperBound..<value.index(before: value.endIndex)])
                value = String(value[..<open.lowerBound])
            }
            return Gain(kind, value, was: was)
        }
    }
}
