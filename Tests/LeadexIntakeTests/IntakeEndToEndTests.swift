import Foundation
import LeadexConfig
import LeadexCore
import LeadexIntake
import LeadexStore
import LeadexTesting
import Testing

/// Mail delivered to a real Dovecot becomes leads through the daemon's own intake code.
@Suite(.serialized) struct IntakeEndToEndTests {
    let dovecot: DovecotFixture
    let directory: TemporaryDirectory
    let store: StoreFixture

    init() async throws {
        dovecot = try DovecotFixture.start(users: ["sales", "u2"])
        directory = try TemporaryDirectory()
        store = try await StoreFixture()
    }

    func inbox(
        _ mailProtocol: DovecotFixture.MailProtocol = .imap, _ transport: DovecotFixture.Transport = .implicitTLS,
        after: InboxSettings.After? = nil, moveTo: String? = nil
    ) throws -> InboxService {
        let password = try directory.write("password", dovecot.password + "\n")
        let settings = InboxSettings(
            name: "sales", url: dovecot.url(mailProtocol, transport), user: "sales", password: .file(password), after: after,
            moveTo: moveTo, caFile: dovecot.caFile, downAlertAfter: .seconds(60))
        return try InboxService(settings: settings, store: store.store, logger: store.logs.logger())
    }

    func fixture(_ name: String) throws -> [UInt8] {
        Array(try Data(contentsOf: URL(fileURLWithPath: RepositoryPaths.file("Tests/LeadexMailTests/Fixtures/\(name).eml"))))
    }

    func leads() async throws -> [(lead: Lead, contact: Contact)] {
        var result: [(Lead, Contact)] = []
        for lead in try await store.store.exchange() {
            result.append((lead, try await store.store.contact(ofLead: lead.id!, as: SamplePolicy.head)))
        }
        return result
    }

    @Test func russianMailInEveryCharsetBecomesLeadsOverIMAPS() async throws {
        // One mailbox and one database per charset: the fixtures share one sender and phone
        // (inside base64 bodies too), so in one database they would rightly be one contact.
        let charsets = ["utf8_qp", "cp1251_base64", "koi8r_8bit", "iso88595_qp", "cp866_base64", "maccyrillic_8bit", "unknown_charset"]
        let server = try DovecotFixture.start(users: charsets.map { $0.replacingOccurrences(of: "_", with: "-") })
        let password = try directory.write("password", server.password + "\n")
        for name in charsets {
            let user = name.replacingOccurrences(of: "_", with: "-")
            try server.deliver(user: user, bytes: try fixture(name))
            let database = try await StoreFixture()
            let settings = InboxSettings(
                name: "sales", url: server.url(.imap), user: user, password: .file(password), caFile: server.caFile)
            let report = try await InboxService(settings: settings, store: database.store, logger: database.logs.logger()).syncOnce()
            #expect(report.fetched == 1 && report.created == 1 && report.acknowledged == 1, "\(name): \(report)")
            let lead = try #require(try await database.store.exchange().first, "\(name)")
            let contact = try await database.store.contact(ofLead: lead.id!, as: SamplePolicy.head)
            #expect(lead.title == "Запрос цены", "\(name)")
            #expect(lead.text.contains("Хотим заказать 50 столов"), "\(name)")
            #expect(lead.stage == "new")
            #expect(lead.status == .exchange)
            #expect(lead.source == LeadSource(kind: .mail, name: "sales"))
            #expect(contact.name == "Пётр Сидоров", "\(name)")
            #expect(contact.emails == ["petr@example.ru"], "\(name)")
            #expect(contact.phones.map(\.e164) == ["+79123456789"], "\(name)")
            // A second pass finds nothing new.
            #expect(try await InboxService(settings: settings, store: database.store, logger: database.logs.logger()).syncOnce().fetched == 0)
        }
    }

    @Test func formMailIsReadFieldByField() async throws {
        try dovecot.deliver(user: "sales", bytes: try fixture("form_plain"))
        _ = try await inbox().syncOnce()
        let (lead, contact) = try #require(try await leads().first)
        #expect(contact.name == "Анна Смирнова")
        #expect(contact.emails == ["anna@mail.ru"])
        #expect(contact.phones.map(\.e164) == ["+79001234567"])
        #expect(contact.company == "ООО «Ромашка»")
        #expect(lead.text.contains("Нужен расчёт"))
    }

    @Test func mailAlreadyReadInAnotherClientStillBecomesALeadAndMoveWorks() async throws {
        try dovecot.deliver(user: "sales", bytes: TestMail.message(1))
        // Another client reads it first.
        let reader = try IMAPSession(settings: dovecot.settings(user: "sales"))
        _ = try reader.select("INBOX")
        try reader.markSeen(uids: [1])
        reader.logout()
        let report = try await inbox(after: .move, moveTo: "Leadex").syncOnce()
        #expect(report.created == 1)
        let check = try IMAPSession(settings: dovecot.settings(user: "sales"))
        #expect(try check.select("INBOX").exists == 0)
        #expect(try check.select("Leadex").exists == 1)
        check.logout()
    }

    @Test func aUIDValidityChangeCreatesNoDuplicates() async throws {
        for number in 1...3 { try dovecot.deliver(user: "sales", bytes: TestMail.message(number)) }
        #expect(try await inbox().syncOnce().created == 3)
        let change = try dovecot.resetUIDValidity(user: "sales")
        #expect(change.old != change.new)
        try dovecot.deliver(user: "sales", bytes: TestMail.message(4))
        let report = try await inbox().syncOnce()
        #expect(report.fetched == 4)
        #expect(report.duplicates == 3)
        #expect(report.created == 1)
        #expect(try await store.store.exchange().count == 4)
        #expect(store.logs.entries.contains { $0.message.hasPrefix("UIDVALIDITY changed") })
    }

    @Test func aReplyJoinsItsOpenDealAndAutoRepliesAndBouncesAreIgnored() async throws {
        let request = Array(
            "From: Олег <colleague@firm.ru>\r\nSubject: Запрос\r\nMessage-ID: <req-1@firm.ru>\r\n\r\nНужно КП.\r\n".utf8)
        try dovecot.deliver(user: "sales", bytes: request)
        _ = try await inbox().syncOnce()
        let deal = try #require(try await store.store.exchange().first?.id)
        try dovecot.deliver(user: "sales", bytes: try fixture("reply"))
        try dovecot.deliver(user: "sales", bytes: try fixture("autoreply"))
        try dovecot.deliver(user: "sales", bytes: try fixture("bounce"))
        let report = try await inbox().syncOnce()
        #expect(report.addedToDeals == 1)
        #expect(report.ignored == 2)
        #expect(try await store.store.exchange().count == 1)
        let history = try await store.store.history(of: deal, as: SamplePolicy.head)
        #expect(history.last?.action == .mailReceived)
        #expect(history.last?.note?.contains("выставляйте счёт") == true)
        let outcomes = try await store.store.mailOutcomes(in: "sales")
        #expect(outcomes == ["lead": 1, "history": 1, "ignored": 2])
        let reasons = store.logs.entries.filter { $0.message.hasPrefix("mail ignored") }.map(\.message)
        #expect(reasons.contains { $0.hasPrefix("mail ignored: auto-reply") })
        #expect(reasons.contains { $0.hasPrefix("mail ignored: bounce") })
    }

    @Test func imapWithSTARTTLSAndPOP3SWork() async throws {
        try dovecot.deliver(user: "sales", bytes: TestMail.message(1))
        #expect(try await inbox(.imap, .plain).syncOnce().created == 1)
        try dovecot.deliver(user: "sales", bytes: TestMail.message(2))
        let pop = try await inbox(.pop3).syncOnce()
        // POP3 lists both messages; the first is already a lead (same Message-ID), the second is new.
        #expect(pop.fetched == 2)
        #expect(pop.created == 1)
        #expect(pop.duplicates == 1)
        // Deleted from the server only after being recorded.
        #expect(try POP3Client(settings: dovecot.settings(user: "sales", protocol: .pop3)).list().isEmpty)
    }
}
