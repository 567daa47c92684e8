public import Foundation

/// Whether a form that normally gets requests has gone quiet, decided with no I/O. A form's
/// quiet period is configured, or learned from its own history: twice the longest gap between
/// requests over the last four weeks (a weekend included), once there are enough of them.
public enum SilenceWatch {
    /// How far back the learning looks.
    public static let history: Duration = .seconds(28 * 86_400)
    /// Fewer distinct arrivals than this: the form has no rhythm to learn yet.
    public static let minimumArrivals = 8
    static let shortest: Duration = .seconds(3600)
    static let longest: Duration = .seconds(14 * 86_400)

    /// The quiet period learned from arrival times (oldest first), or `nil` without enough history.
    public static func learnedQuietPeriod(_ arrivals: [Date]) -> Duration? {
        guard arrivals.count >= minimumArrivals else { return nil }
        var longestGap: TimeInterval = 0
        for (earlier, later) in zip(arrivals, arrivals.dropFirst()) {
            longestGap = max(longestGap, later.timeIntervalSince(earlier))
        }
        let learned = Duration.seconds(Int64(longestGap * 2))
        return min(max(learned, shortest), longest)
    }

    public enum Action: Sendable, Hashable {
        /// Quiet for longer than its period: flag it (it was not yet).
        case flag
        /// Flagged, and requests arrive again: clear the flag.
        case clear
        case none
    }

    /// - Parameters:
    ///   - last: the last real request (nil: never one, nothing to watch).
    ///   - period: the quiet period in force (nil: none known).
    ///   - flagged: whether the form is flagged silent now.
    public static func decide(last: Date?, period: Duration?, flagged: Bool, now: Date) -> Action {
        guard let last, let period else { return flagged ? .clear : .none }
        let quiet = now.timeIntervalSince(last) > TimeInterval(period.components.seconds)
        switch (quiet, flagged) {
        case (true, false): return .flag
        case (false, true): return .clear
        default: return .none
        }
    }
}
