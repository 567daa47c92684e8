import Foundation
import LeadexConfig
import LeadexCore
import LeadexJobs
import LeadexStore
import LeadexTesting
import Logging

/// A store, a real SMTP server, and the jobs wired as the daemon wires them, on a manual clock.
struct JobsFixture {
    let store: StoreFixture
    let smtp: SMTPFixture
    let environment: JobEnvironment
    let sender: OutboxSender
    let outbox: Outbox
    let smtpSettings: SMTPSettings
    static let zone = ZoneRules(TimeZone(identifier: "Europe/Moscow")!)
    static let headList = "sales-head@example.ru"
    static let adminList = "it@example.ru"
    static let headAddress = "head@example.ru"

    /// The sample department with a head of sales who has an address of their own, apart from
    /// the exchange list the whole team reads.
    static func policyWithHeadAddress() -> ExchangePolicy {
        var policy = SamplePolicy.make(defaultCap: 10)
        policy.users[SamplePolicy.head]?.email = headAddress
        return policy
    }

    init(
        jobs: JobsSettings = JobsSettings(), language: Language = .ru, smtpMode: SMTPFixture.Mode = .starttls, offerAuth: Bool = true,
        policy: ExchangePolicy? = nil, databasePath: String? = nil, links: PageLinks = .none
    ) async throws {
        store = try await StoreFixture(defaultCap: 10, policy: policy, databasePath: databasePath)
        smtp = try SMTPFixture(mode: smtpMode, offerAuth: offerAuth)
        let settings = try Self.smtpSettings(smtp)
        smtpSettings = settings
        outbox = Outbox(database: store.database)
        let mailer = Mailer(templates: try MailTemplates(language: language, directory: nil), from: settings.from, zone: Self.zone, language: language)
        let sender = Self.sender(outbox: outbox, smtp: smtp, settings: settings, mailer: mailer, clock: store.clock, logs: store.logs)
        self.sender = sender
        environment = JobEnvironment(
            store: store.store, mailer: mailer, settings: jobs,
            mail: MailSettings(exchangeList: [Self.headList], admins: [Self.adminList]), links: links, mailAdded: {})
    }

    static func smtpSettings(_ smtp: SMTPFixture) throws -> SMTPSettings {
        SMTPSettings(
            url: smtp.url, user: smtp.user, password: .file(try smtp.passwordFile()), from: "Leadex <leadex@example.ru>",
            caFile: smtp.caFile)
    }

    /// A sender to `smtp`, as the daemon wires it.
    static func sender(
        outbox: Outbox, smtp: SMTPFixture, settings: SMTPSettings, mailer: Mailer, clock: ManualWallClock, logs: LogCapture
    ) -> OutboxSender {
        OutboxSender(
            outbox: outbox, transport: SMTPTransport(settings: settings, caFile: smtp.caFile), mailer: mailer, clock: clock,
            logger: logs.logger())
    }

    /// A second sender on the same outbox and server, rendering with `language`'s templates: a
    /// daemon restarted on another configuration.
    func sender(language: Language) throws -> OutboxSender {
        let mailer = Mailer(templates: try MailTemplates(language: language, directory: nil), from: smtpSettings.from, zone: Self.zone, language: language)
        return Self.sender(outbox: outbox, smtp: smtp, settings: smtpSettings, mailer: mailer, clock: store.clock, logs: store.logs)
    }

    /// Delivers what the outbox holds and returns what the server got since `already`.
    func deliver(after already: Int = 0) async throws -> [SMTPFixture.Received] {
        await sender.deliverDue()
        return Array(smtp.messages().dropFirst(already))
    }
}
