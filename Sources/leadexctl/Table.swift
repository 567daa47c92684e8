import Foundation
import LeadexControlAPI

/// A plain-text table: a header row, columns padded to their widest cell (by characters, so
/// Cyrillic lines up), two spaces between.
struct Table {
    var header: [String]
    var rows: [[String]] = []

    init(_ header: String...) { self.header = header }

    /// Cells are one line each and never act on the terminal, whatever mail or a form put in them.
    mutating func add(_ cells: String...) { rows.append(cells.map { TerminalText.safe($0) }) }

    var text: String {
        let all = [header] + rows
        let widths = header.indices.map { column in all.map { $0.indices.contains(column) ? $0[column].count : 0 }.max() ?? 0 }
        return all.map { row in
            row.enumerated().map { index, cell in
                index == row.count - 1 ? cell : cell.padding(toLength: widths[index], withPad: " ", startingAt: 0)
            }.joined(separator: "  ")
        }.joined(separator: "\n")
    }
}

enum Format {
    /// "3d 4h", "2h 10m", "5m": how long ago, or how long something has been in a stage.
    static func age(since date: Date, now: Date = Date()) -> String {
        // Clamped before the conversion: a time from the daemon is data, and Int(_:) traps.
        let interval = now.timeIntervalSince(date)
        let seconds = interval.isNaN ? 0 : Int(min(max(0, interval), 1e12).rounded(.down))
        let (days, hours, minutes) = (seconds / 86_400, seconds % 86_400 / 3600, seconds % 3600 / 60)
        if days > 0 { return "\(days)d \(hours)h" }
        if hours > 0 { return "\(hours)h \(minutes)m" }
        return "\(minutes)m"
    }

    /// Local wall time, "2026-11-30 14:05".
    static func time(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.dateFormat = "yyyy-MM-dd HH:mm"
        return formatter.string(from: date)
    }

    static func status(_ lead: LeadSummary) -> String {
        var text = lead.status
        if let owner = lead.owner { text += " (\(owner))" }
        if lead.keep { text += " keep" }
        if let reason = lead.reason { text += ": \(reason)" }
        return text
    }

    /// "42%", or "-" for a ratio that is not a number.
    static func percent(_ ratio: Double) -> String {
        let value = ratio * 100
        return value.isFinite && abs(value) < 1e12 ? "\(Int(value.rounded()))%" : "-"
    }

    static func leads(_ leads: [LeadSummary], empty: String) -> String {
        guard !leads.isEmpty else { return empty }
        var table = Table("ID", "AGE", "SOURCE", "STAGE", "IN STAGE", "STATUS", "TITLE")
        for lead in leads {
            table.add(
                "\(lead.id)", age(since: lead.createdAt), lead.source, lead.stageTitle, age(since: lead.stageEnteredAt), status(lead),
                String(lead.title.prefix(60)))
        }
        return table.text
    }
}
