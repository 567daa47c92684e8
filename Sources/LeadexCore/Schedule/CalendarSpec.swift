/// A calendar event in the spirit of systemd's `OnCalendar=` (systemd.time(7)): optional weekdays,
/// a date, a time, each component `*`, a value, a list `1,15`, a range `Mon..Fri` / `9..18`, or a
/// repetition `*/15` / `0/30`. `Mon *-*-* 03:00`, `*-*-* 09:00`, `*:0/15`, `hourly`, `weekly`.
/// Times are wall-clock times of the configured zone (see `ZoneRules` for DST).
public struct CalendarSpec: Sendable, Hashable, CustomStringConvertible {
    /// The allowed values of one component, ascending; `nil` means any.
    public struct Field: Sendable, Hashable {
        public var values: [Int]?

        public static let any = Field(values: nil)
        public static func only(_ values: Int...) -> Field { Field(values: values) }

        func contains(_ value: Int) -> Bool { values.map { $0.contains(value) } ?? true }

        func candidates(in range: ClosedRange<Int>) -> [Int] {
            values.map { $0.filter(range.contains) } ?? Array(range)
        }
    }

    public var weekdays: Field
    public var year: Field
    public var month: Field
    public var day: Field
    public var hour: Field
    public var minute: Field
    public var second: Field
    /// The text it was parsed from, normalized, for logs and `leadexctl status`.
    public let text: String

    public var description: String { text }

    /// The first instant strictly after `date` that matches, or `nil` if none in the next 8 years
    /// (e.g. `2020-*-*`, or `*-02-30`).
    public func next(after date: Date, zone: ZoneRules) -> Date? {
        let start = zone.civil(date)
        let firstDay = CivilTime.dayNumber(year: start.year, month: start.month, day: start.day)
        for dayNumber in firstDay...(firstDay + 366 * 8) {
            let (y, m, d) = CivilTime.civil(fromDayNumber: dayNumber)
            let dayStart = CivilTime(year: y, month: m, day: d)
            guard year.contains(y), month.contains(m), day.contains(d), weekdays.contains(dayStart.weekday) else { continue }
            let sameDay = dayNumber == firstDay
            for h in hour.candidates(in: 0...23) where !sameDay || h >= start.hour {
                for mi in minute.candidates(in: 0...59) where !sameDay || h > start.hour || mi >= start.minute {
                    for s in second.candidates(in: 0...59) {
                        let instant = zone.instant(CivilTime(year: y, month: m, day: d, hour: h, minute: mi, second: s))
                        if instant > date { return instant }
                    }
                }
            }
        }
        return nil
    }
}

public import Foundation
