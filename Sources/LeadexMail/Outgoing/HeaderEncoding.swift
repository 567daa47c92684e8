/// Header values for outgoing mail: never a line break from data (no header injection, whatever
/// a lead's name contains), and non-ASCII text as RFC 2047 encoded words.
public enum HeaderEncoding {
    /// Control characters (CR and LF above all) become spaces; runs of whitespace collapse.
    public static func sanitize(_ value: String) -> String {
        var result = ""
        var lastWasSpace = false
        for scalar in value.unicodeScalars {
            let isSpace = ReadableText.isControl(scalar.value) || scalar == " " || scalar == "\u{2028}" || scalar == "\u{2029}"
            if isSpace {
                if !lastWasSpace && !result.isEmpty { result.append(" ") }
                lastWasSpace = true
            } else {
                result.unicodeScalars.append(scalar)
                lastWasSpace = false
            }
        }
        return lastWasSpace ? String(result.dropLast()) : result
    }

    /// An unstructured value (Subject): as is when plain ASCII, else `=?UTF-8?B?…?=` words of at
    /// most 75 characters, split between characters, folded onto continuation lines.
    public static func unstructured(_ value: String) -> String {
        let clean = sanitize(value)
        guard clean.utf8.contains(where: { $0 >= 0x80 }) || clean.contains("=?") else { return clean }
        return encodedWords(clean).joined(separator: "\r\n ")
    }

    /// A display name in an address: quoted when it holds specials, encoded when not ASCII.
    public static func phrase(_ value: String) -> String {
        let clean = sanitize(value)
        if clean.utf8.contains(where: { $0 >= 0x80 }) { return encodedWords(clean).joined(separator: "\r\n ") }
        let specials = Set("()<>[]:;@\\,.\"")
        guard clean.contains(where: { specials.contains($0) }) else { return clean }
        return "\"" + clean.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
    }

    /// `Name <address>`; the address itself must be plain (it is checked by config).
    public static func mailbox(name: String?, address: String) -> String {
        let address = sanitize(address).filter { $0 != "<" && $0 != ">" && $0 != " " }
        guard let name, !sanitize(name).isEmpty else { return "<\(address)>" }
        return "\(phrase(name)) <\(address)>"
    }

    private static func encodedWords(_ text: String) -> [String] {
        // 75 - "=?UTF-8?B?".count - "?=".count = 63 characters of base64, i.e. 45 bytes. Words
        // break between scalars, so each holds whole UTF-8 characters (RFC 2047 §5).
        var words: [String] = []
        var chunk: [UInt8] = []
        chunk.reserveCapacity(48)
        for scalar in text.unicodeScalars {
            let width = scalar.value < 0x80 ? 1 : scalar.value < 0x800 ? 2 : scalar.value < 0x10000 ? 3 : 4
            if chunk.count + width > 45 && !chunk.isEmpty {
                words.append(word(chunk))
                chunk.removeAll(keepingCapacity: true)
            }
            UTF8.encode(scalar) { chunk.append($0) }
        }
        if !chunk.isEmpty { words.append(word(chunk)) }
        return words
    }

    private static func word(_ bytes: [UInt8]) -> String {
        "=?UTF-8?B?" + String(decoding: Base64Encoder.encode(bytes, lineLength: 0), as: UTF8.self) + "?="
    }
}

extension String {
    fileprivate func replacingOccurrences(of target: String, with replacement: String) -> String {
        split(separator: Character(target), omittingEmptySubsequences: false).joined(separator: replacement)
    }
}
