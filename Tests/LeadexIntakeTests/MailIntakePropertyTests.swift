import Foundation
import LeadexConfig
import LeadexCore
import LeadexIntake
import LeadexStore
import LeadexTesting
import Testing

/// Random, reproducible mixtures of what a sales mailbox receives in one busy hour — a site's
/// form mails all from one `noreply@` (those without an email field from the site's `info@`),
/// clients' letters with form-like subjects, replies in their threads, auto-replies —
/// delivered as one backlog into a real Dovecot and read by the real intake. Every request becomes exactly one lead (a client's first) or one history line
/// on that lead (the client again); only auto-replies are ignored, with their reason.
@Suite(.serialized) struct MailIntakePropertyTests {
    /// One generated mail and what intake must make of it.
    struct Case {
        enum Kind: String { case form, formWithoutEmail, letter, reply, autoReply }
        var kind: Kind
        var messageID: String
        /// The client whose request it is (the one an auto-reply came from).
        var client: Int
        var bytes: [UInt8]
    }

    /// `count` mails within one hour, about a third of them form mails from one sender.
    static func mixture(seed: UInt64, count: Int) -> [Case] {
        var random = SplitMix(seed: seed)
        let hour = Date(timeIntervalSince1970: 1_795_400_000)  // an hour before the store's clock
        let subjects = ["Заявка", "Заявка на поставку", "Обратный звонок", "Заказ звонка", "Вопрос с сайта", "Заявка №\(seed)"]
        let signatures = ["Тел.:", "Тел:", "Телефон:", "Моб.:"]
        var cases: [Case] = []
        var clients: [Int] = []
        var threads: [(client: Int, messageID: String)] = []
        for n in 0..<count {
            let at = hour.addingTimeInterval(Double(n) * 3600 / Double(count))
            let id = "m\(n).s\(seed)@gen.test"
            // A known client writes again about a third of the time.
            let client =
                !clients.isEmpty && Int.random(in: 0..<3, using: &random) == 0
                ? clients.randomElement(using: &random)! : Int(seed) * 100_000 + clients.count + 1
            let kinds: [(Case.Kind, Int)] = [(.form, 30), (.formWithoutEmail, 10), (.letter, 30), (.reply, threads.isEmpty ? 0 : 18), (.autoReply, 12)]
            var pick = Int.random(in: 0..<kinds.map(\.1).reduce(0, +), using: &random)
            let kind = kinds.first { pick -= $0.1; return pick < 0 }!.0
            let person = GeneratedMail.client(client)
            switch kind {
            case .form, .formWithoutEmail:
                // Without an email field, from the site's own mailbox (no robot's name, another
                // domain than ours): it must not become every client's address.
                cases.append(Case(kind: kind, messageID: id, client: client, bytes: GeneratedMail.form(
                    id: id, at: at, client: person, order: n, sender: kind == .form ? "Сайт <noreply@site.ru>" : "Сайт site.ru <info@site.ru>",
                    withEmail: kind == .form)))
            case .letter:
                cases.append(Case(kind: kind, messageID: id, client: client, bytes: GeneratedMail.letter(
                    id: id, at: at, client: person, order: n, subject: subjects.randomElement(using: &random)!,
                    signature: signatures.randomElement(using: &random)!)))
            case .reply:
                let thread = threads.randomElement(using: &random)!
                cases.append(Case(kind: kind, messageID: id, client: thread.client, bytes: GeneratedMail.reply(
                    id: id, at: at, client: GeneratedMail.client(thread.client), to: thread.messageID, order: n)))
            case .autoReply:
                cases.append(Case(kind: kind, messageID: id, client: client, bytes: GeneratedMail.autoReply(
                    id: id, at: at, client: person, order: n)))
            }
            if kind != .autoReply, kind != .reply, !clients.contains(client) { clients.append(client) }
            if kind == .letter || kind == .form { threads.append((client, id)) }
        }
        return cases
    }

    @Test(arguments: [(UInt64(1), DovecotFixture.MailProtocol.imap), (2, .imap), (3, .pop3)])
    func everyRequestInABacklogBecomesOneLeadOrOneHistoryLine(seed: UInt64, protocol mailProtocol: DovecotFixture.MailProtocol) async throws {
        let cases = Self.mixture(seed: seed, count: 300)
        let dovecot = try DovecotFixture.start(users: ["sales"])
        try dovecot.deliverBacklog(user: "sales", messages: cases.map(\.bytes))
        let store = try await StoreFixture()
        let directory = try TemporaryDirectory()
        let settings = InboxSettings(
            name: "sales", url: dovecot.url(mailProtocol), user: "sales", password: .file(try directory.write("password", dovecot.password + "\n")),
            caFile: dovecot.caFile)
        let report = try await InboxService(settings: settings, store: store.store, logger: store.logs.logger()).syncOnce()
        #expect(report.fetched == cases.count, "seed \(seed): \(report)")

        let recorded = try await store.store.recordedMail(in: "sales")
        try #require(recorded.count == cases.count, "seed \(seed)")
        if mailProtocol == .imap {
            // Dovecot numbered the backlog in the order it was written: the expectations below follow it.
            #expect(recorded.map(\.messageID) == cases.map(\.messageID), "seed \(seed)")
        }
        let byID = Dictionary(uniqueKeysWithValues: recorded.compactMap { r in r.messageID.map { ($0, r) } })
        var leadOfClient: [Int: LeadID] = [:]
        var counts: [String: Int] = [:]
        // In the order intake read them: a client's first request is a lead, every later one a line on it.
        for mail in recorded {
            let c = try #require(cases.first { $0.messageID == mail.messageID }, "seed \(seed)")
            let expected: String =
                switch c.kind {
                case .autoReply: "ignored"
                default: leadOfClient[c.client] == nil ? "lead" : "history"
                }
            counts["\(c.kind.rawValue) → \(mail.outcome)", default: 0] += 1
            #expect(mail.outcome == expected, "seed \(seed), \(c.kind) \(c.messageID): \(mail.outcome) \(mail.reason ?? "")")
            switch c.kind {
            case .autoReply:
                #expect(mail.reason?.hasPrefix("auto-reply: Auto-Submitted") == true, "seed \(seed) \(c.messageID): \(mail.reason ?? "")")
            default:
                if let lead = leadOfClient[c.client] {
                    #expect(mail.leadID == lead, "seed \(seed) \(c.messageID): the line is on the client's lead")
                } else if let lead = mail.leadID {
                    leadOfClient[c.client] = lead
                }
            }
        }
        #expect(byID.count == cases.count)
        #expect(try await store.store.exchange().count == leadOfClient.count, "seed \(seed)")
        // Each lead's contact is its client: the form's fields or the letter's sender, never the site.
        for (client, lead) in leadOfClient {
            let person = GeneratedMail.client(client)
            let contact = try await store.store.contact(ofLead: lead, as: SamplePolicy.head)
            let mails = cases.filter { $0.client == client && $0.kind != .autoReply }
            #expect(contact.name == person.fullName, "seed \(seed) client \(client)")
            #expect(contact.phones.map(\.e164) == [person.e164], "seed \(seed) client \(client)")
            let gaveAddress = mails.contains { $0.kind == .form || $0.kind == .letter }
            #expect(contact.emails == (gaveAddress ? [person.email] : []), "seed \(seed) client \(client): \(mails.map(\.kind))")
        }
        // What the mixture held and what became of it, for the log of a run.
        print("mail-intake property, seed \(seed), \(mailProtocol): " + counts.sorted { $0.key < $1.key }.map { "\($0.key): \($0.value)" }.joined(separator: ", "))
    }
}
