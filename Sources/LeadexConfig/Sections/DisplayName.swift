internal import Foundation

extension ConfigReader.Section {
    /// Longest `display_name`: it stands in table cells, mail subjects and the report.
    static let displayNameLimit = 80

    /// `display_name`: what people read for a mailbox or form instead of "Почта NAME". One line
    /// of at most 80 characters, not blank; a problem at its FILE:LINE otherwise.
    func displayName() -> String? {
        guard let raw = string("display_name") else { return nil }
        let key = qualified("display_name")
        let text = raw.trimmingCharacters(in: .whitespaces)
        if text.isEmpty {
            problem("display_name", "'\(key)' is empty: leave it out to show the name as it is")
            return nil
        }
        if text.unicodeScalars.contains(where: { $0.properties.generalCategory == .control || $0.properties.generalCategory == .lineSeparator || $0.properties.generalCategory == .paragraphSeparator }) {
            problem("display_name", "'\(key)' must be one line of text, without line breaks or control characters")
            return nil
        }
        if text.count > Self.displayNameLimit {
            problem("display_name", "'\(key)' is \(text.count) characters long: at most \(Self.displayNameLimit), it is shown in tables and mail subjects")
            return nil
        }
        return text
    }
}
