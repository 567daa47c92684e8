internal import Foundation

/// What text from people (a name, a title, a note) may hold. Control characters move a
/// terminal's cursor, clear its screen or ring its bell when someone else lists the exchange, so
/// they are refused at input; notes and texts keep their line breaks and tabs.
public enum TextInput {
    /// Whether `scalar` is a control character: C0 (U+0000–U+001F), DEL, C1 (U+0080–U+009F), and
    /// the line and paragraph separators, which terminals and mailers also break lines on.
    public static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value) || scalar.value == 0x2028 || scalar.value == 0x2029
    }

    /// The first control character in `text`; with `multiline`, line feeds and tabs are allowed.
    public static func firstControl(in text: String, multiline: Bool = false) -> Unicode.Scalar? {
        text.unicodeScalars.first { isControl($0) && !(multiline && ($0 == "\n" || $0 == "\t")) }
    }

    /// `text` with its line breaks and tabs folded into single spaces: a spreadsheet cell broken
    /// over two lines (Alt+Enter in Excel) is still one name.
    public static func oneLine(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: { $0 == "\n" || $0 == "\r" || $0 == "\t" }) else { return text }
        return text.split(whereSeparator: { $0 == "\n" || $0 == "\r\n" || $0 == "\r" || $0 == "\t" })
            .map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }.joined(separator: " ")
    }

    /// `U+001B`: how a refusal names the character without printing it.
    public static func codePoint(_ scalar: Unicode.Scalar) -> String {
        let hex = String(scalar.value, radix: 16, uppercase: true)
        return "U+" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
    }

    /// Why `text` cannot be `what` ("the name"), or `nil` when it has no control character it
    /// may not have.
    public static func problem(in text: String, what: String, multiline: Bool = false) -> String? {
        guard let scalar = firstControl(in: text, multiline: multiline) else { return nil }
        let allowed = multiline ? " (line breaks and tabs are allowed)" : ""
        return "\(what) contains the control character \(codePoint(scalar)): it would garble other people's terminals\(allowed)"
    }

    /// ``problem(in:what:multiline:)`` in Russian: "Имя содержит управляющий символ U+001B: он
    /// испортит другим терминал".
    public static func russianProblem(in text: String, what: String, multiline: Bool = false) -> String? {
        guard let scalar = firstControl(in: text, multiline: multiline) else { return nil }
        let names = [
            "the name": "Имя", "the phone": "Телефон", "the email": "Адрес почты", "the note": "Текст", "the reason": "Причина",
            "the stage": "Этап", "the user": "Пользователь", "the file name": "Имя файла", "the company": "Компания", "the amount": "Сумма",
        ]
        return "\(names[what] ?? what) содержит управляющий символ \(codePoint(scalar)): он испортит другим терминал"
            + (multiline ? " (переводы строк и табуляция допустимы)" : "")
    }
}
