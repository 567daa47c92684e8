import Foundation
import GRDB
import LeadexCore
@testable import LeadexStore
import LeadexTesting
import Testing

@Suite struct DatabaseTests {
    @Test func opensInWALModeWithMigrationsApplied() throws {
        let directory = try TemporaryDirectory()
        let database = try LeadexDatabase(path: directory.file("nested/dir/leadex.sqlite3"))
        #expect(try database.journalMode() == "wal")
        #expect(try database.appliedMigrations() == ["v1-exchange", "v2-mail-intake", "v3-scheduler", "v4-forms", "v5-deferred-mail", "v6-audit-import", "v7-mail-original", "v8-ignored-restore", "v8-forms-held", "v8-health-check"])
        #expect(try database.integrityCheck() == "ok")
        // Re-opening an up-to-date file applies nothing and keeps the data.
        try database.close()
        let again = try LeadexDatabase(path: directory.file("nested/dir/leadex.sqlite3"))
        #expect(try again.appliedMigrations() == ["v1-exchange", "v2-mail-intake", "v3-scheduler", "v4-forms", "v5-deferred-mail", "v6-audit-import", "v7-mail-original", "v8-ignored-restore", "v8-forms-held", "v8-health-check"])
    }

    @Test func migrationV6KeepsTheAuditTrailAppendOnlyAndAdmitsImports() async throws {
        let directory = try TemporaryDirectory()
        let path = try await databaseFile(migratedUpTo: "v5-deferred-mail", in: directory) { db in
            for action in ["export", "delete", "export"] {
                try db.execute(
                    sql: "INSERT INTO audit (at, actor, action, subject) VALUES ('2026-11-01 10:00:00.000', 'admin', ?, 'x')",
                    arguments: [action])
            }
            // Only the schema's own migrations may remove a line: this one's id stays used.
            try db.execute(sql: "DROP TRIGGER audit_no_delete")
            try db.execute(sql: "DELETE FROM audit WHERE id = 3")
        }
        let database = try LeadexDatabase(path: path)
        #expect(try database.auditTrail().map(\.action) == ["export", "delete"])
        try await database.pool.write { db in
            try db.execute(sql: "INSERT INTO audit (at, actor, action, subject) VALUES ('2026-11-02 10:00:00.000', 'admin', 'import', 'a.csv')")
            #expect(db.lastInsertedRowID == 4, "an id once used is not handed out again")
        }
        for statement in ["UPDATE audit SET actor = 'x'", "DELETE FROM audit", "INSERT INTO audit (at, actor, action, subject) VALUES ('', 'a', 'backup', 'x')"] {
            await #expect(throws: DatabaseError.self, "\(statement)") { try await database.pool.write { try $0.execute(sql: statement) } }
        }
        #expect(try database.integrityCheck() == "ok")
    }

    @Test func migrationV7MovesEachOriginalMessageIntoItsOwnTable() async throws {
        let directory = try TemporaryDirectory()
        let path = try await databaseFile(migratedUpTo: "v6-audit-import", in: directory) { db in
            try db.execute(
                sql: """
                    INSERT INTO mail_message (mailbox, server_key, message_id, received_at, outcome, raw)
                    VALUES ('sales', '1:1', '<a@example.ru>', '2026-11-01 10:00:00.000', 'lead', X'0102'),
                           ('sales', '1:2', '<b@example.ru>', '2026-11-01 10:00:00.000', 'lead', NULL)
                    """)
        }
        let database = try LeadexDatabase(path: path)
        try await database.pool.write { db in
            #expect(try Row.fetchAll(db, sql: "SELECT mail_id, raw FROM mail_original") == [["mail_id": 1, "raw": Data([1, 2])]])
            #expect(try !db.columns(in: "mail_message").contains { $0.name == "raw" })
            try db.execute(sql: "DELETE FROM mail_message WHERE id = 1")
            #expect(try Int.fetchOne(db, sql: "SELECT count(*) FROM mail_original") == 0, "the original goes with its message")
        }
        #expect(try database.integrityCheck() == "ok")
    }

    @Test func theSchemaRefusesIllegalStates() async throws {
        let fixture = try await StoreFixture()
        let id = try await fixture.incoming()
        let pool = fixture.database.pool
        let illegal = [
            // An owned deal without an owner.
            "UPDATE lead SET status = 'owned' WHERE id = \(id)",
            // The exchange with an owner.
            "UPDATE lead SET owner = 'ivanov' WHERE id = \(id)",
            // A status nobody knows.
            "UPDATE lead SET status = 'maybe' WHERE id = \(id)",
            // A stage outside the pipeline.
            "UPDATE lead SET stage = 'nowhere' WHERE id = \(id)",
            // An owner who is not a user.
            "UPDATE lead SET status = 'owned', owner = 'ghost' WHERE id = \(id)",
            // A refusal without its reason.
            "UPDATE lead SET status = 'refused', owner = 'ivanov' WHERE id = \(id)",
            // A role nobody knows.
            "INSERT INTO user (login, name, role) VALUES ('x', 'X', 'boss')",
            // Rewriting or erasing history.
            "UPDATE history SET note = 'rewritten'",
            "DELETE FROM history",
            // A phone that is not E.164.
            "INSERT INTO contact_phone (contact_id, phone) VALUES (1, '8 912 345-67-89')",
            // An outbox mail with neither its message nor what to render it from, with both, with
            // half of either, with data that is not a JSON object, or sent without being rendered.
            outbox(""),
            outbox("subject, message, template, context", "'s', x'41', 'reminder', '{}'"),
            outbox("subject", "'s'"),
            outbox("template", "'reminder'"),
            outbox("template, context", "'reminder', '[1]'"),
            outbox("template, context", "'reminder', 'not json'"),
            outbox("template, context, sent_at", "'reminder', '{}', '2026-11-23 06:00:00.000'"),
        ]
        for sql in illegal {
            #expect(throws: DatabaseError.self, "\(sql)") { try pool.write { try $0.execute(sql: sql) } }
        }
        // What the outbox does hold: a rendered mail, or one to render.
        try await pool.write { db in
            try db.execute(sql: outbox("subject, message", "'s', x'41'"))
            try db.execute(sql: outbox("template, context", "'reminder', '{\"note\": \"x\"}'"))
        }
    }

    /// An outbox row with `columns` (comma-separated, set to `values`) besides the envelope.
    private func outbox(_ columns: String, _ values: String = "") -> String {
        let id = UUID().uuidString
        return """
            INSERT INTO outbox (created_at, kind, envelope_from, recipients, message_id, next_attempt_at\(columns.isEmpty ? "" : ", " + columns))
            VALUES ('2026-11-23 06:00:00.000', 'reminder', 'leadex@example.ru', 'x@example.ru', '\(id)', '2026-11-23 06:00:00.000'\(values.isEmpty ? "" : ", " + values))
            """
    }

    @Test func aSecondArrivalOfTheSameRequestIsNotASecondLead() async throws {
        let fixture = try await StoreFixture()
        let first = try await fixture.store.receive(
            IncomingLead(source: .init(kind: .mail, name: "sales"), sourceRef: "<m1@example.ru>", title: "Цена", text: "",
                         contact: ContactDraft(name: "Ольга", emails: ["Olga@Example.RU"])))
        let second = try await fixture.store.receive(
            IncomingLead(source: .init(kind: .mail, name: "sales"), sourceRef: "<m1@example.ru>", title: "Цена", text: "",
                         contact: ContactDraft(name: "Ольга", emails: ["olga@example.ru"])))
        guard case .created(let id, _, true) = first else { Issue.record("not created: \(first)"); return }
        #expect(second == .duplicate(id))
        #expect(try await fixture.store.exchange().count == 1)
        // The same reference from another source is another request.
        let other = try await fixture.store.receive(
            IncomingLead(source: .init(kind: .mail, name: "support"), sourceRef: "<m1@example.ru>", title: "Цена", text: "",
                         contact: ContactDraft(name: "Ольга", emails: ["olga@example.ru"])))
        guard case .created(_, _, false) = other else { Issue.record("expected a new lead for a known contact: \(other)"); return }
    }

    @Test func contactsAreDedupedByEmailAndPhoneAndKeepEveryAddress() async throws {
        let fixture = try await StoreFixture()
        let a = try await fixture.incoming(name: "Иван", email: "ivan@client.ru")
        let b = try await fixture.incoming(name: "Иван П.", email: "IVAN@client.ru", phone: "8 (912) 345-67-89")
        let c = try await fixture.incoming(name: "Ваня", phone: "+7 912 345 67 89")
        let contacts = try await [a, b, c].asyncMap { try await fixture.store.contact(ofLead: $0, as: SamplePolicy.head) }
        #expect(Set(contacts.map(\.id)).count == 1)
        #expect(contacts[2].emails == ["ivan@client.ru"])
        #expect(contacts[2].phones == [PhoneNumber("89123456789")!])
        #expect(contacts[2].name == "Иван")
    }
}

extension Sequence {
    func asyncMap<T>(_ transform: (Element) async throws -> T) async rethrows -> [T] {
        var result: [T] = []
        for element in self { result.append(try await transform(element)) }
        return result
    }
}
