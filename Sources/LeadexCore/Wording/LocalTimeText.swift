public import Foundation

/// Instants as people read them on the department's clocks, to the minute: "сегодня 10:04",
/// "вчера 18:30", "8 дек, 10:04", "8 дек 2025, 10:04" (another year); "today 10:04", "8 Dec, 10:04".
public struct LocalTimeText: Sendable {
    public let zone: ZoneRules
    public let language: TextLanguage

    public init(zone: ZoneRules, language: TextLanguage) {
        self.zone = zone
        self.language = language
    }

    private static let russianMonths = ["янв", "фев", "мар", "апр", "мая", "июн", "июл", "авг", "сен", "окт", "ноя", "дек"]
    private static let englishMonths = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    /// `date` relative to `now` when it is today or yesterday on the local clocks; the day and
    /// month otherwise (with the year when it is not `now`'s). Without `now`, always the date.
    public func format(_ date: Date, now: Date? = nil) -> String {
        let civil = zone.civil(date)
        let clock = Self.two(civil.hour) + ":" + Self.two(civil.minute)
        if let now {
            let today = zone.civil(now)
            let days = Self.dayNumber(today) - Self.dayNumber(civil)
            if days == 0 { return (language == .ru ? "сегодня " : "today ") + clock }
            if days == 1 { return (language == .ru ? "вчера " : "yesterday ") + clock }
            if today.year == civil.year { return day(civil) + ", " + clock }
            return day(civil) + " \(civil.year), " + clock
        }
        return day(civil) + " \(civil.year), " + clock
    }

    /// "8 дек" / "8 Dec".
    public func day(_ civil: CivilTime) -> String {
        let months = language == .ru ? Self.russianMonths : Self.englishMonths
        let month = (1...12).contains(civil.month) ? months[civil.month - 1] : "\(civil.month)"
        return "\(civil.day) \(month)"
    }

    /// "8 дек – 14 дек 2026" for a report's period `[since, until)`: the last day shown is the
    /// one before `until` when the period ends at midnight.
    public func period(since: Date, until: Date) -> String {
        let first = zone.civil(since)
        var last = zone.civil(until)
        if last.hour == 0 && last.minute == 0 && until > since { last = zone.civil(until.addingTimeInterval(-1)) }
        return day(first) + (first.year == last.year ? "" : " \(first.year)") + " – " + day(last) + " \(last.year)"
    }

    private static func dayNumber(_ civil: CivilTime) -> Int {
        CivilTime.dayNumber(year: civil.year, month: civil.month, day: civil.day)
    }

    private static func two(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
}
