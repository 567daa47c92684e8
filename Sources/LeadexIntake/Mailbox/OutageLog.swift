/// How a poller reports a source (mailbox, form feed) that keeps failing, decided with no I/O:
/// one warning when an incident starts, one error once it has lasted past the alert threshold,
/// a notice when the source works again.
struct OutageLog {
    enum Entry: Equatable {
        /// The first failure of an incident.
        case warning
        /// Still failing after this long: past the threshold, said once per incident.
        case error(after: Duration)
        /// Working again after failing this long.
        case recovered(after: Duration)
    }

    let alertAfter: Duration
    private var start: ContinuousClock.Instant?
    private var escalated = false

    init(alertAfter: Duration) {
        self.alertAfter = alertAfter
    }

    /// A failed pass at `now`: what to log, if anything.
    mutating func failed(at now: ContinuousClock.Instant) -> Entry? {
        guard let start else {
            self.start = now
            return .warning
        }
        guard !escalated, start.duration(to: now) > alertAfter else { return nil }
        escalated = true
        return .error(after: start.duration(to: now))
    }

    /// A good pass at `now`: `.recovered` when it ends an incident.
    mutating func succeeded(at now: ContinuousClock.Instant) -> Entry? {
        defer {
            start = nil
            escalated = false
        }
        return start.map { .recovered(after: $0.duration(to: now)) }
    }

    /// "3 min 20 s", "45 s".
    static func format(_ duration: Duration) -> String {
        let seconds = duration.components.seconds
        return seconds >= 60 ? "\(seconds / 60) min \(seconds % 60) s" : "\(seconds) s"
    }
}
