public import Foundation

/// The hours a sales department answers requests: `Mon..Fri 09:00-18:00`. A request that came
/// in at night has not been "waiting" until the morning.
public struct WorkingHours: Sendable, Hashable, CustomStringConvertible {
    public var weekdays: Set<Int>
    /// Minutes since midnight, start inclusive, end exclusive.
    public var start: Int
    public var end: Int

    public static let weekdays9to18 = WorkingHours(weekdays: Set(1...5), start: 9 * 60, end: 18 * 60)

    public init(weekdays: Set<Int>, start: Int, end: Int) {
        self.weekdays = weekdays
        self.start = start
        self.end = end
    }

    public init(parsing text: String) throws(CalendarSpec.ParseError) {
        let words = text.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
        guard words.count == 2 else { throw CalendarSpec.ParseError(message: "working hours must look like \"Mon..Fri 09:00-18:00\", found '\(text)'") }
        let days = try CalendarSpec(parsing: words[0] + " *-*-* 00:00").weekdays.values ?? Array(1...7)
        let bounds = words[1].split(separator: "-").map { part -> Int? in
            let hm = part.split(separator: ":")
            guard hm.count == 2, let h = Int(hm[0]), let m = Int(hm[1]), (0...24).contains(h), (0...59).contains(m) else { return nil }
            return h * 60 + m
        }
        guard bounds.count == 2, let from = bounds[0], let to = bounds[1], from < to, to <= 24 * 60 else {
            throw CalendarSpec.ParseError(message: "working hours '\(words[1])' must be HH:MM-HH:MM with the start before the end")
        }
        self.init(weekdays: Set(days), start: from, end: to)
    }

    public var description: String {
        func hm(_ minutes: Int) -> String { String(format: "%02d:%02d", minutes / 60, minutes % 60) }
        let names = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
        return weekdays.sorted().map { names[$0 - 1] }.joined(separator: ",") + " \(hm(start))-\(hm(end))"
    }

    /// Working seconds between `from` and `to` on the clocks of `zone`.
    public func workingSeconds(from: Date, to: Date, zone: ZoneRules) -> TimeInterval {
        guard to > from else { return 0 }
        var total: TimeInterval = 0
        var day = zone.civil(from)
        day = CivilTime(year: day.year, month: day.month, day: day.day)
        // At most a few weeks of days are ever walked: alerts fire within working hours.
        for _ in 0..<400 {
            let opens = zone.instant(CivilTime(localSeconds: day.localSeconds + Int64(start * 60)))
            let closes = zone.instant(CivilTime(localSeconds: day.localSeconds + Int64(end * 60)))
            if opens >= to { break }
            if weekdays.contains(day.weekday) {
                let overlap = min(closes, to).timeIntervalSince(max(opens, from))
                if overlap > 0 { total += overlap }
            }
            day = CivilTime(localSeconds: day.localSeconds + 86_400)
        }
        return total
    }
}
