/// A mailbox from an address header.
public struct MailAddress: Sendable, Hashable {
    /// Decoded display name (or the comment of `addr (Name)`), nil when absent.
    public var name: String?
    /// The address, lowercased.
    public var email: String

    public init(name: String?, email: String) {
        self.name = name
        self.email = email
    }

    /// The part before '@'.
    public var localPart: Substring { email.split(separator: "@", maxSplits: 1, omittingEmptySubsequences: false).first ?? "" }
}

/// Parses RFC 5322 address lists as mailers really write them.
public enum AddressParser {
    /// Parses a header value such as `"Иванов Иван" <ivan@example.ru>, ivan@example.ru (Иван)`.
    public static func parse(_ value: String) -> [MailAddress] { parse(raw: Array(value.utf8)) }

    /// Parses raw header bytes (encoded words in names are decoded).
    public static func parse(raw: some Collection<UInt8>) -> [MailAddress] {
        let bytes = Array(raw)
        var result: [MailAddress] = []
        var phrase: [UInt8] = []
        var comment: [UInt8] = []
        var angle: [UInt8]?
        var i = 0
        let n = bytes.count

        func finish() {
            defer { phrase.removeAll(); comment.removeAll(); angle = nil }
            var name: String?
            var email: String
            if let a = angle {
                email = cleanEmail(a)
                name = decodeName(phrase) ?? decodeName(comment)
            } else {
                let d = decodeName(phrase) ?? ""
                // Bare address: the phrase is the address itself.
                let tokens = d.split(whereSeparator: { $0 == " " || $0 == "\t" })
                guard let addr = tokens.first(where: { $0.contains("@") }) ?? (tokens.count == 1 ? tokens.first : nil) else { return }
                email = cleanEmail(Array(addr.utf8))
                name = decodeName(comment)
            }
            guard !email.isEmpty else { return }
            if let nm = name, nm.lowercased() == email || nm.isEmpty { name = nil }
            result.append(MailAddress(name: name, email: email))
        }

        while i < n {
            let b = bytes[i]
            switch b {
            case Byte.quote:
                i += 1
                while i < n, bytes[i] != Byte.quote {
                    if bytes[i] == Byte.backslash, i + 1 < n { i += 1 }
                    phrase.append(bytes[i])
                    i += 1
                }
                i += 1
            case Byte.lparen:
                var depth = 1
                i += 1
                while i < n, depth > 0 {
                    let c = bytes[i]
                    if c == Byte.backslash, i + 1 < n { i += 1; comment.append(bytes[i]) } else if c == Byte.lparen { depth += 1; comment.append(c) } else if c == Byte.rparen { depth -= 1; if depth > 0 { comment.append(c) } } else { comment.append(c) }
                    i += 1
                }
            case Byte.lt:
                var a: [UInt8] = []
                i += 1
                while i < n, bytes[i] != Byte.gt { a.append(bytes[i]); i += 1 }
                i += 1
                angle = a
            case Byte.comma, Byte.semicolon:
                finish()
                i += 1
            case Byte.colon where angle == nil && !phrase.contains(Byte.at):
                // "group name:" — the name is not a mailbox.
                phrase.removeAll()
                comment.removeAll()
                i += 1
            default:
                phrase.append(b)
                i += 1
            }
        }
        finish()
        return result
    }

    static func decodeName(_ bytes: [UInt8]) -> String? {
        guard !bytes.isEmpty else { return nil }
        let text = bytes.withUnsafeBufferPointer { EncodedWord.decode($0).text }
        let collapsed = text.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\r" || $0 == "\n" }).joined(separator: " ")
        return collapsed.isEmpty ? nil : collapsed
    }

    static func cleanEmail(_ bytes: [UInt8]) -> String {
        var s = String(decoding: bytes.filter { !isSpaceOrNewline($0) && $0 != Byte.quote }, as: UTF8.self).lowercased()
        if s.hasPrefix("mailto:") { s.removeFirst(7) }
        // Route syntax "@relay:user@host" is obsolete; the mailbox is after the colon.
        if s.hasPrefix("@"), let c = s.firstIndex(of: ":") { s = String(s[s.index(after: c)...]) }
        return s
    }
}
