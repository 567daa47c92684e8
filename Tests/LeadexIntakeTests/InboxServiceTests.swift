import Foundation
import LeadexConfig
import LeadexCore
import LeadexIntake
import LeadexStore
import LeadexTesting
import Logging
import ServiceLifecycle
import Testing

/// The long-running mailbox service, as the daemon runs it: IDLE, a server outage, recovery.
@Suite(.serialized) struct InboxServiceTests {
    @Test func idleBringsMailInAndAnOutageIsWarnedEscalatedAndRecovered() async throws {
        let dovecot = try DovecotFixture.start(users: ["sales"])
        let directory = try TemporaryDirectory()
        let database = try await StoreFixture()
        let password = try directory.write("password", dovecot.password + "\n")
        let settings = InboxSettings(
            name: "sales", url: dovecot.url(.imap), user: "sales", password: .file(password), pollInterval: .seconds(600),
            idle: true, caFile: dovecot.caFile, downAlertAfter: .seconds(1))
        let service = try InboxService(settings: settings, store: database.store, logger: database.logs.logger())
        let group = ServiceGroup(configuration: .init(services: [.init(service: service)], logger: Logger(label: "test")))

        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }

            // IDLE: with a 10-minute poll interval, only IDLE can bring this in. Delivered once the
            // first pass is done and the session idles. The wait is generous: in the full parallel
            // run, other suites' blocking process waits can hold the shared threads for seconds.
            #expect(try await eventually(90) { database.logs.entries.contains { $0.message.hasPrefix("waiting for new mail") } })
            try dovecot.deliver(user: "sales", bytes: TestMail.message(1))
            #expect(try await eventually(60) { try await database.store.exchange().count == 1 })

            // The server goes away: one warning, then one error once it is down past 1 s. Also a
            // generous wait: the broken IDLE session is noticed on the mailbox's blocking worker,
            // which the full parallel run starves like the rest.
            dovecot.stop()
            #expect(try await eventually(40) { database.logs.entries.contains { $0.level == .error } })
            let warnings = database.logs.entries.filter { $0.message.hasPrefix("mailbox failing") }
            #expect(warnings.count == 1)
            #expect(warnings.first?.metadata["inbox"] == "sales")
            #expect(!warnings.contains { $0.message.contains(dovecot.password) })

            // It comes back: recovery is logged and mail flows again.
            try dovecot.restart()
            #expect(try await eventually(20) { database.logs.entries.contains { $0.message.hasPrefix("mailbox reachable again") } })
            try dovecot.deliver(user: "sales", bytes: TestMail.message(2))
            #expect(try await eventually(60) { try await database.store.exchange().count == 2 })
            #expect(database.logs.entries.filter { $0.message.hasPrefix("mailbox failing") }.count == 1)

            await group.triggerGracefulShutdown()
            try await tasks.waitForAll()
        }
    }
}
