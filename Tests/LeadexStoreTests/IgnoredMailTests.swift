import Foundation
import GRDB
import LeadexCore
@testable import LeadexStore
import LeadexTesting
import Testing

/// Ignored mail, listed and restored: whatever intake decided, the head or an admin can see it
/// and turn it into a lead, once, with who did it and why it had been ignored.
@Suite struct IgnoredMailTests {
    static let original = Array("From: Клиент <client@firm.ru>\r\nSubject: Нужен расчёт\r\n\r\nПозвоните мне\r\n".utf8)

    func ignored(_ key: String, id: String?, from: String = "client@firm.ru", reason: String, raw: [UInt8]? = original) -> MailIntakeItem {
        MailIntakeItem(
            serverKey: key, messageID: id, contentHash: id == nil ? String(repeating: "c", count: 64) : nil, sender: from,
            subject: "Нужен расчёт", thread: [], decision: .ignored(reason: reason), attachments: ["смета.xlsx"], raw: raw)
    }

    /// What intake's decider makes of the original when told it is a request.
    func decide(_ mailbox: String, _ raw: [UInt8]) -> MailIntakeItem { request("", id: "m1@x", mailbox: mailbox, raw: raw) }

    /// A request from client@firm.ru, as intake records it.
    func request(_ key: String, id: String, mailbox: String = "sales", raw: [UInt8]? = nil) -> MailIntakeItem {
        let incoming = IncomingLead(
            source: LeadSource(kind: .mail, name: mailbox), sourceRef: id, title: "Нужен расчёт", text: "Позвоните мне",
            contact: ContactDraft(name: "Клиент", emails: ["client@firm.ru"]))
        return MailIntakeItem(
            serverKey: key, messageID: id, contentHash: nil, sender: "client@firm.ru", subject: "Нужен расчёт", thread: [],
            decision: .lead(incoming), raw: raw)
    }

    @Test func theHeadAndAdminsListIgnoredMailWithWhySinceADate() async throws {
        let fixture = try await StoreFixture()
        let start = fixture.clock.now()
        _ = try await fixture.store.recordMail([ignored("7:1", id: "m1@x", reason: "auto-reply: Auto-Submitted")], mailbox: "sales", cursor: nil)
        fixture.clock.advance(by: .seconds(2 * 86_400))
        _ = try await fixture.store.recordMail(
            [ignored("7:2", id: nil, from: "big@firm.ru", reason: "bounce: delivery status", raw: nil)], mailbox: "sales", cursor: nil)

        for login in [SamplePolicy.head, SamplePolicy.admin] {
            let all = try await fixture.store.ignoredMail(since: nil, as: login)
            #expect(all.map(\.reason) == ["auto-reply: Auto-Submitted", "bounce: delivery status"])
            #expect(all.map(\.sender) == ["client@firm.ru", "big@firm.ru"])
            #expect(all.map(\.originalBytes) == [Self.original.count, nil], "the second was not kept")
            #expect(all.allSatisfy { $0.restored == nil && $0.mailbox == "sales" })
            let recent = try await fixture.store.ignoredMail(since: start.addingTimeInterval(86_400), as: login)
            #expect(recent.map(\.id) == [all[1].id])
            #expect(try await fixture.store.ignoredMail(since: fixture.clock.now().addingTimeInterval(1), as: login).isEmpty)
        }
        // Sellers and QA are refused, with the rule in the log.
        for login in [SamplePolicy.ivanov, SamplePolicy.qa] {
            await #expect(throws: RuleViolation.self) { try await fixture.store.ignoredMail(since: nil, as: login) }
        }
        let refusals = fixture.logs.entries.filter { $0.message.hasPrefix("refused") && $0.metadata["action"] == "ignored" }
        #expect(refusals.map { $0.metadata["user"] } == ["ivanov", "okk"])
        #expect(refusals.allSatisfy { $0.metadata["rule"] == "role" && $0.message.contains("may not review ignored mail") })
    }

    @Test func restoringMakesOneLeadFromTheOriginalWithWhoAndWhyInTheHistory() async throws {
        let fixture = try await StoreFixture()
        _ = try await fixture.store.recordMail([ignored("7:1", id: "m1@x", reason: "auto-reply: Auto-Submitted")], mailbox: "sales", cursor: nil)
        let mail = try #require(try await fixture.store.ignoredMail(since: nil, as: SamplePolicy.admin).first)
        var seen: [[UInt8]] = []
        let restored = try await fixture.store.restoreIgnoredMail(mail.id, by: SamplePolicy.head) { mailbox, raw in
            seen.append(raw)
            return decide(mailbox, raw)
        }
        #expect(seen == [Self.original], "extraction re-runs on the kept original")
        #expect(restored.outcome == .created && restored.fromOriginal && !restored.earlier && restored.by == SamplePolicy.head)
        let lead = try #require(restored.leadID)
        let onExchange = try await fixture.store.exchange()
        #expect(onExchange.map(\.id) == [lead])
        #expect(onExchange.first?.source == LeadSource(kind: .mail, name: "sales"), "it looks like any mail lead")
        #expect(onExchange.first?.text == "Позвоните мне")
        #expect(try await fixture.store.contact(ofLead: lead, as: SamplePolicy.head).emails == ["client@firm.ru"])
        let history = try await fixture.store.history(of: lead, as: SamplePolicy.head)
        #expect(history.map(\.action) == [.created, .mailRestored])
        #expect(history[1].actor == SamplePolicy.head)
        #expect(history[1].note?.contains("ignored mail \(mail.id) restored (it was ignored as: auto-reply: Auto-Submitted)") == true)

        // Twice makes one lead: the second restore reports the first and writes nothing.
        let again = try await fixture.store.restoreIgnoredMail(mail.id, by: SamplePolicy.admin) { mailbox, raw in
            Issue.record("nothing is extracted again")
            return decide(mailbox, raw)
        }
        #expect(again.earlier && again.leadID == lead && again.by == SamplePolicy.head)
        #expect(try await fixture.store.exchange().count == 1)
        #expect(try await fixture.store.history(of: lead, as: SamplePolicy.head).count == 2)
        #expect(try await fixture.store.ignoredMail(since: nil, as: SamplePolicy.head).first?.restored?.leadID == lead)

        let journal = fixture.logs.entries.filter { $0.message == "ignored mail restored" }
        #expect(journal.count == 1)
        #expect(journal.first?.metadata["user"] == "head" && journal.first?.metadata["lead_id"] == "\(lead)")
        #expect(journal.first?.metadata["action"] == "restore-ignored")
    }

    @Test func aMailWhoseOriginalWasNotKeptBecomesALeadFromItsRecordAndSaysSo() async throws {
        let fixture = try await StoreFixture()
        _ = try await fixture.store.recordMail(
            [ignored("7:1", id: nil, from: "Big@Firm.ru", reason: "no contact data", raw: nil)], mailbox: "sales", cursor: nil)
        let mail = try #require(try await fixture.store.ignoredMail(since: nil, as: SamplePolicy.admin).first)
        let restored = try await fixture.store.restoreIgnoredMail(mail.id, by: SamplePolicy.admin) { mailbox, raw in
            Issue.record("there is no original to read")
            return decide(mailbox, raw)
        }
        #expect(restored.outcome == .created && !restored.fromOriginal)
        let lead = try #require(try await fixture.store.exchange().first)
        #expect(lead.title == "Нужен расчёт")
        #expect(lead.text.contains("The original message was not kept (over keep_original_kb") && lead.text.contains("Attachments: смета.xlsx"))
        #expect(try await fixture.store.contact(ofLead: try #require(lead.id), as: SamplePolicy.head).emails == ["big@firm.ru"])
        let history = try await fixture.store.history(of: try #require(lead.id), as: SamplePolicy.head)
        #expect(history.last?.note?.contains("made from the mail's record, not its original") == true)
    }

    @Test func aRestoredMailFromAClientWithAnOpenDealJoinsThatDeal() async throws {
        let fixture = try await StoreFixture()
        guard case .created(let deal) = try await fixture.store.recordMail([request("7:1", id: "m0@x")], mailbox: "sales", cursor: nil)[0] else {
            Issue.record("no lead")
            return
        }
        _ = try await fixture.store.recordMail([ignored("7:2", id: "m1@x", reason: "mail loop")], mailbox: "sales", cursor: nil)
        let mail = try #require(try await fixture.store.ignoredMail(since: nil, as: SamplePolicy.admin).first)
        let restored = try await fixture.store.restoreIgnoredMail(mail.id, by: SamplePolicy.admin, decide: decide)
        #expect(restored.outcome == .addedToDeal && restored.leadID == deal)
        #expect(try await fixture.store.exchange().count == 1, "no second deal for the same client")
        let line = try await fixture.store.history(of: deal, as: SamplePolicy.head).last
        #expect(line?.action == .mailRestored && line?.actor == SamplePolicy.admin)
        #expect(line?.note?.contains("it was ignored as: mail loop") == true && line?.note?.contains("Позвоните мне") == true)
    }

    @Test func onlyIgnoredMailIsRestoredAndOnlyByTheHeadOrAnAdmin() async throws {
        let fixture = try await StoreFixture()
        _ = try await fixture.store.recordMail(
            [ignored("7:1", id: "m1@x", reason: "bounce: x"), request("7:2", id: "m2@x", raw: [])], mailbox: "sales", cursor: nil)
        let mail = try #require(try await fixture.store.ignoredMail(since: nil, as: SamplePolicy.admin).first)
        for login in [SamplePolicy.ivanov, SamplePolicy.qa, SamplePolicy.exporter] {
            let error = await #expect(throws: RuleViolation.self) {
                try await fixture.store.restoreIgnoredMail(mail.id, by: login, decide: decide)
            }
            #expect(error?.rule == .role && error?.kind == .forbidden)
        }
        // The lead's own mail (id 2) and an id nobody has are not ignored mail.
        for id in [mail.id + 1, 999, -1] {
            let error = await #expect(throws: RuleViolation.self) {
                try await fixture.store.restoreIgnoredMail(id, by: SamplePolicy.admin, decide: decide)
            }
            #expect(error?.kind == .notFound && error?.description.contains("there is no ignored mail \(id)") == true)
        }
        #expect(try await fixture.store.exchange().count == 1, "only the second mail's own lead: nothing was restored")
        let refused = fixture.logs.entries.filter { $0.message.hasPrefix("refused") && $0.metadata["action"] == "restore-ignored" }
        #expect(refused.count == 6)
        #expect(refused.filter { $0.metadata["rule"] == "role" }.map { $0.metadata["user"] } == ["ivanov", "okk", "analyst"])
        #expect(refused.filter { $0.metadata["rule"] == "not-found" }.count == 3)
    }

    @Test func migrationV8AddsRestoresThatOnlyAnIgnoredMailMayHave() async throws {
        let directory = try TemporaryDirectory()
        let path = try await databaseFile(migratedUpTo: "v7-mail-original", in: directory) { db in
            try db.execute(
                sql: """
                    INSERT INTO user (login, name, role) VALUES ('admin', 'A', 'admin');
                    INSERT INTO mail_message (mailbox, server_key, message_id, received_at, outcome, reason)
                    VALUES ('sales', '1:1', 'a@example.ru', '2026-11-01 10:00:00.000', 'ignored', 'bounce: x'),
                           ('sales', '1:2', 'b@example.ru', '2026-11-01 10:00:00.000', 'duplicate', NULL)
                    """)
        }
        let database = try LeadexDatabase(path: path)
        #expect(try database.appliedMigrations().contains("v8-ignored-restore"))
        try await database.pool.write { db in
            let insert = "INSERT INTO mail_restore (mail_id, lead_id, outcome, restored_by, restored_at, from_original) VALUES (?, NULL, 'lead', 'admin', '2026-11-02 10:00:00.000', 1)"
            try db.execute(sql: insert, arguments: [1])
            #expect(throws: DatabaseError.self, "once per mail") { try db.execute(sql: insert, arguments: [1]) }
            #expect(throws: DatabaseError.self, "only an ignored mail") { try db.execute(sql: insert, arguments: [2]) }
        }
        #expect(try database.integrityCheck() == "ok")
    }
}
