import Foundation
import LeadexCore
import LeadexStore
import LeadexTesting
import Testing

/// What people do at their desk through the control socket, on a real SQLite file.
@Suite struct DeskTests {
    func manual(_ name: String, phone: String, email: String? = nil, by login: UserLogin) -> IncomingLead {
        IncomingLead(
            source: LeadSource(kind: .manual, name: login.rawValue), sourceRef: nil, title: name, text: "",
            contact: ContactDraft(name: name, emails: email.map { [$0] } ?? [], phones: [PhoneNumber(phone)!]))
    }

    @Test func aLeadTypedInAndTakenIsRolledBackWhenTheCapRefusesIt() async throws {
        let fixture = try await StoreFixture()
        let store = fixture.store
        // petrov's cap is 1.
        let (first, isNew) = try await store.addLead(manual("Выставка 1", phone: "8 912 000-00-01", by: "petrov"), take: true, by: SamplePolicy.petrov)
        #expect(first.status == .owned(by: SamplePolicy.petrov, keep: false) && isNew)
        await #expect(throws: RuleViolation.self) {
            try await store.addLead(manual("Выставка 2", phone: "8 912 000-00-02", by: "petrov"), take: true, by: SamplePolicy.petrov)
        }
        #expect(try await store.exchange().isEmpty, "nothing of the refused lead stays")
        #expect(try await store.searchContacts("000-00-02", as: SamplePolicy.head).isEmpty)
        // The same phone in another format is the same contact.
        let (again, known) = try await store.addLead(manual("Повторно", phone: "+7 912 000 00 01", by: "ivanov"), take: false, by: SamplePolicy.ivanov)
        #expect(!known && again.contactID == first.contactID)
        #expect(fixture.logs.entries.contains { $0.metadata["rule"] == "exchange.cap" && $0.metadata["action"] == "add" })
    }

    @Test func aManagerFindsOnlyContactsOfTheExchangeAndOwnDeals() async throws {
        let fixture = try await StoreFixture(defaultCap: 10)
        let store = fixture.store
        let mine = try await fixture.incoming(name: "Анна Своя", email: "anna@example.ru", phone: "8 903 111-22-33")
        let theirs = try await fixture.incoming(name: "Борис Чужой", email: "boris@example.ru", phone: "8 903 444-55-66")
        _ = try await fixture.incoming(name: "Вера На Бирже", phone: "8 903 777-88-99")
        try await store.perform(.take, on: mine, by: SamplePolicy.ivanov)
        try await store.perform(.take, on: theirs, by: SamplePolicy.exporter)

        func names(_ query: String, _ login: UserLogin) async throws -> [String] {
            try await store.searchContacts(query, as: login).map(\.contact.name)
        }
        #expect(try await names("анна", SamplePolicy.ivanov) == ["Анна Своя"], "any case, Cyrillic too")
        #expect(try await names("+7 (903) 111-22-33", SamplePolicy.ivanov) == ["Анна Своя"])
        #expect(try await names("1112233", SamplePolicy.ivanov) == ["Анна Своя"], "a run of digits")
        #expect(try await names("борис", SamplePolicy.ivanov).isEmpty, "another manager's client")
        #expect(try await names("boris@example.ru", SamplePolicy.ivanov).isEmpty)
        #expect(try await names("903", SamplePolicy.ivanov).isEmpty, "three digits are not a search")
        #expect(try await names("вера", SamplePolicy.ivanov) == ["Вера На Бирже"], "the exchange is everyone's")
        #expect(try await names("example.ru", SamplePolicy.qa) == ["Анна Своя", "Борис Чужой"])
        let found = try await store.searchContacts("анна", as: SamplePolicy.petrov)
        #expect(found.isEmpty)
    }

    @Test func teamLoadAndReportsAreForThoseWhoOversee() async throws {
        let fixture = try await StoreFixture(defaultCap: 10)
        let store = fixture.store
        let id = try await fixture.incoming()
        try await store.perform(.take, on: id, by: SamplePolicy.ivanov)
        let load = try await store.teamLoad(as: SamplePolicy.qa)
        let ivanov = try #require(load.first { $0.user.login == SamplePolicy.ivanov })
        #expect(ivanov.openDeals == 1 && ivanov.cap == 10)
        #expect(load.first { $0.user.login == SamplePolicy.petrov }?.cap == 1)
        await #expect(throws: RuleViolation.self) { try await store.teamLoad(as: SamplePolicy.ivanov) }
        await #expect(throws: RuleViolation.self) { try await store.salesReport(since: .distantPast, until: .now, as: SamplePolicy.ivanov) }
        #expect(throws: RuleViolation.self) { try store.checkCanImport(SamplePolicy.qa) }
        try store.checkCanImport(SamplePolicy.head)
        #expect(fixture.logs.entries.contains { $0.metadata["rule"] == "role" && $0.metadata["action"] == "users" && $0.metadata["user"] == "ivanov" })

        try await store.perform(.refuse(reason: "expensive", note: nil), on: id, by: SamplePolicy.ivanov)
        #expect(try await store.refusalsAwaitingReview(as: SamplePolicy.qa).map(\.id) == [id])
        #expect(try await store.refusalsAwaitingReview(as: SamplePolicy.ivanov).map(\.id) == [id])
        #expect(try await store.refusalsAwaitingReview(as: SamplePolicy.petrov).isEmpty)
    }

    @Test func anImportMergesByPhoneOrEmailAndADryRunWritesNothing() async throws {
        let fixture = try await StoreFixture()
        let store = fixture.store
        _ = try await fixture.incoming(name: "Старый Клиент", phone: "8 912 000-00-01")
        let csv = """
            ФИО;Телефон;Email
            Старый Клиент;+7 912 000 00 01;old@example.ru
            Новый;8 912 000-00-02;
            Новый ещё раз;;NEW@example.ru
            Тоже новый;79120000002;new@example.ru
            Никто;;
            """
        let sheet = try ClientSheet(bytes: Array(csv.utf8))
        let dry = try await store.importClients(sheet, file: "a.csv", dryRun: true, by: SamplePolicy.admin)
        #expect(dry.created == 2 && dry.merged == 1 && dry.mergedInFile == 1 && dry.rejected.count == 1)
        #expect(try await store.searchContacts("new@example.ru", as: SamplePolicy.admin).isEmpty, "dry run")

        let real = try await store.importClients(sheet, file: "a.csv", dryRun: false, by: SamplePolicy.admin)
        #expect(real.decisions.map(\.line) == dry.decisions.map(\.line))
        let old = try await store.searchContacts("Старый", as: SamplePolicy.admin)
        #expect(old.first?.contact.emails == ["old@example.ru"])
        // Line 5 names line 3's phone and line 4's email: merged into line 3's contact, and
        // neither number ends up belonging to two people.
        let byEmail = try await store.searchContacts("new@example.ru", as: SamplePolicy.admin)
        #expect(byEmail.map(\.contact.name) == ["Новый ещё раз"] && byEmail.first?.contact.phones == [])
        let byPhone = try await store.searchContacts("79120000002", as: SamplePolicy.admin)
        #expect(byPhone.map(\.contact.name) == ["Новый"] && byPhone.first?.contact.emails == [])
        #expect(real.decisions.last.map { "\($0.decision)" }?.contains("mergedWithLine(3") == true)
        // The real run is in the audit trail, the dry run is not.
        let audit = try fixture.database.auditTrail()
        #expect(audit.map(\.action) == ["import"] && audit.first?.actor == SamplePolicy.admin.rawValue && audit.first?.subject == "a.csv")
        #expect(audit.first?.detail == "2 new contacts, 2 merged, 1 rejected", "\(audit)")
        await #expect(throws: RuleViolation.self) { try await store.importClients(sheet, file: "a.csv", dryRun: true, by: SamplePolicy.ivanov) }
    }

    @Test func theLeadsGenerationMovesWithEveryCommittedChangeToALeadOnly() async throws {
        let fixture = try await StoreFixture()
        let store = fixture.store
        let start = store.leadsGeneration
        let id = try await fixture.incoming()
        let received = store.leadsGeneration
        #expect(received > start)
        try await store.perform(.take, on: id, by: SamplePolicy.petrov)
        let taken = store.leadsGeneration
        #expect(taken > received)
        // A refused action rolls back: nothing changed, nothing to re-read.
        await #expect(throws: RuleViolation.self) { try await store.perform(.take, on: id, by: SamplePolicy.ivanov) }
        _ = try await store.exchange()
        #expect(store.leadsGeneration == taken)
        try await store.perform(.returnToExchange(note: nil), on: id, by: SamplePolicy.petrov)
        let listed = try #require(try await store.exchange(withText: false).first)
        #expect(listed.text.isEmpty && listed.title == "Заявка с сайта")
        #expect(try await store.exchange().first?.text == "Нужен расчёт")
    }
}
