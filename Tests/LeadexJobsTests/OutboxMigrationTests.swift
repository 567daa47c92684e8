import Foundation
import GRDB
import LeadexConfig
import LeadexCore
import LeadexJobs
@testable import LeadexStore
import LeadexTesting
import Testing

@Suite("Migration v5-deferred-mail: an outbox written by the previous release still sends")
struct OutboxMigrationTests {
    @Test("pending rendered mail of a v4 database is kept byte for byte, with its attempts and reminder links, and delivered")
    func oldRowsStillSend() async throws {
        let directory = try TemporaryDirectory()
        let path = directory.file("leadex.sqlite3")
        let clock = ManualWallClock()
        let now = StoredTime.text(clock.now())
        let messages = (1...3).map { Array("Message-ID: <old-\($0)@leadex.test>\r\nSubject: old \($0)\r\n\r\nold body \($0)\r\n".utf8) }
        do {
            // The database as v4 left it: one mail sent, two waiting (one after two failed
            // attempts), a reminder linked to one of them, and a fourth mail's id used once.
            var configuration = Configuration()
            configuration.foreignKeysEnabled = true
            let pool = try DatabasePool(path: path, configuration: configuration)
            try Migrations.migrator.migrate(pool, upTo: "v4-forms")
            try await pool.write { db in
                try db.execute(sql: "INSERT INTO stage (id, title, position) VALUES ('new', 'Новая заявка', 0)")
                try db.execute(sql: "INSERT INTO contact (name, created_at, updated_at) VALUES ('Клиент', ?, ?)", arguments: [now, now])
                try db.execute(
                    sql: """
                        INSERT INTO lead (contact_id, source_kind, source_name, title, text, stage, status, created_at,
                            stage_entered_at, last_activity_at) VALUES (1, 'manual', 'test', 'Заявка', '', 'new', 'exchange', ?, ?, ?)
                        """,
                    arguments: [now, now, now])
                for (i, message) in messages.enumerated() {
                    try db.execute(
                        sql: """
                            INSERT INTO outbox (created_at, kind, lead_id, envelope_from, recipients, message_id, subject, message,
                                next_attempt_at, attempts, last_error, sent_at) VALUES (?, 'reminder', 1, 'leadex@example.ru', ?, ?, ?, ?, ?, ?, ?, ?)
                            """,
                        arguments: [
                            now, "ivanov@example.ru", "old-\(i + 1)@leadex.test", "old \(i + 1)", Data(message), now,
                            i == 1 ? 2 : 0, i == 1 ? "connection refused" : nil, i == 0 ? now : nil,
                        ])
                }
                try db.execute(
                    sql: "INSERT INTO reminder (lead_id, created_at, due_at, note, sent_at, outbox_id) VALUES (1, ?, ?, 'звонок', ?, 2)",
                    arguments: [now, now, now])
                try db.execute(
                    sql: """
                        INSERT INTO outbox (created_at, kind, envelope_from, recipients, message_id, subject, message, next_attempt_at)
                        VALUES (?, 'report', 'leadex@example.ru', 'x@example.ru', 'gone@leadex.test', 'gone', x'00', ?)
                        """,
                    arguments: [now, now])
                try db.execute(sql: "DELETE FROM outbox WHERE id = 4")
            }
            try pool.close()
        }

        let database = try LeadexDatabase(path: path)
        #expect(try database.appliedMigrations().contains("v5-deferred-mail"))
        #expect(try database.integrityCheck() == "ok")
        let schema = try await database.pool.read { db in
            (
                violations: try Row.fetchAll(db, sql: "PRAGMA foreign_key_check").count,
                reminderLink: try Int64.fetchOne(db, sql: "SELECT outbox_id FROM reminder"),
                reminderReferences: try String.fetchOne(
                    db, sql: "SELECT \"table\" FROM pragma_foreign_key_list('reminder') WHERE \"from\" = 'outbox_id'"),
                pendingIndex: try String.fetchOne(db, sql: "SELECT sql FROM sqlite_master WHERE name = 'outbox_pending'"),
                foreignKeys: try Bool.fetchOne(db, sql: "PRAGMA foreign_keys")
            )
        }
        #expect(schema.violations == 0)
        #expect(schema.reminderLink == 2)
        #expect(schema.reminderReferences == "outbox")
        #expect(schema.pendingIndex?.contains("ON outbox(next_attempt_at) WHERE sent_at IS NULL") == true)
        #expect(schema.foreignKeys == true)
        let outbox = Outbox(database: database)
        let rows = try await outbox.all()
        #expect(rows.map(\.id) == [1, 2, 3])
        #expect(rows.map(\.mail.message) == messages)
        #expect(rows.map(\.mail.subject) == ["old 1", "old 2", "old 3"])
        #expect(rows.map(\.attempts) == [0, 2, 0])
        #expect(rows[1].lastError == "connection refused")
        #expect(try await outbox.counts() == (pending: 2, sent: 1))

        // The daemon's sender delivers them as they were rendered.
        let smtp = try SMTPFixture()
        let logs = LogCapture()
        let mailer = Mailer(templates: try MailTemplates(language: .ru, directory: nil), from: "Leadex <leadex@example.ru>", zone: JobsFixture.zone, language: .ru)
        let sender = JobsFixture.sender(outbox: outbox, smtp: smtp, settings: try JobsFixture.smtpSettings(smtp), mailer: mailer, clock: clock, logs: logs)
        let result = await sender.deliverDue()
        #expect(result.sent == 2 && result.failed == 0)
        #expect(smtp.messages().map(\.bytes) == Array(messages[1...]))
        #expect(try await outbox.counts() == (pending: 0, sent: 3))
        // An id once used is not handed out again.
        let next = try await outbox.enqueue(
            [OutgoingMail(kind: .report, envelopeFrom: "leadex@example.ru", recipients: ["x@example.ru"], messageID: "new@leadex.test", subject: "new", message: [1])],
            at: clock.now())
        #expect(next == [5])
    }
}
