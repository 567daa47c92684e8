public import Foundation
public import LeadexCore

/// A job the scheduler runs: its name (the ledger key and the journal's JOB=), when it is due,
/// and what it does. `run` returns a line for the ledger and the journal.
public struct ScheduledJob: Sendable {
    public enum Timing: Sendable {
        /// On a schedule; a missed slot runs once at start-up.
        case schedule(Schedule)
        /// When its data says so: `nextDue` answers with an indexed query (the earliest pending
        /// reminder), so the scheduler sleeps until exactly then.
        case whenDue(nextDue: @Sendable () async throws -> Date?)
    }

    public var name: String
    public var timing: Timing
    public var run: @Sendable (_ slot: Date, _ now: Date) async throws -> String

    public init(name: String, timing: Timing, run: @escaping @Sendable (_ slot: Date, _ now: Date) async throws -> String) {
        self.name = name
        self.timing = timing
        self.run = run
    }
}
