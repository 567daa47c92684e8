public import Foundation
internal import Synchronization

/// Slows guessing without locking anyone out: after a few failures for one account (or from one
/// client address) the next attempt must wait, twice as long after each further failure, capped
/// at a minute. A throttled attempt is answered without checking the password. No number of
/// failures shuts an account for longer than the cap, so no one can lock a colleague out; the
/// address limit is higher, since an office's managers share one address.
///
/// A value type: tests drive it with dates, no clock.
struct LoginThrottle: Sendable {
    struct Limits: Sendable {
        /// Failures allowed before waits begin.
        var freeFailures: Int
        var firstDelay: TimeInterval = 1
        var maximumDelay: TimeInterval = 60
        /// Failures older than this are forgotten.
        var memory: TimeInterval = 15 * 60
    }

    enum Key: Hashable, Sendable {
        case account(String)
        case address(String)
    }

    private struct Record: Sendable {
        var failures: Int
        var last: Date
    }

    static let accountLimits = Limits(freeFailures: 3)
    static let addressLimits = Limits(freeFailures: 10)
    /// Beyond this many keys the oldest are dropped: a flood of made-up logins cannot grow memory.
    static let capacity = 10_000

    private var records: [Key: Record] = [:]

    /// How many keys are remembered.
    var count: Int { records.count }

    private static func limits(_ key: Key) -> Limits {
        switch key {
        case .account: accountLimits
        case .address: addressLimits
        }
    }

    /// Seconds to wait before `keys` may try again at `now`; `nil` when they may try now.
    func wait(_ keys: [Key], now: Date) -> TimeInterval? {
        let waits = keys.compactMap { key -> TimeInterval? in
            guard let record = records[key] else { return nil }
            let limits = Self.limits(key)
            guard now.timeIntervalSince(record.last) < limits.memory else { return nil }
            let over = record.failures - limits.freeFailures
            guard over >= 0 else { return nil }
            // 2^over, computed without overflow: the cap is reached long before 2^63.
            let delay = min(limits.maximumDelay, limits.firstDelay * pow(2, Double(min(over, 30))))
            let remaining = record.last.addingTimeInterval(delay).timeIntervalSince(now)
            return remaining > 0 ? remaining : nil
        }
        return waits.max()
    }

    mutating func failed(_ keys: [Key], now: Date) {
        for key in keys {
            var record = records[key] ?? Record(failures: 0, last: now)
            if now.timeIntervalSince(record.last) >= Self.limits(key).memory { record.failures = 0 }
            record.failures += 1
            record.last = now
            records[key] = record
        }
        if records.count > Self.capacity {
            // Down to nine tenths at once: a flood sorts the table once per thousand attempts.
            let oldest = records.sorted { $0.value.last < $1.value.last }.prefix(records.count - Self.capacity * 9 / 10)
            for (key, _) in oldest { records[key] = nil }
        }
    }

    /// A successful login clears its account's failures (not its address's: a guesser with an
    /// account of their own must not reset the address limit by logging in).
    mutating func succeeded(account: String) { records[.account(account)] = nil }
}

/// The workspace's one throttle, shared by every login request.
final class SharedLoginThrottle: Sendable {
    private let state = Mutex(LoginThrottle())

    func withLock<T: Sendable>(_ body: (inout LoginThrottle) -> T) -> T { state.withLock { body(&$0) } }
}
