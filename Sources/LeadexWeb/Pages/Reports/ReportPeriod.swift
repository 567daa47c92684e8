internal import Foundation
internal import LeadexCore

/// A report's period as the page's address gives it: `from` and `to`, local days `YYYY-MM-DD`,
/// both included. Without them, the last 7 days to today. Anything else is refused: a date
/// that is not one, `from` after `to`, more than a year.
struct ReportPeriod: Equatable {
    var from: CivilTime
    var to: CivilTime

    static let longestDays = 366

    /// The period of `from`/`to`, or `nil` when they are not a period; missing ones default.
    static func parse(from: String?, to: String?, today: CivilTime) -> ReportPeriod? {
        let day = CivilTime(year: today.year, month: today.month, day: today.day)
        let last = to.map(Self.day) ?? day
        guard let last else { return nil }
        let first = from.map(Self.day) ?? CivilTime(localSeconds: last.localSeconds - 6 * 86_400)
        guard let first, first.localSeconds <= last.localSeconds,
            (last.localSeconds - first.localSeconds) / 86_400 < Int64(longestDays)
        else { return nil }
        return ReportPeriod(from: first, to: last)
    }

    /// `2026-11-23` as a day, or `nil`.
    static func day(_ text: String) -> CivilTime? {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard text.count == 10, parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
            parts.allSatisfy({ $0.allSatisfy { $0.isASCII && $0.isNumber } }),
            let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2]),
            (1970...9998).contains(year), (1...12).contains(month), (1...CivilTime.daysInMonth(year: year, month: month)).contains(day)
        else { return nil }
        return CivilTime(year: year, month: month, day: day)
    }

    /// `[since, until)` in `zone`: from the first day's midnight to the midnight after the last.
    func instants(_ zone: ZoneRules) -> (since: Date, until: Date) {
        (zone.instant(from), zone.instant(CivilTime(localSeconds: to.localSeconds + 86_400)))
    }

    /// `YYYY-MM-DD`, as the date fields take it.
    static func text(_ day: CivilTime) -> String {
        func two(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
        return "\(day.year)-\(two(day.month))-\(two(day.day))"
    }
}
