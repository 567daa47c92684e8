public import Foundation
public import LeadexCore

/// The machine's wall clock, sleeping with `Task.sleep`. A sleep is cut into hour-long pieces
/// re-checked against the wall clock, so a clock set by NTP or by hand is noticed within an hour.
public struct SystemSleepingClock: SleepingClock {
    public init() {}

    public func now() -> Date { Date() }

    public func sleep(until deadline: Date) async throws {
        while true {
            let remaining = deadline.timeIntervalSinceNow
            if remaining <= 0 { return }
            try await Task.sleep(for: .milliseconds(Int64(min(remaining, 3600) * 1000) + 1))
        }
    }
}
