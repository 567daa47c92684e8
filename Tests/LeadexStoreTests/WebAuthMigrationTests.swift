import Foundation
import GRDB
import LeadexCore
@testable import LeadexStore
import LeadexTesting
import Testing

@Suite struct WebAuthMigrationTests {
    @Test func migrationV8AddsPasswordsAndSessionsToADatabaseOfTheLastRelease() async throws {
        let directory = try TemporaryDirectory()
        let path = directory.file("leadex.sqlite3")
        do {
            let pool = try DatabasePool(path: path)
            try Migrations.migrator.migrate(pool, upTo: "v8-forms-held")
            try await pool.write { db in
                try db.execute(sql: "INSERT INTO user (login, name, role) VALUES ('ivanov', 'Иван Иванов', 'manager')")
            }
            try pool.close()
        }
        let database = try LeadexDatabase(path: path)
        #expect(try database.appliedMigrations().contains("v8-web-auth"))
        let hash = "$2b$10$" + String(repeating: "a", count: 53)
        try await database.pool.write { db in
            try db.execute(sql: "INSERT INTO web_password (login, hash, set_at) VALUES ('ivanov', ?, '2026-11-23 06:00:00.000')", arguments: [hash])
            try db.execute(
                sql: """
                    INSERT INTO web_session (id_hash, login, csrf_token, created_at, last_seen_at)
                    VALUES (?, 'ivanov', ?, '2026-11-23 06:00:00.000', '2026-11-23 06:00:00.000')
                    """, arguments: [String(repeating: "0", count: 64), String(repeating: "t", count: 43)])
        }
        // What the schema refuses: a password that is not a bcrypt hash, a session id stored as
        // itself rather than its SHA-256, a session of no user, one seen before it began.
        let illegal: [(String, StatementArguments)] = [
            ("INSERT INTO web_password (login, hash, set_at) VALUES ('ivanov', 'secret-password', '2026-11-23')", []),
            ("UPDATE web_password SET hash = '$2b$10$short'", []),
            ("INSERT INTO web_session VALUES ('raw-session-id', 'ivanov', ?, '2026-11-23', '2026-11-23', NULL)", [String(repeating: "t", count: 43)]),
            ("INSERT INTO web_session VALUES (?, 'nobody', ?, '2026-11-23', '2026-11-23', NULL)", [String(repeating: "1", count: 64), String(repeating: "t", count: 43)]),
            ("INSERT INTO web_session VALUES (?, 'ivanov', ?, '2026-11-23', '2026-11-22', NULL)", [String(repeating: "2", count: 64), String(repeating: "t", count: 43)]),
        ]
        for (sql, arguments) in illegal {
            await #expect(throws: DatabaseError.self, "\(sql)") { try await database.pool.write { db in try db.execute(sql: sql, arguments: arguments) } }
        }
        #expect(try database.integrityCheck() == "ok")
    }
}
