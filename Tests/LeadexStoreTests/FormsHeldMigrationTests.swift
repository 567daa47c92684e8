import Foundation
import GRDB
@testable import LeadexStore
import LeadexTesting
import Testing

/// v8-forms-held on a database an earlier release left: the feed's ledger is kept, and the new
/// table takes held submissions with their fields, refusing anything but a JSON list.
@Suite struct FormsHeldMigrationTests {
    @Test func migrationV8AddsTheHeldTableAndKeepsTheLedger() async throws {
        let directory = try TemporaryDirectory()
        let path = try await databaseFile(migratedUpTo: "v8-ignored-restore", in: directory) { db in
            try db.execute(
                sql: "INSERT INTO form_submission (form, submission_id, received_at, outcome, reason) VALUES ('site', '1', '2026-11-01 10:00:00.000', 'ignored', 'no contact data')")
        }
        let database = try LeadexDatabase(path: path)
        #expect(try database.appliedMigrations().contains("v8-forms-held"))
        try await database.pool.write { db in
            #expect(try Int.fetchOne(db, sql: "SELECT count(*) FROM form_submission") == 1)
            try db.execute(
                sql: "INSERT INTO form_held (form, submission_id, fields, held_at) VALUES ('site', '2', '[[\"tel\",\"89161112233\"]]', '2026-11-02 10:00:00.000')")
            #expect(throws: DatabaseError.self) {
                try db.execute(sql: "INSERT INTO form_held (form, submission_id, fields, held_at) VALUES ('site', '3', '{\"tel\": 1}', 'x')")
            }
            #expect(throws: DatabaseError.self) {
                try db.execute(sql: "INSERT INTO form_held (form, submission_id, fields, held_at) VALUES ('site', '2', '[]', 'x')")
            }
        }
        #expect(try database.integrityCheck() == "ok")
    }
}
