public import Logging

/// How a log event becomes journal fields: the part of the handler with no I/O, tested alone.
public enum JournalFields {
    /// A swift-log metadata key as a journal field name: upper-case letters, digits and `_`,
    /// not starting with `_` or a digit (those are trusted or invalid in the journal), at most
    /// 64 characters. `lead_id` becomes `LEAD_ID`, `user.name` becomes `USER_NAME`.
    public static func fieldName(_ key: String) -> String? {
        var name = ""
        for scalar in key.unicodeScalars {
            switch scalar {
            case "a"..."z": name.unicodeScalars.append(Unicode.Scalar(scalar.value - 32)!)
            case "A"..."Z", "0"..."9": name.unicodeScalars.append(scalar)
            default: name.append("_")
            }
        }
        while let first = name.first, first == "_" || first.isNumber { name.removeFirst() }
        guard !name.isEmpty else { return nil }
        return String(name.prefix(64))
    }

    /// syslog(3) priorities, as `PRIORITY=` wants them.
    public static func priority(_ level: Logger.Level) -> Int {
        switch level {
        case .trace, .debug: 7
        case .info: 6
        case .notice: 5
        case .warning: 4
        case .error: 3
        case .critical: 2
        }
    }

    /// Metadata keys that carry a client's personal data. Their values are replaced at info level
    /// and above unless the admin allows them (`log.personal_data`).
    public static let personalKeys: Set<String> = ["phone", "email", "contact_name", "name", "from", "to", "reply_to"]

    public static let redacted = "[redacted]"

    /// Everything one event sends, in order: MESSAGE, PRIORITY, SYSLOG_IDENTIFIER, code location,
    /// then the metadata fields. Fields the journal reserves are never overwritten by metadata.
    public static func fields(
        for event: LogEvent, metadata: Logger.Metadata, identifier: String, label: String, personalData: Bool
    ) -> [(String, String)] {
        var fields: [(String, String)] = [
            ("MESSAGE", "\(event.message)"),
            ("PRIORITY", String(priority(event.level))),
            ("SYSLOG_IDENTIFIER", identifier),
            ("CODE_FILE", event.file),
            ("CODE_LINE", String(event.line)),
            ("CODE_FUNC", event.function),
            ("LOGGER", label),
        ]
        let reserved = Set(fields.map(\.0))
        let hidePersonal = !personalData && event.level >= .info
        for (key, value) in metadata.sorted(by: { $0.key < $1.key }) {
            guard let name = fieldName(key), !reserved.contains(name) else { continue }
            let text = hidePersonal && personalKeys.contains(key.lowercased()) ? redacted : "\(value)"
            fields.append((name, text))
        }
        return fields
    }
}
