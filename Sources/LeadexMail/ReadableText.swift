/// Text from mail ends up on people's screens and terminals: a control character in it could
/// clear a screen, recolour a table or hide a line. What a lead keeps of a mail is cleaned here.
enum ReadableText {
    /// C0 controls, DEL and C1 controls (Unicode category Cc).
    @inline(__always) static func isControl(_ value: UInt32) -> Bool {
        value < 0x20 || value == 0x7F || (value &- 0x80) < 0x20
    }

    /// One line (a title, a name): control characters and line breaks become spaces, runs collapse.
    static func line(_ value: String) -> String { HeaderEncoding.sanitize(value) }

    /// Multi-line text: CR and CRLF become LF, LF and tab stay, every other control character is dropped.
    static func text(_ value: String) -> String {
        guard value.withUTF8Buffer(containsControl) else { return value }
        var result = String.UnicodeScalarView()
        var lastWasCR = false
        for scalar in value.unicodeScalars {
            let v = scalar.value
            defer { lastWasCR = v == 0x0D }
            if v == 0x0A && lastWasCR { continue }
            if v == 0x0D { result.append("\n"); continue }
            if isControl(v) && v != 0x0A && v != 0x09 { continue }
            result.append(scalar)
        }
        return String(result)
    }

    /// A byte scan that lets the usual clean text through without building a new string.
    static func containsControl(_ utf8: UnsafeBufferPointer<UInt8>) -> Bool {
        var i = 0
        let n = utf8.count
        while i < n {
            let b = utf8[i]
            if b < 0x20 && b != 0x0A && b != 0x09 || b == 0x7F { return true }
            // C1 controls are U+0080…U+009F: 0xC2 0x80…0x9F in UTF-8.
            if b == 0xC2, i + 1 < n, (utf8[i + 1] &- 0x80) < 0x20 { return true }
            i += 1
        }
        return false
    }
}
