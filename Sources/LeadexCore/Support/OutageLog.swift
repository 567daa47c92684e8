public import Foundation

/// How a service loop reports something that keeps failing (a mailbox, a form feed, the job
/// ledger, the outbox), decided with no I/O: one warning when an incident starts, one error once
/// it has lasted past the alert threshold, a notice when it works again. Between those, repeated
/// failures say nothing: a full disk must not write the same line tens of thousands of times.
///
/// Times are the loop's clock (`Date`), so a loop on an injected clock is tested on a manual one;
/// a clock set backwards shortens an incident, never makes it negative.
public struct OutageLog: Sendable {
    public enum Entry: Equatable, Sendable {
        /// The first failure of an incident.
        case warning
        /// Still failing after this long: past the threshold, said once per incident.
        case error(after: Duration)
        /// Working again after failing this long.
        case recovered(after: Duration)
    }

    public let alertAfter: Duration
    private var start: Date?
    private var escalated = false

    public init(alertAfter: Duration) {
        self.alertAfter = alertAfter
    }

    /// A failed pass at `now`: what to log, if anything.
    public mutating func failed(at now: Date) -> Entry? {
        guard let start else {
            self.start = now
            return .warning
        }
        let lasted = Self.duration(from: start, to: now)
        guard !escalated, lasted > alertAfter else { return nil }
        escalated = true
        return .error(after: lasted)
    }

    /// A good pass at `now`: `.recovered` when it ends an incident.
    public mutating func succeeded(at now: Date) -> Entry? {
        defer {
            start = nil
            escalated = false
        }
        return start.map { .recovered(after: Self.duration(from: $0, to: now)) }
    }

    /// "6 h 13 min", "3 min", "45 s": hours and minutes as people count an outage (not "373 min
    /// 20 s"); seconds only while it is under a minute.
    public static func format(_ duration: Duration) -> String {
        let seconds = duration.components.seconds
        return seconds >= 60 ? DurationText.spoken(TimeInterval(seconds), .en) : "\(seconds) s"
    }

    private static func duration(from start: Date, to now: Date) -> Duration {
        // Whole milliseconds: a Date difference is a Double, converted only once known finite
        // and non-negative.
        let seconds = now.timeIntervalSince(start)
        guard seconds.isFinite, seconds > 0 else { return .zero }
        return .milliseconds(Int64(min(seconds, 1e12) * 1000))
    }
}
