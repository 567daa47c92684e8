public import Foundation

/// Where every rule and job reads "now" from, so tests can set the time.
///
/// Wall time is what is stored and shown (when a lead arrived, when a stage was entered); intervals
/// that only measure elapsed time use a monotonic `Clock` instead.
public protocol WallClock: Sendable {
    func now() -> Date
}

/// The machine's real time.
public struct SystemWallClock: WallClock {
    public init() {}
    public func now() -> Date { Date() }
}
