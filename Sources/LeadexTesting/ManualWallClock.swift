public import Foundation
public import LeadexCore
internal import Synchronization

/// A wall clock that moves only when a test says so.
public final class ManualWallClock: WallClock {
    private let current: Mutex<Date>

    /// Starts at a fixed, readable moment (Monday 2026-11-23 09:00 Moscow time) unless told otherwise.
    public init(_ start: Date = Date(timeIntervalSince1970: 1_795_413_600)) {
        current = Mutex(start)
    }

    public func now() -> Date { current.withLock { $0 } }

    /// Moves the clock forward by `duration`.
    public func advance(by duration: Duration) {
        let seconds = Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
        current.withLock { $0 = $0.addingTimeInterval(seconds) }
    }

    public func set(_ date: Date) { current.withLock { $0 = date } }
}
