import Foundation
import LeadexCore
import LeadexJobs
import LeadexStore
import LeadexTesting
import Testing

@Suite("Outbox: mail waits while SMTP is down and all of it arrives once it is back")
struct OutboxSenderTests {
    @Test("SMTP down for a while: retries with backoff, nothing lost, nothing doubled")
    func outage() async throws {
        let f = try await JobsFixture()
        var leads: [LeadID] = []
        for i in 0..<5 {
            let lead = try await f.store.incoming(name: "Клиент \(i)")
            try await f.store.store.perform(.take, on: lead, by: SamplePolicy.ivanov)
            try await f.store.store.setReminder(on: lead, at: f.store.clock.now().addingTimeInterval(60), note: "звонок \(i)", by: SamplePolicy.ivanov)
            leads.append(lead)
        }
        f.smtp.stop()
        f.store.clock.advance(by: .seconds(60))
        _ = try await f.environment.reminderJob().run(f.store.clock.now(), f.store.clock.now())
        var result = await f.sender.deliverDue()
        #expect(result.sent == 0 && result.failed == 1, "the first failure stops the pass")
        #expect(try await f.outbox.counts().pending == 5)
        // The server is left alone for 30 s, then 60 s, …: not one connection per waiting mail.
        #expect(await f.sender.pausedUntil == f.store.clock.now().addingTimeInterval(30))
        result = await f.sender.deliverDue()
        #expect(result.sent == 0 && result.failed == 0)
        f.store.clock.advance(by: .seconds(30))
        result = await f.sender.deliverDue()
        #expect(result.failed == 1)
        #expect(await f.sender.pausedUntil == f.store.clock.now().addingTimeInterval(60))
        #expect(f.store.logs.entries.filter { $0.message.contains("SMTP delivery failed") }.count == 1, "one warning per outage")

        try f.smtp.restart()
        f.store.clock.advance(by: .seconds(3600))
        result = await f.sender.deliverDue()
        #expect(result.sent == 5)
        let received = f.smtp.messages()
        #expect(received.count == 5)
        #expect(Set(received.compactMap { $0.header("Message-ID") }).count == 5)
        #expect(try await f.outbox.counts() == (pending: 0, sent: 5))
        #expect(f.store.logs.entries.contains { $0.message.contains("works again") })
    }
}
