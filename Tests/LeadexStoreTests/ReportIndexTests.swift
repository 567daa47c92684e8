import Foundation
import GRDB
import LeadexCore
@testable import LeadexStore
import LeadexTesting
import Testing

/// v10-report-indexes: the head's pages read the history through indexes, not by scanning it
/// (Benchmarks/reports measures what that is worth on 1,000,000 lines). The plans are checked
/// on the queries' own text, so that a change to ``ExchangeLanding``'s condition that no longer
/// matches the partial index fails here rather than only in the benchmark.
@Suite struct ReportIndexTests {
    static func plan(_ database: LeadexDatabase, _ sql: String, _ arguments: StatementArguments = []) async throws -> String {
        try await database.pool.read { db in
            try Row.fetchAll(db, sql: "EXPLAIN QUERY PLAN " + sql, arguments: arguments).map { $0["detail"] as String }.joined(separator: "\n")
        }
    }

    static let period: StatementArguments = ["2026-11-01 00:00:00.000", "2026-12-01 00:00:00.000"]

    @Test func theReportsAndTheNowPageUseTheirIndexes() async throws {
        let directory = try TemporaryDirectory()
        let database = try LeadexDatabase(path: directory.file("leadex.sqlite3"))

        let counts = try await Self.plan(database, "SELECT count(*) FROM history WHERE action = 'won' AND at >= ? AND at < ?", Self.period)
        #expect(counts.contains("history_by_action"), "\(counts)")

        let takes = try await Self.plan(
            database,
            """
            SELECT (julianday(h.at) - julianday(\(ExchangeLanding.landedAt(lead: "h.lead_id", createdAt: "l.created_at", before: "h.id")))) * 86400.0
            FROM history h JOIN lead l ON l.id = h.lead_id WHERE h.action = 'taken' AND h.at >= ? AND h.at < ?
            """, Self.period)
        #expect(takes.contains("history_by_action") && takes.contains("history_landings"), "\(takes)")

        let refusals = try await Self.plan(
            database,
            "SELECT (SELECT max(h.at) FROM history h INDEXED BY history_by_lead WHERE h.lead_id = lead.id AND h.action = 'refused') FROM lead WHERE status = 'refused'")
        #expect(refusals.contains("history_by_lead "), "\(refusals)")

        let exchange = try await Self.plan(
            database, "SELECT \(ExchangeLanding.landedAt(lead: "lead.id", createdAt: "lead.created_at", before: nil)) FROM lead WHERE status = 'exchange'")
        #expect(exchange.contains("history_landings"), "\(exchange)")

        let inStage = try await Self.plan(
            database,
            """
            SELECT (SELECT max(e.at) FROM history e WHERE e.lead_id = h.lead_id AND e.to_stage = h.from_stage AND e.id < h.id)
            FROM history h WHERE h.action = 'stage_changed' AND h.at >= ? AND h.at < ?
            """, Self.period)
        #expect(inStage.contains("history_stage_entries"), "\(inStage)")

        let entered = try await Self.plan(
            database, "SELECT to_stage, count(*) FROM history WHERE to_stage IS NOT NULL AND at >= ? AND at < ? GROUP BY to_stage", Self.period)
        #expect(entered.contains("history_stage_entries_by_at"), "\(entered)")

        let overdue = try await Self.plan(
            database,
            """
            SELECT r.created_by, count(*) FROM reminder r WHERE r.due_at >= ? AND r.due_at < ?
            AND NOT EXISTS (SELECT 1 FROM history h WHERE h.lead_id = r.lead_id AND h.actor = r.created_by AND h.at >= r.due_at AND h.at < ?2)
            GROUP BY r.created_by
            """, Self.period)
        #expect(overdue.contains("history_by_lead_actor"), "\(overdue)")

        let received = try await Self.plan(
            database, "SELECT source_kind, source_name, count(*) FROM lead WHERE created_at >= ? AND created_at < ? GROUP BY 1, 2", Self.period)
        #expect(received.contains("lead_by_created"), "\(received)")
    }

    @Test func migrationV10IndexesAnEarlierBaseAndKeepsIt() async throws {
        let directory = try TemporaryDirectory()
        let path = try await databaseFile(migratedUpTo: "v9-deal-amounts", in: directory) { db in
            try db.execute(sql: "INSERT INTO stage (id, title, position) VALUES ('new', 'Новая заявка', 0)")
            try db.execute(sql: "INSERT INTO contact (id, name, created_at, updated_at) VALUES (1, 'Клиент', '2026-11-01 10:00:00.000', '2026-11-01 10:00:00.000')")
            try db.execute(
                sql: """
                    INSERT INTO lead (id, contact_id, source_kind, source_name, title, text, stage, status, created_at, stage_entered_at, last_activity_at)
                    VALUES (1, 1, 'form', 'site', 'Заявка', '', 'new', 'exchange', '2026-11-01 10:00:00.000', '2026-11-01 10:00:00.000', '2026-11-01 10:00:00.000')
                    """)
            try db.execute(
                sql: "INSERT INTO history (lead_id, at, action, to_stage, note) VALUES (1, '2026-11-01 10:00:00.000', 'created', 'new', 'from form:site')")
        }
        let database = try LeadexDatabase(path: path)
        #expect(try database.appliedMigrations().last == "v10-report-indexes")
        let indexes = try await database.pool.read { db in
            try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'index' AND name NOT LIKE 'sqlite_%'")
        }
        for name in ["history_by_action", "history_landings", "history_stage_entries", "history_stage_entries_by_at", "history_by_lead_actor", "lead_by_created"] {
            #expect(indexes.contains(name), "\(name) missing from \(indexes)")
        }
        let landed = try await database.pool.read { db in
            try String.fetchOne(db, sql: "SELECT \(ExchangeLanding.landedAt(lead: "1", createdAt: "NULL", before: nil))")
        }
        #expect(landed == "2026-11-01 10:00:00.000")
        #expect(try database.integrityCheck() == "ok")
    }
}
