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
    static let zone = ZoneRules(TimeZone(identifier: "Europe/Moscow")!)
    static let headList = "sales-head@example.ru"
    static let adminList = "it@example.ru"

    init(jobs: JobsSettings = JobsSettings(), language: Language = .ru, smtpMode: SMTPFixture.Mode = .starttls, offerAuth: Bool = true) async throws {
        store = try await StoreFixture(defaultCap: 10)
        smtp = try SMTPFixture(mode: smtpMode, offerAuth: offerAuth)
        let settings = SMTPSettings(
            url: smtp.url, user: smtp.user, password: .file(try smtp.passwordFile()), from: "Leadex <leadex@example.ru>",
            caFile: smtp.caFile)
        outbox = Outbox(database: store.database)
        let sender = OutboxSender(outbox: outbox, transport: SMTPTransport(settings: settings, caFile: smtp.caFile), clock: store.clock, logger: store.logs.logger())
        self.sender = sender
        let mailer = Mailer(templates: try MailTemplates(language: language, directory: nil), from: settings.from, zone: Self.zone, language: language)
        environment = JobEnvironment(
            store: store.store, mailer: mailer, settings: jobs,
            mail: MailSettings(exchangeList: [Self.headList], admins: [Self.adminList]), mailAdded: {})
    }

    /// Delivers what the outbox holds and returns what the server got since `already`.
    func deliver(after already: Int = 0) async throws -> [SMTPFixture.Received] {
        await sender.deliverDue()
        return Array(smtp.messages().dropFirst(already))
    }
}
