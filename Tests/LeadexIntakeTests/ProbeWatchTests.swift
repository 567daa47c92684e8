import Foundation
import LeadexConfig
import LeadexIntake
import LeadexMail
import LeadexStore
import LeadexTesting
import Synchronization
import Testing

/// `leadexd probe-forms`' wait, on the manual clock: it ends with every probe's outcome, whoever
/// settled it (the running daemon's deadline job often does first), and never runs past the
/// latest deadline.
extension FormProbeTests {
    /// Runs the watch, moving the clock each time it sleeps, up to `limit` past the latest
    /// deadline; `nil` when it had not ended by then (it is cancelled).
    func watch(
        _ job: FormProbeJob, _ sent: [ProbeOutcome], limit: Duration = .seconds(600), readIntake: @escaping @Sendable () async -> Void = {}
    ) async throws -> [ProbeOutcome]? {
        let deadlines = sent.compactMap { if case .sent(_, _, let deadline) = $0 { deadline } else { nil } }
        let end = (deadlines.max() ?? store.clock.now()).addingTimeInterval(TimeInterval(limit.components.seconds))
        let result = Mutex<[ProbeOutcome]?>(nil)
        let clock = store.clock
        let task = Task {
            let outcomes = await job.watch(sent, clock: clock, readIntake: readIntake)
            result.withLock { $0 = outcomes }
        }
        while result.withLock({ $0 == nil }) && clock.now() <= end {
            if clock.sleeperCount > 0 {
                clock.advance(by: .seconds(5))
            } else {
                try await Task.sleep(for: .milliseconds(5))
            }
        }
        // A last moment for a watch that has just ended.
        _ = try await eventually(1) { result.withLock { $0 != nil } }
        task.cancel()
        await task.value
        return result.withLock { $0 }
    }

    @Test func theWatchSeesAProbeTheDaemonSettledAsArrived() async throws {
        let form = settings()
        let sent = await job([form]).run(now: store.clock.now())
        guard case .sent(_, let token, _)? = sent.first else {
            Issue.record("not sent: \(sent)")
            return
        }
        // The running daemon reads the feed and its deadline job settles the probe first.
        let daemon = FormProbeJob(forms: [form], store: store.store, alerting: alerts, logger: store.logs.logger())
        #expect(try await poll(form).probes == 1)
        #expect(await daemon.checkDeadlines(now: store.clock.now()) == [.arrived(form: "site", token: token)])

        let outcomes = try await watch(job([form]), sent)
        #expect(outcomes == [.arrived(form: "site", token: token)])
    }

    @Test func theWatchSeesAProbeTheDaemonSettledAsMissed() async throws {
        let form = settings()
        try server.dropSubmissions()
        let sent = await job([form]).run(now: store.clock.now())
        guard case .sent(_, let token, _)? = sent.first else {
            Issue.record("not sent: \(sent)")
            return
        }
        let daemon = FormProbeJob(forms: [form], store: store.store, alerting: alerts, logger: store.logs.logger())
        store.clock.advance(by: .seconds(1801))
        #expect(await daemon.checkDeadlines(now: store.clock.now()).count == 1)

        let outcomes = try #require(try await watch(job([form]), sent), "the watch did not end")
        guard case .failed(form: "site", token: token, let reason)? = outcomes.first, outcomes.count == 1 else {
            Issue.record("\(outcomes)")
            return
        }
        #expect(reason.contains("but it never came back"), "\(reason)")
        // One alert for the incident: the daemon's.
        #expect(alerts.recorded.count == 1)
    }

    @Test func theWatchEndsAtTheLatestDeadlineWhateverHappens() async throws {
        // Two forms; one probe vanishes, the other comes back late in the wait through the mailbox.
        var mailed = settings()
        mailed.name = "mailed"
        mailed.probe?.destination = .mailbox("sales")
        mailed.probe?.deadline = .seconds(600)
        let dropping = try FormServerFixture()
        var lost = settings()
        lost.name = "lost"
        lost.probe?.url = dropping.submitURL
        try dropping.dropSubmissions()
        let job = job([mailed, lost])
        let sent = await job.run(now: store.clock.now())
        let tokens = sent.compactMap { if case .sent(let form, let token, _) = $0 { (form, token) } else { nil } }
        try #require(tokens.count == 2, "\(sent)")
        let mailedToken = try #require(tokens.first { $0.0 == "mailed" }?.1)
        let start = store.clock.now()
        let (store, clock) = (self.store.store, self.store.clock)
        let delivered = Mutex(false)
        let outcomes = try #require(
            try await watch(job, sent, limit: .seconds(60)) {
                // The site's mail arrives five minutes in.
                guard clock.now() >= start.addingTimeInterval(300), !delivered.withLock({ $0 }) else { return }
                delivered.withLock { $0 = true }
                let mail = "From: noreply@example.ru\r\nSubject: Заявка\r\nMessage-ID: <p@example.ru>\r\n\r\nКомментарий: \(mailedToken)\r\n"
                let item = MessageDecider(mailbox: "sales").decide(serverKey: "1:1", bytes: Array(mail.utf8))
                _ = try? await store.recordMail([item], mailbox: "sales", cursor: nil)
            }, "the watch did not end")
        #expect(outcomes.contains(.arrived(form: "mailed", token: mailedToken)), "\(outcomes)")
        #expect(outcomes.contains { if case .failed(form: "lost", _, _) = $0 { true } else { false } }, "\(outcomes)")
        #expect(outcomes.count == 2)
        // It ended once the last deadline (30 minutes) had passed, not later.
        #expect(self.store.clock.now() <= start.addingTimeInterval(1800 + 10))
    }

    @Test func aProbeOnlyFormsProbeIsSubmittedAndComesBackThroughItsMailbox() async throws {
        // A form that only sends mail: no feed at all, its probe expected in "sales".
        var form = settings()
        form.url = nil
        form.probe?.destination = .mailbox("sales")
        let job = job([form])
        let sent = await job.run(now: store.clock.now())
        guard case .sent(form: "site", let token, _)? = sent.first, sent.count == 1 else {
            Issue.record("not sent: \(sent)")
            return
        }
        #expect(try server.submissions().contains(token))
        let store = self.store.store
        let outcomes = try await watch(job, sent) {
            let mail = "From: noreply@example.ru\r\nSubject: Заявка\r\nMessage-ID: <q@example.ru>\r\n\r\nКомментарий: \(token)\r\n"
            _ = try? await store.recordMail([MessageDecider(mailbox: "sales").decide(serverKey: "1:1", bytes: Array(mail.utf8))], mailbox: "sales", cursor: nil)
        }
        #expect(outcomes == [.arrived(form: "site", token: token)])
        #expect(try await store.formStatus("site").lastProbe?.arrivedVia == "mailbox:sales")
        // The silence watch leaves it alone: its requests are mail, not submissions of its own.
        self.store.clock.advance(by: .seconds(90 * 86_400))
        #expect(await job.checkSilence(now: self.store.clock.now()).isEmpty)
    }
}
