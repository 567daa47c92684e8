public import Foundation
internal import GRDB

/// What the job ledger knows of one job: its last claimed slot and how its last run ended.
public struct JobRunRecord: Sendable, Hashable {
    public enum Outcome: String, Sendable {
        case running, ok, failed, interrupted
    }

    public var job: String
    public var slot: Date
    public var startedAt: Date
    public var finishedAt: Date?
    public var outcome: Outcome
    public var detail: String?
}

/// The persistent record of job runs. A slot is claimed with an INSERT that the UNIQUE(job, slot)
/// constraint lets succeed once, so no slot runs twice across restarts, crashes, or two daemons
/// pointed at one file by mistake.
public struct JobLedger: Sendable {
    let database: LeadexDatabase

    public init(database: LeadexDatabase) { self.database = database }

    /// Claims `slot` of `job`; `false` when it was claimed before.
    public func claim(job: String, slot: Date, at now: Date) async throws -> Bool {
        try await database.pool.write { db in
            try db.execute(
                sql: "INSERT OR IGNORE INTO job_run (job, slot, started_at, outcome) VALUES (?, ?, ?, 'running')",
                arguments: [job, StoredTime.text(slot), StoredTime.text(now)])
            return db.changesCount == 1
        }
    }

    public func finish(job: String, slot: Date, at now: Date, failed: Bool, detail: String?) async throws {
        try await database.pool.write { db in
            try db.execute(
                sql: "UPDATE job_run SET outcome = ?, finished_at = ?, detail = ? WHERE job = ? AND slot = ?",
                arguments: [failed ? "failed" : "ok", StoredTime.text(now), detail, job, StoredTime.text(slot)])
        }
    }

    /// Runs left 'running' by a crash or kill: marked interrupted (and not run again). Returns them.
    public func markInterrupted(at now: Date) async throws -> [JobRunRecord] {
        try await database.pool.write { db in
            let rows = try Self.fetch(db, where: "outcome = 'running'")
            try db.execute(
                sql: "UPDATE job_run SET outcome = 'interrupted', finished_at = ?, detail = 'the daemon stopped during the run' WHERE outcome = 'running'",
                arguments: [StoredTime.text(now)])
            return rows
        }
    }

    /// The latest run of each job, for the scheduler's start-up and `leadexctl status`.
    public func latestRuns() async throws -> [String: JobRunRecord] {
        try await database.pool.read { db in
            let rows = try Self.fetch(db, where: "id IN (SELECT max(id) FROM job_run GROUP BY job)")
            return Dictionary(rows.map { ($0.job, $0) }, uniquingKeysWith: { $1 })
        }
    }

    /// The latest slot claimed for each job (what the next slot is computed from).
    public func latestSlots() async throws -> [String: Date] {
        try await database.pool.read { db in
            let rows = try Row.fetchAll(db, sql: "SELECT job, max(slot) AS slot FROM job_run GROUP BY job")
            return Dictionary(rows.map { ($0["job"] as String, $0["slot"] as Date) }, uniquingKeysWith: { $1 })
        }
    }

    /// When the scheduler started watching each of `jobs`: recorded as `now` for a job seen for
    /// the first time, kept as it was for the others. A job's missed slots are counted from
    /// then until it has run once, across restarts.
    public func watchingSince(_ jobs: [String], now: Date) async throws -> [String: Date] {
        guard !jobs.isEmpty else { return [:] }
        return try await database.pool.write { db in
            for job in jobs {
                try db.execute(
                    sql: "INSERT OR IGNORE INTO job_watch (job, since) VALUES (?, ?)", arguments: [job, StoredTime.text(now)])
            }
            let rows = try Row.fetchAll(db, sql: "SELECT job, since FROM job_watch")
            return Dictionary(rows.map { ($0["job"] as String, $0["since"] as Date) }, uniquingKeysWith: { $1 })
        }
    }

    /// Every run of `job`, oldest first.
    public func runs(of job: String) async throws -> [JobRunRecord] {
        try await database.pool.read { db in try Self.fetch(db, where: "job = ?", arguments: [job]) }
    }

    private static func fetch(_ db: Database, where condition: String, arguments: StatementArguments = []) throws -> [JobRunRecord] {
        try Row.fetchAll(db, sql: "SELECT * FROM job_run WHERE \(condition) ORDER BY id", arguments: arguments).map { row in
            JobRunRecord(
                job: row["job"], slot: row["slot"], startedAt: row["started_at"], finishedAt: row["finished_at"],
                outcome: JobRunRecord.Outcome(rawValue: row["outcome"]) ?? .failed, detail: row["detail"])
        }
    }
}
