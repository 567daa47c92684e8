/// Separates the fresh text of a reply or forward from the quoted history below it.
///
/// The cut is the first line that starts quoting: a `>` line, an "-----Original Message-----" /
/// "-------- Пересылаемое сообщение --------" / "Forwarded message" banner, an attribution line
/// ending in "wrote:" / "написал(а):" / "пишет:", or an Outlook "От:/From:" block followed by "Отправлено:/Sent:".
/// Everything from that line on is the quoted part. Top-posting is assumed; inline replies keep only their first chunk fresh.
public enum ReplyText {
    /// The fresh text and the quoted remainder (nil when nothing is quoted), both trimmed.
    public static func split(_ text: String) -> (fresh: String, quoted: String?) {
        let cut: Int? = text.withUTF8Buffer { firstQuoteLine($0) }
        guard let cut else { return (text.trimmedWhitespace, nil) }
        let u = text.utf8
        let i = u.index(u.startIndex, offsetBy: cut)
        let quoted = text[i...].trimmedWhitespace
        return (text[..<i].trimmedWhitespace, quoted.isEmpty ? nil : quoted)
    }

    static let banners = ["original message", "пересылаемое сообщение", "forwarded message", "исходное сообщение", "перенаправленное сообщение"]
    static let attributions = ["wrote:", "написал:", "написала:", "написал(а):", "пишет:", "writes:"]
    static let headerFollowers = ["отправлено:", "sent:", "дата:", "date:"]

    /// Byte offset of the first line that starts the quoted part.
    static func firstQuoteLine(_ buf: UnsafeBufferPointer<UInt8>) -> Int? {
        var result: Int?
        var previousFromLine: Int?
        buf.forEachTrimmedLine { line in
            guard result == nil, let first = line.first.map({ buf[$0] }) else { return }
            if first == Byte.gt { result = line.lowerBound; return }
            // Cheap filter before lowercasing: every other marker has '-' or ':'.
            let hasDash = buf.contains(Byte.dash, in: line)
            guard hasDash || buf.contains(Byte.colon, in: line) else { previousFromLine = nil; return }
            let lower = buf.string(line).lowercased()
            if let from = previousFromLine, headerFollowers.contains(where: { lower.hasPrefix($0) }) { result = from; return }
            previousFromLine = nil
            if hasDash, first == Byte.dash || first == Byte.underscore, banners.contains(where: { lower.contains($0) }) {
                result = line.lowerBound
                return
            }
            if attributions.contains(where: { lower.hasSuffix($0) }) { result = line.lowerBound; return }
            if lower.hasPrefix("от:") || lower.hasPrefix("from:") { previousFromLine = line.lowerBound }
        }
        return result
    }
}
