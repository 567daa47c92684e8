public import Foundation

/// When a job runs: on calendar events, or every fixed interval. Parsed from config text:
/// `every 5m`, `every 1h30m`, or any `CalendarSpec` (`Mon *-*-* 03:00`, `hourly`).
public enum Schedule: Sendable, Hashable, CustomStringConvertible {
    case calendar(CalendarSpec)
    /// Slots are multiples of the interval counted from the Unix epoch, so they stay the same
    /// across restarts and a slot can be named in the job ledger.
    case every(Duration)

    public init(parsing text: String) throws(CalendarSpec.ParseError) {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if trimmed.lowercased().hasPrefix("every ") {
            let amount = String(trimmed.dropFirst("every ".count)).trimmingCharacters(in: .whitespaces)
            guard let duration = DurationText.parse(amount), duration >= .seconds(1) else {
                throw CalendarSpec.ParseError(message: "'\(amount)' is not an interval like 30s, 5m, 2h, 1d or 1h30m")
            }
            self = .every(duration)
        } else {
            self = .calendar(try CalendarSpec(parsing: trimmed))
        }
    }

    public var description: String {
        switch self {
        case .calendar(let spec): spec.text
        case .every(let interval): "every \(interval.components.seconds)s"
        }
    }

    /// The first slot strictly after `date`.
    public func next(after date: Date, zone: ZoneRules) -> Date? {
        switch self {
        case .calendar(let spec):
            return spec.next(after: date, zone: zone)
        case .every(let interval):
            let step = Double(interval.components.seconds)
            return Date(timeIntervalSince1970: ((date.timeIntervalSince1970 / step).rounded(.down) + 1) * step)
        }
    }

    /// The latest slot in `(after, now]`, if any: what a catch-up run stands for. A week of
    /// downtime yields one slot, not one per missed event.
    public func latestSlot(after: Date, upTo now: Date, zone: ZoneRules) -> Date? {
        switch self {
        case .every(let interval):
            let step = Double(interval.components.seconds)
            let slot = Date(timeIntervalSince1970: (now.timeIntervalSince1970 / step).rounded(.down) * step)
            return slot > after ? slot : nil
        case .calendar(let spec):
            // Look back over growing windows so that a minutely job after a year of downtime and
            // a yearly job after a day both take a handful of steps.
            for days in [0, 1, 8, 32, 367, 8 * 367] {
                let window = TimeInterval(max(days * 86_400, 3_600))
                let from = max(after, now.addingTimeInterval(-window))
                guard var slot = spec.next(after: from, zone: zone), slot <= now else {
                    if from == after { return nil }
                    continue
                }
                while let next = spec.next(after: slot, zone: zone), next <= now { slot = next }
                return slot
            }
            return nil
        }
    }
}
