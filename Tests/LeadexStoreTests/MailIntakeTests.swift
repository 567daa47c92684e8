import Foundation
import LeadexCore
import LeadexStore
import LeadexTesting
import Testing

@Suite struct MailIntakeTests {
    func item(_ key: String, id: String?, from: String = "client@firm.ru", thread: [String] = [], hash: String? = nil,
              ignored: String? = nil, loopKey: String? = nil) -> MailIntakeItem {
        let incoming = IncomingLead(
            source: LeadSource(kind: .mail, name: "sales"), sourceRef: id ?? "sha256:\(hash ?? key)", title: "Запрос цены",
            text: "Нужен расчёт", contact: ContactDraft(name: "Клиент", emails: [from]))
        return MailIntakeItem(
            serverKey: key, messageID: id, contentHash: hash ?? String(repeating: "a", count: 63) + String(key.last!),
            sender: from, subject: "Запрос цены", thread: thread,
            decision: ignored.map { .ignored(reason: $0) } ?? .lead(incoming), loopKey: loopKey)
    }

    @Test func messagesBecomeLeadsAndTheCursorMovesInTheSameTransaction() async throws {
        let fixture = try await StoreFixture()
        let outcomes = try await fixture.store.recordMail(
            [item("7:1", id: "m1@x"), item("7:2", id: "m2@x", from: "other@firm.ru")], mailbox: "sales",
            cursor: MailboxCursor(uidValidity: 7, lastUID: 2))
        #expect(outcomes.count == 2)
        guard case .created = outcomes[0], case .created = outcomes[1] else { Issue.record("\(outcomes)"); return }
        #expect(try await fixture.store.mailboxCursor("sales") == MailboxCursor(uidValidity: 7, lastUID: 2))
        #expect(try await fixture.store.unacknowledgedMail(in: "sales") == ["7:1", "7:2"])
        try await fixture.store.markAcknowledged(["7:1"], in: "sales")
        #expect(try await fixture.store.unacknowledgedMail(in: "sales") == ["7:2"])
    }

    @Test func theSameMessageUnderANewUIDValidityIsADuplicateNotALead() async throws {
        let fixture = try await StoreFixture()
        _ = try await fixture.store.recordMail(
            [item("7:1", id: "m1@x"), item("7:2", id: nil, from: "b@firm.ru", hash: String(repeating: "b", count: 64))],
            mailbox: "sales", cursor: nil)
        let again = try await fixture.store.recordMail(
            [item("8:1", id: "m1@x"), item("8:2", id: nil, from: "b@firm.ru", hash: String(repeating: "b", count: 64)),
             item("8:3", id: nil, from: "c@firm.ru", hash: String(repeating: "c", count: 64))],
            mailbox: "sales", cursor: nil)
        guard case .duplicate = again[0], case .duplicate = again[1], case .created = again[2] else { Issue.record("\(again)"); return }
        #expect(try await fixture.store.exchange().count == 3)
        // Recording the same server message twice (a crash before the ack) changes nothing.
        #expect(try await fixture.store.recordMail([item("8:3", id: nil, from: "c@firm.ru", hash: String(repeating: "c", count: 64))], mailbox: "sales", cursor: nil)
                == [.alreadyRecorded])
    }

    @Test func aReplyOrAKnownContactJoinsTheOpenDeal() async throws {
        let fixture = try await StoreFixture()
        let first = try await fixture.store.recordMail([item("7:1", id: "m1@x")], mailbox: "sales", cursor: nil)
        guard case .created(let lead) = first[0] else { Issue.record("\(first)"); return }
        let reply = try await fixture.store.recordMail([item("7:2", id: "m2@x", from: "colleague@firm.ru", thread: ["m1@x"])], mailbox: "sales", cursor: nil)
        #expect(reply == [.addedToDeal(lead)])
        let again = try await fixture.store.recordMail([item("7:3", id: "m3@x")], mailbox: "sales", cursor: nil)
        #expect(again == [.addedToDeal(lead)])
        let history = try await fixture.store.history(of: lead, as: SamplePolicy.head)
        #expect(history.map(\.action) == [.created, .mailReceived, .mailReceived])
        #expect(history[1].note?.hasPrefix("Subject: Запрос цены") == true)
        // Once the deal is closed, the same contact writing again is a new lead for the same contact.
        try await fixture.store.perform(.disqualify(reason: "spam", note: nil), on: lead, by: SamplePolicy.ivanov)
        let later = try await fixture.store.recordMail([item("7:4", id: "m4@x")], mailbox: "sales", cursor: nil)
        guard case .created(let newLead) = later[0] else { Issue.record("\(later)"); return }
        let a = try await fixture.store.contact(ofLead: lead, as: SamplePolicy.head)
        let b = try await fixture.store.contact(ofLead: newLead, as: SamplePolicy.head)
        #expect(a.id == b.id)
    }

    @Test func messagesOfOneBatchMeetEachOther() async throws {
        // What one batch learns is read once, before its first message: a contact, a Message-ID
        // or a deal made by an earlier message of the same batch must still be found.
        let fixture = try await StoreFixture()
        let byPhone = { (key: String, id: String, email: String) in
            MailIntakeItem(
                serverKey: key, messageID: id, contentHash: nil, sender: email, subject: "Звонок", thread: [],
                decision: .lead(IncomingLead(
                    source: LeadSource(kind: .mail, name: "sales"), sourceRef: id, title: "Звонок", text: "Перезвоните",
                    contact: ContactDraft(name: "Пётр", emails: [email], phones: [PhoneNumber(trustedE164: "+79161234567")]))))
        }
        let outcomes = try await fixture.store.recordMail(
            [item("7:1", id: "m1@x"), item("7:2", id: "m1@x"), item("7:3", id: "m3@x", from: "boss@firm.ru", thread: ["m1@x"]),
             byPhone("7:4", "p1@x", "petr@home.ru"), byPhone("7:5", "p2@x", "petr@work.ru")],
            mailbox: "sales", cursor: nil)
        guard case .created(let first) = outcomes[0], case .created(let second) = outcomes[3] else { Issue.record("\(outcomes)"); return }
        #expect(outcomes[1] == .duplicate(first))
        #expect(outcomes[2] == .addedToDeal(first))
        #expect(outcomes[4] == .addedToDeal(second), "the same phone is the same contact")
        #expect(try await fixture.store.exchange().count == 2)
    }

    @Test func ignoredMailIsRecordedWithItsReasonAndLoopsAreCapped() async throws {
        let fixture = try await StoreFixture()
        let ignored = try await fixture.store.recordMail([item("7:1", id: "a@x", ignored: "auto-reply: Auto-Submitted: auto-replied")], mailbox: "sales", cursor: nil)
        #expect(ignored == [.ignored("auto-reply: Auto-Submitted: auto-replied")])
        // Five copies of one mail (new Message-IDs, the same content), with no time of their own:
        // intake's clock is all there is.
        let burst = (2...6).map { item("7:\($0)", id: "loop\($0)@x", from: "robot@loop.ru", loopKey: "00000000000000aa") }
        let outcomes = try await fixture.store.recordMail(burst, mailbox: "sales", cursor: nil, loopCap: 3)
        // Three copies pass (a lead, then two lines on its deal); the fourth and fifth are a loop.
        #expect(outcomes.filter { if case .ignored = $0 { true } else { false } }.count == 2)
        #expect(try await fixture.store.mailOutcomes(in: "sales") == ["ignored": 3, "lead": 1, "history": 2])
    }
}
