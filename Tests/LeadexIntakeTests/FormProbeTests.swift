import Foundation
import LeadexConfig
import LeadexCore
import LeadexIntake
import LeadexMail
import LeadexStore
import LeadexTesting
import Logging
import Synchronization
import Testing

/// Records the alerts the probe job raises, as the outbox will receive them.
final class RecordingAlerting: FormAlerting {
    enum Alert: Hashable {
        case failing(form: String, reason: String)
        case recovered(form: String)
    }

    private let alerts = Mutex<[Alert]>([])
    var recorded: [Alert] { alerts.withLock { $0 } }

    func formFailing(form: String, probe: ProbeStatus, since: Date) async {
        alerts.withLock { $0.append(.failing(form: form, reason: probe.failingReason ?? "")) }
    }

    func formRecovered(form: String, failingSince: Date) async {
        alerts.withLock { $0.append(.recovered(form: form)) }
    }
}

/// The form health check end to end: probes through the test form server's public form, back
/// through its feed; deadlines on a manual clock (no test waits for them).
@Suite(.serialized) struct FormProbeTests {
    let server: FormServerFixture
    let store: StoreFixture
    let alerts = RecordingAlerting()

    init() async throws {
        server = try FormServerFixture()
        store = try await StoreFixture()
    }

    func settings(multipart: Bool = false) -> FormSettings {
        FormSettings(
            name: "site", url: server.jsonFeedURL, format: .json(items: ["data", "submissions"], id: "id"),
            cursor: .sinceID(parameter: "since_id"),
            fields: FormSettings.FieldMapping(name: ["name"], phone: ["phone"], email: ["email"], comment: ["comment"]),
            timeout: .seconds(5),
            probe: FormSettings.Probe(
                url: server.submitURL, encoding: multipart ? .multipart : .urlencoded,
                fields: [
                    .init("name", "Проверка формы (Leadex)"), .init("phone", "+7 900 000-00-00"), .init("email", "probe@leadex.invalid"),
                    .init("comment", "Автоматическая проверка {token}, не отвечайте"),
                ],
                deadline: .seconds(1800)))
    }

    func job(_ forms: [FormSettings]) -> FormProbeJob {
        FormProbeJob(forms: forms, store: store.store, alerting: alerts, logger: store.logs.logger())
    }

    func poll(_ form: FormSettings) async throws -> FormSyncReport {
        try await FormFeedService(settings: form, store: store.store, logger: store.logs.logger()).syncOnce()
    }

    @Test(arguments: [false, true])
    func aHealthyFormsProbeArrivesAndNeverBecomesALead(multipart: Bool) async throws {
        let form = settings(multipart: multipart)
        let job = job([form])
        let sent = await job.run(now: store.clock.now())
        guard case .sent(let name, let token, let deadline)? = sent.first, sent.count == 1 else {
            Issue.record("not sent: \(sent)")
            return
        }
        #expect(name == "site")
        #expect(deadline == store.clock.now().addingTimeInterval(1800))
        // The site stored it as it stores any request, token in the comment.
        #expect(try server.submissions().contains(token))

        store.clock.advance(by: .seconds(120))
        let report = try await poll(form)
        #expect(report.probes == 1 && report.created == 0, "\(report)")
        #expect(await job.checkDeadlines(now: store.clock.now()) == [.arrived(form: "site", token: token)])
        #expect(try await store.store.exchange().isEmpty)

        let status = try await store.store.formStatus("site")
        #expect(status.lastProbe?.state == .arrived)
        #expect(status.lastProbe?.arrivedVia == "feed:site")
        #expect(status.lastProbe?.arrivedAt == status.lastProbe?.sentAt.addingTimeInterval(120))
        #expect(status.failingSince == nil)
        #expect(status.lastSubmissionAt == nil, "a probe is no request")
        #expect(alerts.recorded.isEmpty)
        // Checked again: nothing more happens.
        #expect(await job.checkDeadlines(now: store.clock.now()).isEmpty)
    }

    @Test func aFormThatDropsSubmissionsFailsAtItsDeadlineAndRecovers() async throws {
        let form = settings()
        let job = job([form])
        try server.dropSubmissions()
        _ = await job.run(now: store.clock.now())
        #expect(try await poll(form).fetched == 0)

        // Before the deadline: still pending. After it: failing, logged, the admins alerted.
        store.clock.advance(by: .seconds(1700))
        #expect(await job.checkDeadlines(now: store.clock.now()).isEmpty)
        store.clock.advance(by: .seconds(200))
        let failed = await job.checkDeadlines(now: store.clock.now())
        guard case .failed(form: "site", _, let reason)? = failed.first else {
            Issue.record("not failed: \(failed)")
            return
        }
        #expect(reason.contains("the site accepted the probe (HTTP 200) but it never came back in the form's feed within 30 min"), "\(reason)")
        let status = try await store.store.formStatus("site")
        #expect(status.failingSince == store.clock.now())
        #expect(status.lastProbe?.state == .missed)
        #expect(alerts.recorded == [.failing(form: "site", reason: reason)])
        let error = try #require(store.logs.entries.first { $0.level == .error })
        #expect(error.message.hasPrefix("web form failing"))
        #expect(error.metadata["form"] == "site")
        #expect(error.metadata["probe_token"] != nil)

        // Next week it fails again: still failing since the first time, no second alert.
        store.clock.advance(by: .seconds(7 * 86_400))
        _ = await job.run(now: store.clock.now())
        store.clock.advance(by: .seconds(3600))
        #expect(await job.checkDeadlines(now: store.clock.now()).count == 1)
        #expect(alerts.recorded.count == 1)
        #expect(try await store.store.formStatus("site").failingSince == status.failingSince)

        // The site is fixed: the next probe arrives, the form recovers, the admins are told.
        try server.repair()
        try await recovers(form, job: job)
    }

    @Test func aFormAnswering500FailsAtOnceAndRecovers() async throws {
        let form = settings()
        let job = job([form])
        try server.failSubmissions(status: 500)
        let outcomes = await job.run(now: store.clock.now())
        guard case .submitFailed(form: "site", _, let reason)? = outcomes.first else {
            Issue.record("not refused: \(outcomes)")
            return
        }
        #expect(reason == "the site refused the probe: the server answered HTTP 500 — an error on the site's side: check that the site works (HTTP 500 in answer to the probe)", "\(reason)")
        let status = try await store.store.formStatus("site")
        #expect(status.failingSince != nil)
        #expect(status.failingReason == reason)
        #expect(status.lastProbe?.state == .submitFailed)
        #expect(alerts.recorded.count == 1)
        #expect(store.logs.entries.contains { $0.level == .error && $0.message.hasPrefix("form probe refused") && $0.metadata["form"] == "site" })

        try server.repair()
        store.clock.advance(by: .seconds(86_400))
        try await recovers(form, job: job)
    }

    @Test func aRenamedFieldMakesTheProbeUnreadableAndTheFormFailing() async throws {
        let form = settings()
        let job = job([form])
        try server.rename("phone", to: "tel")
        _ = await job.run(now: store.clock.now())
        store.clock.advance(by: .seconds(60))
        let report = try await poll(form)
        #expect(report.probes == 1 && report.created == 0)
        let failed = await job.checkDeadlines(now: store.clock.now())
        guard case .failed(form: "site", _, let reason)? = failed.first else {
            Issue.record("not failed: \(failed)")
            return
        }
        #expect(
            reason == "the probe came back but Leadex cannot read its fields — the site probably renamed a field: compare the [[form]] fields "
                + "with the form (phone field 'phone' missing from the submission (renamed on the site?))", "\(reason)")
        #expect(try await store.store.formStatus("site").lastProbe?.state == .unreadable)
        #expect(alerts.recorded.count == 1)
        #expect(try await store.store.exchange().isEmpty)

        try server.repair()
        try await recovers(form, job: job)
    }

    /// The next probe comes back: the form works again and the admins are told once.
    func recovers(_ form: FormSettings, job: FormProbeJob) async throws {
        let before = alerts.recorded.count
        let sent = await job.run(now: store.clock.now())
        guard case .sent(_, let token, _)? = sent.first else {
            Issue.record("not sent: \(sent)")
            return
        }
        store.clock.advance(by: .seconds(60))
        #expect(try await poll(form).probes == 1)
        #expect(await job.checkDeadlines(now: store.clock.now()) == [.arrived(form: "site", token: token)])
        #expect(alerts.recorded.dropFirst(before) == [.recovered(form: "site")])
        let status = try await store.store.formStatus("site")
        #expect(status.failingSince == nil && status.failingReason == nil)
        #expect(store.logs.entries.contains { $0.message == "form probe came back: the form works again" })
        #expect(try await store.store.exchange().isEmpty)
    }

    @Test func aProbeThatComesBackByMailIsItsArrivalAndNoLead() async throws {
        // A form that sends mail: the probe is expected in the "sales" mailbox.
        var form = settings()
        form.probe?.destination = .mailbox("sales")
        let job = job([form])
        let sent = await job.run(now: store.clock.now())
        guard case .sent(_, let token, _)? = sent.first else {
            Issue.record("not sent: \(sent)")
            return
        }
        // What the site mails for the submission, read by the mailbox's decider and recorded.
        let mail = """
            From: Сайт <noreply@example.ru>\r
            To: sales@example.ru\r
            Subject: Новая заявка с сайта\r
            Message-ID: <form-1@example.ru>\r
            Content-Type: text/plain; charset=utf-8\r
            \r
            Имя: Проверка формы (Leadex)\r
            Телефон: +7 900 000-00-00\r
            Комментарий: Автоматическая проверка \(token), не отвечайте\r

            """
        let item = MessageDecider(mailbox: "sales").decide(serverKey: "1:1", bytes: Array(mail.utf8))
        let outcomes = try await store.store.recordMail([item], mailbox: "sales", cursor: nil)
        #expect(outcomes == [.ignored("form health probe \(token)")])
        #expect(await job.checkDeadlines(now: store.clock.now()) == [.arrived(form: "site", token: token)])
        #expect(try await store.store.formStatus("site").lastProbe?.arrivedVia == "mailbox:sales")
        #expect(try await store.store.exchange().isEmpty)
    }

    @Test func aProbeSubmissionWithAnUnknownTokenIsNeverALead() async throws {
        try server.submit([("name", "Старая проверка"), ("phone", "+7 900 000-00-00"), ("comment", "\(ProbeToken.make())")])
        let report = try await poll(settings())
        #expect(report.probes == 1 && report.created == 0)
        #expect(try await store.store.exchange().isEmpty)
    }

    @Test func aFormThatGoesQuietIsFlaggedAndClearedWhenRequestsReturn() async throws {
        let form = settings()
        let job = job([form])
        // Eight requests an hour apart: the learned quiet period is twice the longest gap.
        for index in 0..<8 {
            try server.submit([("name", "Клиент \(index)"), ("phone", "+7 912 000 00 \(10 + index)")])
            _ = try await poll(form)
            store.clock.advance(by: .seconds(3600))
        }
        // An hour since the last: quiet, but within the period.
        #expect(await job.checkSilence(now: store.clock.now()).isEmpty)
        store.clock.advance(by: .seconds(3 * 3600))
        let flagged = await job.checkSilence(now: store.clock.now())
        guard case .silent(form: "site", _, let period)? = flagged.first else {
            Issue.record("not flagged: \(flagged)")
            return
        }
        #expect(period == .seconds(7200))
        #expect(try await store.store.formStatus("site").silentSince == store.clock.now())
        #expect(store.logs.entries.contains { $0.level == .warning && $0.message.hasPrefix("web form silent") && $0.metadata["form"] == "site" })
        // Flagged once, not on every check.
        #expect(await job.checkSilence(now: store.clock.now()).isEmpty)

        try server.submit([("name", "Вернулся"), ("phone", "+7 912 000 00 99")])
        _ = try await poll(form)
        #expect(await job.checkSilence(now: store.clock.now()) == [.speaking(form: "site")])
        #expect(try await store.store.formStatus("site").silentSince == nil)

        // A fixed period needs no history; "off" never flags.
        var fixed = settings()
        fixed.quietPeriod = .fixed(.seconds(86_400))
        var off = settings()
        off.name = "quiet"
        off.quietPeriod = .off
        store.clock.advance(by: .seconds(86_400 + 60))
        #expect(await self.job([fixed, off]).checkSilence(now: store.clock.now()).count == 1)
    }

    @Test func theSilenceWatchLearnsFromAFormsRhythm() {
        let start = Date(timeIntervalSince1970: 1_795_413_600)
        let hourly = (0..<10).map { start.addingTimeInterval(Double($0) * 3600) }
        #expect(SilenceWatch.learnedQuietPeriod(hourly) == .seconds(7200))
        #expect(SilenceWatch.learnedQuietPeriod(Array(hourly.prefix(5))) == nil)
        // A weekend gap of 64 hours: quiet for more than 5 days before a flag.
        let weekend = hourly + [hourly.last!.addingTimeInterval(64 * 3600)]
        #expect(SilenceWatch.learnedQuietPeriod(weekend) == .seconds(128 * 3600))
        #expect(SilenceWatch.decide(last: nil, period: .seconds(60), flagged: false, now: start) == .none)
        #expect(SilenceWatch.decide(last: start, period: .seconds(60), flagged: false, now: start.addingTimeInterval(61)) == .flag)
        #expect(SilenceWatch.decide(last: start, period: .seconds(60), flagged: true, now: start.addingTimeInterval(30)) == .clear)
    }
}
