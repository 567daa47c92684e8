/// Text from the base as a terminal may show it. Names, titles and notes come from mail, web
/// forms and other people: a stored ESC sequence must not clear a manager's screen or rewrite
/// the table around it, so every control character is shown as its visible picture (`␛`, `␍`,
/// `␇`) instead of acting. Input refuses control characters; this covers what is already stored
/// and what arrives from elsewhere.
public enum TerminalText {
    /// `text` with its control characters made visible; with `multiline`, line feeds and tabs are
    /// kept as they are.
    public static func safe(_ text: String, multiline: Bool = false) -> String {
        guard text.unicodeScalars.contains(where: { acts($0, multiline: multiline) }) else { return text }
        var result = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            guard acts(scalar, multiline: multiline) else {
                result.append(scalar)
                continue
            }
            // U+2400 CONTROL PICTURES: ␀ … ␟ for C0, ␡ for DEL; the rest have no picture.
            let picture: UInt32 = scalar.value < 0x20 ? 0x2400 + scalar.value : scalar.value == 0x7F ? 0x2421 : 0xFFFD
            result.append(Unicode.Scalar(picture) ?? "?")
        }
        return String(result)
    }

    /// Whether a terminal would act on `scalar` rather than show it: C0, DEL, C1, the line and
    /// paragraph separators, and the bidirectional overrides that reorder what follows.
    private static func acts(_ scalar: Unicode.Scalar, multiline: Bool) -> Bool {
        switch scalar.value {
        case 0x0A, 0x09: !multiline
        case 0..<0x20, 0x7F...0x9F, 0x2028, 0x2029, 0x202A...0x202E, 0x2066...0x2069: true
        default: false
        }
    }
}
