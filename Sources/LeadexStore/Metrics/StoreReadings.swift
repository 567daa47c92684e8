public import Foundation
internal import GRDB

/// The state Prometheus's gauges show, read in one read transaction at scrape time: a handful
/// of indexed counts, rather than gauges kept in sync with every write.
public struct StoreReadings: Sendable, Hashable {
    public var exchangeLeads: Int
    /// When the longest-waiting lead on the exchange landed there.
    public var oldestLanding: Date?
    public var conditionalRefusals: Int
    public var outboxWaiting: Int
    public var outboxSent: Int
    public var outboxFailed: Int
    /// Each job's last successful finish.
    public var jobLastSuccess: [String: Date]
}

extension ExchangeStore {
    public func readings() async throws -> StoreReadings {
        try await database.pool.read { db in
            let leads = try Row.fetchOne(
                db,
                sql: """
                    SELECT count(*) FILTER (WHERE status = 'exchange') AS exchange,
                        count(*) FILTER (WHERE status = 'refused') AS refused FROM lead
                    WHERE status IN ('exchange', 'refused')
                    """)
            let oldest = try Date.fetchOne(
                db,
                sql: """
                    SELECT min(\(ExchangeLanding.landedAt(lead: "l.id", createdAt: "l.created_at", before: nil)))
                    FROM lead l WHERE l.status = 'exchange'
                    """)
            let outbox = try Row.fetchOne(
                db,
                sql: """
                    SELECT count(*) FILTER (WHERE sent_at IS NULL) AS waiting, count(sent_at) AS sent,
                        count(*) FILTER (WHERE sent_at IS NULL AND last_error IS NOT NULL) AS failed FROM outbox
                    """)
            let jobs = try Row.fetchAll(db, sql: "SELECT job, max(finished_at) AS at FROM job_run WHERE outcome = 'ok' GROUP BY job")
            return StoreReadings(
                exchangeLeads: leads?["exchange"] ?? 0, oldestLanding: oldest, conditionalRefusals: leads?["refused"] ?? 0,
                outboxWaiting: outbox?["waiting"] ?? 0, outboxSent: outbox?["sent"] ?? 0, outboxFailed: outbox?["failed"] ?? 0,
                jobLastSuccess: Dictionary(jobs.compactMap { row in (row["at"] as Date?).map { (row["job"] as String, $0) } }, uniquingKeysWith: { $1 }))
        }
    }

    /// A cheap proof that the database takes writes (`/healthz`): a write transaction that
    /// changes one row of a table of its own and commits, so a full disk or a read-only file fails.
    public func checkWritable() async throws {
        try await database.pool.write { db in
            try db.execute(
                sql: "INSERT INTO health_check (id, at) VALUES (1, ?) ON CONFLICT (id) DO UPDATE SET at = excluded.at",
                arguments: [StoredTime.text(Date())])
        }
    }

    /// A read of the schema (`/readyz`): the store is open and its file is there.
    public func checkReadable() async throws {
        _ = try await database.pool.read { db in try db.tableExists("lead") }
    }
}
