public import Foundation

/// A wall clock that can also wait for a moment: what the scheduler and the outbox sender sleep
/// on. Tests pass a manual one and move time by hand; nothing waits for real time in them.
public protocol SleepingClock: WallClock {
    /// Returns at `deadline` (or at once if it has passed); throws `CancellationError` when the
    /// task is cancelled first.
    func sleep(until deadline: Date) async throws
}
