import Foundation
import GRDB
@testable import LeadexStore
import LeadexTesting
import Testing

/// v8-health-check on a database an earlier release left: its data kept, and `/healthz`'s write
/// keeps one row however often it runs.
@Suite struct HealthCheckMigrationTests {
    @Test func migrationV8AddsTheHealthCheckRowAndKeepsTheData() async throws {
        let directory = try TemporaryDirectory()
        let path = try await databaseFile(migratedUpTo: "v8-forms-held", in: directory) { db in
            try db.execute(
                sql: "INSERT INTO form_submission (form, submission_id, received_at, outcome, reason) VALUES ('site', '1', '2026-11-01 10:00:00.000', 'ignored', 'no contact data')")
        }
        let database = try LeadexDatabase(path: path)
        #expect(try database.appliedMigrations().contains("v8-health-check"))
        let store = try await ExchangeStore(database: database, policy: SamplePolicy.make(), clock: ManualWallClock(), logger: LogCapture().logger())
        try await store.checkWritable()
        try await store.checkWritable()
        let counts = try await database.pool.read { db in
            (try Int.fetchOne(db, sql: "SELECT count(*) FROM health_check"), try Int.fetchOne(db, sql: "SELECT count(*) FROM form_submission"))
        }
        #expect(counts.0 == 1)
        #expect(counts.1 == 1)
        try await database.pool.write { db in
            #expect(throws: DatabaseError.self) { try db.execute(sql: "INSERT INTO health_check (id, at) VALUES (2, 'x')") }
        }
        #expect(try database.integrityCheck() == "ok")
    }
}
