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
    ///
    /// Comments (RFC 5322 3.2.2: nested, with quoted pairs, wherever CFWS may stand) are never part
    /// of an address or a display name: in a phrase one reads as a space, in an address as nothing.
    /// Only when a mailbox has no display name do its comments outside the address name the
    /// person — the old `addr (Name)` form.
    public static func parse(raw: some Collection<UInt8>) -> [MailAddress] {
        let bytes = Array(raw)
        var result: [MailAddress] = []
        // The bytes outside quotes, comments and angle brackets, comments left out: a bare address.
        var phrase: [UInt8] = []
        // The same with each comment read as a space: a display name.
        var spaced: [UInt8] = []
        var comments: [[UInt8]] = []
        // A comment between two characters of a bare address annotates it and names no one.
        var commentInsideAddress = false
        var commentEnd: Int?
        var angle: [UInt8]?
        var i = 0
        let n = bytes.count

        func finish() {
            defer {
                phrase.removeAll(); spaced.removeAll(); comments.removeAll()
                commentInsideAddress = false; commentEnd = nil; angle = nil
            }
            var name: String?
            var email: String
            let commentName = comments.isEmpty ? nil : decodeName(Array(comments.joined(separator: [Byte.space])))
            if let a = angle {
                email = cleanEmail(a)
                name = decodeName(spaced) ?? commentName
            } else {
                let d = decodeName(phrase) ?? ""
                // Bare address: the phrase is the address itself.
                let tokens = d.split(whereSeparator: { $0 == " " || $0 == "\t" })
                guard let addr = tokens.first(where: { $0.contains("@") }) ?? (tokens.count == 1 ? tokens.first : nil) else { return }
                email = cleanEmail(Array(addr.utf8))
                name = commentInsideAddress ? nil : commentName
            }
            guard !email.isEmpty else { return }
            if let nm = name, nm.lowercased() == email || nm.isEmpty { name = nil }
            result.append(MailAddress(name: name, email: email))
        }

        func append(_ b: UInt8) {
            if let end = commentEnd, end == phrase.count, let last = phrase.last, !isSpaceOrNewline(last), !isSpaceOrNewline(b) {
                commentInsideAddress = true
            }
            commentEnd = nil
            phrase.append(b)
            spaced.append(b)
        }

        while i < n {
            let b = bytes[i]
            switch b {
            case Byte.quote:
                i += 1
                while i < n, bytes[i] != Byte.quote {
                    if bytes[i] == Byte.backslash, i + 1 < n { i += 1 }
                    append(bytes[i])
                    i += 1
                }
                i += 1
            case Byte.lparen:
                var text: [UInt8] = []
                i = skipComment(bytes, from: i, into: &text)
                comments.append(text)
                spaced.append(Byte.space)
                commentEnd = phrase.count
            case Byte.lt:
                var a: [UInt8] = []
                i += 1
                while i < n, bytes[i] != Byte.gt {
                    switch bytes[i] {
                    case Byte.lparen:
                        // A comment inside the brackets annotates the address: dropped.
                        var ignored: [UInt8] = []
                        i = skipComment(bytes, from: i, into: &ignored)
                    case Byte.quote:
                        a.append(Byte.quote)
                        i += 1
                        while i < n, bytes[i] != Byte.quote {
                            if bytes[i] == Byte.backslash, i + 1 < n { i += 1 }
                            a.append(bytes[i])
                            i += 1
                        }
                        a.append(Byte.quote)
                        i += 1
                    default:
                        a.append(bytes[i])
                        i += 1
                    }
                }
                i += 1
                angle = a
            case Byte.comma, Byte.semicolon:
                finish()
                i += 1
            case Byte.colon where angle == nil && !phrase.contains(Byte.at):
                // "group name:" — the name is not a mailbox.
                phrase.removeAll()
                spaced.removeAll()
                comments.removeAll()
                commentEnd = nil
                i += 1
            default:
                append(b)
                i += 1
            }
        }
        finish()
        return result
    }

    /// Reads the comment opening at `start` (nested comments and quoted pairs included) into
    /// `text` without its outer parentheses; returns the index after it (the end when unclosed).
    static func skipComment(_ bytes: [UInt8], from start: Int, into text: inout [UInt8]) -> Int {
        var depth = 1
        var i = start + 1
        let n = bytes.count
        while i < n, depth > 0 {
            let c = bytes[i]
            if c == Byte.backslash, i + 1 < n {
                i += 1
                text.append(bytes[i])
            } else if c == Byte.lparen {
                depth += 1
                text.append(c)
            } else if c == Byte.rparen {
                depth -= 1
                if depth > 0 { text.append(c) }
            } else {
                text.append(c)
            }
            i += 1
        }
        return i
    }

    static func decodeName(_ bytes: [UInt8]) -> String? {
        guard !bytes.isEmpty else { return nil }
        let text = bytes.withUnsafeBufferPointer { EncodedWord.decode($0).text }
        let collapsed = text.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\r" || $0 == "\n" }).joined(separator: " ")
        return collapsed.isEmpty ? nil : collapsed
    }

    static func cleanEmail(_ bytes: [UInt8]) -> String {
        // Spaces, quotes and control characters are never part of a stored address.
        var s = String(decoding: bytes.filter { $0 > Byte.space && $0 != 0x7F && $0 != Byte.quote }, as: UTF8.self).lowercased()
        if s.hasPrefix("mailto:") { s.removeFirst(7) }
        // Route syntax "@relay:user@host" is obsolete; the mailbox is after the colon.
        if s.hasPrefix("@"), let c = s.firstIndex(of: ":") { s = String(s[s.index(after: c)...]) }
        return s
    }
}
