import Foundation
import LeadexCore
import LeadexStore
import LeadexTesting
import Testing

/// A known contact writing again from a new phone, a new address or under a fuller name: the
/// contact gains what is new (never loses what it has) and the history line says so.
@Suite struct ContactEnrichmentTests {
    func mail(_ key: String, name: String, emails: [String], phones: [String] = [], company: String? = nil) -> MailIntakeItem {
        MailIntakeItem(
            serverKey: key, messageID: "\(key)@x", contentHash: nil, sender: emails.first, subject: "Запрос цены", thread: [],
            decision: .lead(IncomingLead(
                source: LeadSource(kind: .mail, name: "sales"), sourceRef: "\(key)@x", title: "Запрос цены", text: "Письмо \(key)",
                contact: ContactDraft(name: name, company: company, emails: emails, phones: phones.map(PhoneNumber.init(trustedE164:))))))
    }

    @Test func aKnownContactGainsANewPhoneAndAFullerNameOnTheOpenDeal() async throws {
        let fixture = try await StoreFixture()
        let first = try await fixture.store.recordMail(
            [mail("7:1", name: "Иван", emails: ["ivan@firm.ru"], phones: ["+79160000001"])], mailbox: "sales", cursor: nil)
        guard case .created(let lead) = first[0] else { Issue.record("\(first)"); return }
        let again = try await fixture.store.recordMail(
            [mail("7:2", name: "Иван Петров", emails: ["ivan@firm.ru"], phones: ["+79160000002"], company: "ООО Вектор")],
            mailbox: "sales", cursor: nil)
        #expect(again == [.addedToDeal(lead)])
        let contact = try await fixture.store.contact(ofLead: lead, as: SamplePolicy.head)
        #expect(contact.name == "Иван Петров")
        #expect(contact.phones.map(\.e164) == ["+79160000001", "+79160000002"])
        #expect(contact.company == "ООО Вектор")
        let note = try #require(try await fixture.store.history(of: lead, as: SamplePolicy.head).last?.note)
        #expect(note.contains("+79160000002"), "\(note)")
        #expect(note.contains("Иван Петров"), "\(note)")
        #expect(note.contains("ООО Вектор"), "\(note)")
    }

    @Test func aKnownPhoneWritingFromANewAddressAddsTheAddressAndNeverOverwrites() async throws {
        let fixture = try await StoreFixture()
        let first = try await fixture.store.recordMail(
            [mail("7:1", name: "Анна Смирнова", emails: ["anna@home.ru"], phones: ["+79160000003"], company: "ИП Смирнова")],
            mailbox: "sales", cursor: nil)
        guard case .created(let lead) = first[0] else { Issue.record("\(first)"); return }
        // Another name (a colleague, a short form) and another company change nothing already there.
        let again = try await fixture.store.recordMail(
            [mail("7:2", name: "Аня", emails: ["anna@work.ru"], phones: ["+79160000003"], company: "ООО Другое"),
             mail("7:3", name: "Смирнова", emails: ["anna@work.ru"])],
            mailbox: "sales", cursor: nil)
        #expect(again == [.addedToDeal(lead), .addedToDeal(lead)])
        let contact = try await fixture.store.contact(ofLead: lead, as: SamplePolicy.head)
        #expect(contact.name == "Анна Смирнова")
        #expect(contact.company == "ИП Смирнова")
        #expect(contact.emails == ["anna@home.ru", "anna@work.ru"])
        let history = try await fixture.store.history(of: lead, as: SamplePolicy.head)
        try #require(history.count == 3)
        #expect(history[1].note?.contains("anna@work.ru") == true, "\(history[1].note ?? "")")
        #expect(history[2].note?.contains("anna@work.ru") == false, "nothing new the second time: \(history[2].note ?? "")")
    }

    @Test func aPlaceholderNameGivesWayToARealOne() async throws {
        // Intake names a contact after the address when a mail gives no name.
        let fixture = try await StoreFixture()
        let first = try await fixture.store.recordMail([mail("7:1", name: "petrov", emails: ["petrov@firm.ru"])], mailbox: "sales", cursor: nil)
        guard case .created(let lead) = first[0] else { Issue.record("\(first)"); return }
        _ = try await fixture.store.recordMail([mail("7:2", name: "Пётр Петров", emails: ["petrov@firm.ru"])], mailbox: "sales", cursor: nil)
        #expect(try await fixture.store.contact(ofLead: lead, as: SamplePolicy.head).name == "Пётр Петров")
    }

    @Test func aReplyFromAColleagueDoesNotChangeTheClient() async throws {
        let fixture = try await StoreFixture()
        let first = try await fixture.store.recordMail([mail("7:1", name: "Иван", emails: ["ivan@firm.ru"])], mailbox: "sales", cursor: nil)
        guard case .created(let lead) = first[0] else { Issue.record("\(first)"); return }
        var reply = mail("7:2", name: "Иван Сидоров", emails: ["boss@firm.ru"], phones: ["+79160000009"])
        reply.thread = ["7:1@x"]
        #expect(try await fixture.store.recordMail([reply], mailbox: "sales", cursor: nil) == [.addedToDeal(lead)])
        let contact = try await fixture.store.contact(ofLead: lead, as: SamplePolicy.head)
        #expect(contact.name == "Иван")
        #expect(contact.emails == ["ivan@firm.ru"])
        #expect(contact.phones.isEmpty)
    }
}
