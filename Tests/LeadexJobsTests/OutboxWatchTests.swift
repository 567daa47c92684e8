import Foundation
import LeadexCore
import LeadexJobs
import LeadexStore
import LeadexTesting
import Testing

/// Mail that another process queues (`probe-forms`, `run-job`, `backup-now` open the database
/// themselves) is delivered within seconds, though the sender sleeps for an hour on its clock.
@Suite("Outbox: mail queued by another process wakes the sleeping sender")
struct OutboxWatchTests {
    @Test("a mail committed through a second connection is sent with the manual clock standing still")
    func mailFromAnotherWriterIsSentAtOnce() async throws {
        let f = try await JobsFixture()
        let loop = Task { try await f.sender.run() }
        defer { loop.cancel() }
        // Nothing to send: asleep until the hourly look.
        try await waitUntil { f.store.clock.nextDeadline == f.store.clock.now().addingTimeInterval(3600) }

        // Another process: its own connection to the same file, as `leadexd run-job` opens it.
        let other = try LeadexDatabase(path: f.store.database.path)
        let mail = OutgoingMail(
            kind: .adminAlert, envelopeFrom: "leadex@example.ru", recipients: [JobsFixture.adminList], messageID: "other@leadex.test",
            subject: "Проба", message: Array("Message-ID: <other@leadex.test>\r\nSubject: probe\r\n\r\nbody\r\n".utf8))
        try await Outbox(database: other).enqueue([mail], at: f.store.clock.now())
        try other.close()

        let deadline = ContinuousClock.now + .seconds(10)
        while f.smtp.messages().isEmpty && ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(20)) }
        #expect(f.smtp.messages().map { $0.header("Message-ID") } == ["<other@leadex.test>"])
        try await waitUntil { (try? await f.outbox.counts())?.sent == 1 }
        // Back to the hourly sleep: the sender's own writes do not keep it awake.
        try await waitUntil { f.store.clock.nextDeadline == f.store.clock.now().addingTimeInterval(3600) }
        loop.cancel()
        _ = try? await loop.value
    }
}
