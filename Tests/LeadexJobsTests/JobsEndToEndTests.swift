import Foundation
import LeadexConfig
import LeadexCore
import LeadexJobs
import LeadexIntake
import LeadexStore
import LeadexTesting
import Testing

@Suite("Each job end to end: the mail that reaches the real SMTP server")
struct JobsEndToEndTests {
    typealias P = SamplePolicy

    @Test("reminder: on the promised moment, to the owner, whom to call, the phone, the note, stage and history")
    func reminder() async throws {
        let f = try await JobsFixture()
        let lead = try await f.store.incoming(name: "Сергей Иванов", email: "s.ivanov@client.ru", phone: "+7 (912) 345-67-89")
        try await f.store.store.perform(.take, on: lead, by: P.ivanov)
        try await f.store.store.perform(.moveToStage("proposal"), on: lead, by: P.ivanov)
        let due = f.store.clock.now().addingTimeInterval(60 * 86_400)
        try await f.store.store.setReminder(on: lead, at: due, note: "обсудить КП на 550 тыс.", by: P.ivanov)
        let job = f.environment.reminderJob()
        guard case .whenDue(let nextDue) = job.timing else { Issue.record("reminders are data-driven"); return }
        #expect(try await nextDue() == due)

        // Not yet: nothing goes out.
        f.store.clock.set(due.addingTimeInterval(-1))
        #expect(try await job.run(due, f.store.clock.now()) == "0 reminders")
        f.store.clock.set(due)
        #expect(try await job.run(due, f.store.clock.now()) == "1 reminders")
        let mails = try await f.deliver()
        try #require(mails.count == 1)
        let mail = mails[0]
        #expect(mail.recipients == ["ivanov@example.ru"])
        let body = mail.decodedBody
        #expect(body.contains("Иван Иванов, добрый день!"))
        #expect(body.contains("Сергей Иванов"))
        #expect(body.contains("Телефон: +7 912 345-67-89"))
        #expect(body.contains("обсудить КП на 550 тыс."))
        #expect(body.contains("этап «Коммерческое предложение»"))
        #expect(body.contains("Иван Иванов: перевёл на этап «Коммерческое предложение»"))
        #expect(!body.contains("stage_changed") && !body.contains("UTC") && !body.contains(":00.000"))
        #expect(!body.contains("[просрочено]"))
        #expect(mail.header("X-Leadex-Lead") == lead.description)
        // Sent exactly once.
        f.store.clock.advance(by: .seconds(3600))
        #expect(try await job.run(due, f.store.clock.now()) == "0 reminders")
        #expect(try await nextDue() == nil)
        #expect(try await f.deliver(after: 1).isEmpty)
    }

    @Test("reminders that fell due while the daemon was down go out at start-up, marked overdue; exchange leads go to the heads")
    func overdueAndExchange() async throws {
        let f = try await JobsFixture()
        let owned = try await f.store.incoming(name: "Клиент Один", phone: "89001112233")
        try await f.store.store.perform(.take, on: owned, by: P.petrov)
        try await f.store.store.setReminder(on: owned, at: f.store.clock.now().addingTimeInterval(3600), note: "перезвонить", by: P.petrov)
        let onExchange = try await f.store.incoming(name: "Клиент Два")
        try await f.store.store.setReminder(on: onExchange, at: f.store.clock.now().addingTimeInterval(7200), note: "узнать бюджет", by: P.head)
        // A manager may not set one on a deal that is not theirs.
        await #expect(throws: RuleViolation.self) {
            try await f.store.store.setReminder(on: owned, at: f.store.clock.now(), note: "x", by: P.ivanov)
        }
        f.store.clock.advance(by: .seconds(2 * 86_400))  // down for two days
        #expect(try await f.environment.reminderJob().run(f.store.clock.now(), f.store.clock.now()) == "2 reminders")
        let mails = try await f.deliver()
        try #require(mails.count == 2)
        let byRecipient = Dictionary(uniqueKeysWithValues: mails.map { ($0.recipients.joined(), $0) })
        let petrov = try #require(byRecipient["petrov@example.ru"])
        #expect(petrov.decodedBody.contains("отправлено с опозданием"))
        let heads = try #require(byRecipient[JobsFixture.headList])
        #expect(heads.decodedBody.contains("сделка на бирже"))
    }

    @Test("stage alert: owner once per stage entry, the head after the grace; never repeated every tick")
    func stageAlerts() async throws {
        var settings = JobsSettings()
        settings.stageAlerts.headGrace = .seconds(86_400)
        let f = try await JobsFixture(jobs: settings, policy: JobsFixture.policyWithHeadAddress())
        let lead = try await f.store.incoming(name: "Медленный Клиент", phone: "+79990001122")
        try await f.store.store.perform(.take, on: lead, by: P.ivanov)
        try await f.store.store.perform(.moveToStage("call"), on: lead, by: P.ivanov)  // norm 1 day
        let job = f.environment.stageAlertJob()
        f.store.clock.advance(by: .seconds(86_400 - 60))
        #expect(try await job.run(f.store.clock.now(), f.store.clock.now()) == "0 owner alerts, 0 head alerts")
        f.store.clock.advance(by: .seconds(120))
        #expect(try await job.run(f.store.clock.now(), f.store.clock.now()) == "1 owner alerts, 0 head alerts")
        for _ in 0..<10 {
            f.store.clock.advance(by: .seconds(900))
            #expect(try await job.run(f.store.clock.now(), f.store.clock.now()) == "0 owner alerts, 0 head alerts")
        }
        f.store.clock.advance(by: .seconds(86_400))
        #expect(try await job.run(f.store.clock.now(), f.store.clock.now()) == "0 owner alerts, 1 head alerts")
        let mails = try await f.deliver()
        try #require(mails.count == 2)
        #expect(mails[0].recipients == ["ivanov@example.ru"])
        #expect(mails[0].decodedBody.contains("этап «Звонок»"))
        #expect(mails[0].decodedBody.contains("при норме 1 д"))
        #expect(mails[1].recipients == [JobsFixture.headAddress], "the head's alert is not for the exchange list")
        #expect(mails[1].decodedBody.contains("ответственный Иван Иванов"))
        // A new stage entry is a new norm: alerts again when that one is exceeded.
        try await f.store.store.perform(.moveToStage("needs"), on: lead, by: P.ivanov)
        f.store.clock.advance(by: .seconds(3 * 86_400 + 1))
        #expect(try await job.run(f.store.clock.now(), f.store.clock.now()) == "1 owner alerts, 0 head alerts")
    }

    @Test("untaken lead: reported to the heads after N working minutes, once; nights and weekends do not count")
    func untakenAlerts() async throws {
        var settings = JobsSettings()
        settings.untakenAlerts.after = .seconds(1800)
        let f = try await JobsFixture(jobs: settings)
        // Friday 2026-11-27 17:50 Moscow.
        f.store.clock.set(Date(timeIntervalSince1970: 1_795_413_600 + 4 * 86_400 + 8 * 3600 + 50 * 60))
        let lead = try await f.store.incoming(name: "Ночной Клиент", phone: "+79990003344")
        let job = f.environment.untakenAlertJob()
        // Saturday noon: 10 working minutes so far.
        f.store.clock.advance(by: .seconds(18 * 3600 + 10 * 60))
        #expect(try await job.run(f.store.clock.now(), f.store.clock.now()) == "0 untaken leads reported")
        // Monday 09:25: 35 working minutes.
        f.store.clock.advance(by: .seconds(45 * 3600 + 25 * 60))
        #expect(try await job.run(f.store.clock.now(), f.store.clock.now()) == "1 untaken leads reported")
        f.store.clock.advance(by: .seconds(600))
        #expect(try await job.run(f.store.clock.now(), f.store.clock.now()) == "0 untaken leads reported")
        let mails = try await f.deliver()
        try #require(mails.count == 1)
        #expect(mails[0].recipients == [JobsFixture.headList])
        #expect(mails[0].decodedBody.contains("№\(lead)"))
        #expect(mails[0].decodedBody.contains("Ночной Клиент"))
    }

    @Test("sweep: idle unmarked deals go back to the exchange with history; kept ones stay once; the owner is told")
    func sweep() async throws {
        var settings = JobsSettings()
        settings.sweep.inactiveFor = .seconds(14 * 86_400)
        let f = try await JobsFixture(jobs: settings)
        let idle = try await f.store.incoming(name: "Забытый Клиент")
        let kept = try await f.store.incoming(name: "Важный Клиент")
        let fresh = try await f.store.incoming(name: "Свежий Клиент")
        for id in [idle, kept] { try await f.store.store.perform(.take, on: id, by: P.ivanov) }
        try await f.store.store.perform(.keep(true), on: kept, by: P.ivanov)
        f.store.clock.advance(by: .seconds(15 * 86_400))
        try await f.store.store.perform(.take, on: fresh, by: P.ivanov)
        #expect(try await f.environment.sweepJob().run(f.store.clock.now(), f.store.clock.now()) == "1 deals returned to the exchange")
        #expect(try await f.store.store.lead(idle, as: P.head).status == .exchange)
        #expect(try await f.store.store.lead(kept, as: P.head).status == .owned(by: P.ivanov, keep: false), "the keep mark holds through one sweep")
        #expect(try await f.store.store.lead(fresh, as: P.head).status.owner == P.ivanov)
        let history = try await f.store.store.history(of: idle, as: P.head)
        #expect(history.last?.action == .swept)
        #expect(history.last?.actor == nil)
        let mails = try await f.deliver()
        try #require(mails.count == 1)
        #expect(mails[0].recipients == ["ivanov@example.ru"])
        #expect(mails[0].decodedBody.contains("№\(idle)"))
        // The manual run for an overloaded team: every unmarked deal, whatever its activity.
        let all = try await f.environment.sweep(at: f.store.clock.now(), inactiveFor: nil)
        #expect(Set(all.compactMap(\.lead.id)) == [kept, fresh])
    }

    @Test("weekly report: funnel, refusal reasons, managers, sources, in text and HTML")
    func weeklyReport() async throws {
        let f = try await JobsFixture()
        let start = f.store.clock.now()
        var ids: [LeadID] = []
        for i in 0..<4 { ids.append(try await f.store.incoming(name: "Клиент \(i)")) }
        f.store.clock.advance(by: .seconds(600))
        for id in ids.prefix(3) { try await f.store.store.perform(.take, on: id, by: P.ivanov) }
        f.store.clock.advance(by: .seconds(3600))
        try await f.store.store.perform(.moveToStage("call"), on: ids[0], by: P.ivanov)
        try await f.store.store.perform(.refuse(reason: "expensive", note: nil), on: ids[1], by: P.ivanov)
        try await f.store.store.perform(.win(note: nil), on: ids[2], by: P.ivanov)
        f.store.clock.advance(by: .seconds(86_400))
        let mail = try #require(try await f.environment.reportMail(since: start, until: f.store.clock.now(), to: [JobsFixture.headList], at: f.store.clock.now()))
        try await f.outbox.enqueue([mail], at: f.store.clock.now())
        let received = try #require(try await f.deliver().first)
        #expect(received.header("Content-Type")?.hasPrefix("multipart/alternative") == true)
        let body = received.decodedBody
        #expect(body.contains("Заявок получено: 4 (0 ▲)"))
        #expect(body.contains("Новая заявка: 4 / 1 / 1 / 0 / 1 / 50% / 1 ч 10 мин"))
        #expect(body.contains("Дорого: 1 (100%)"))
        #expect(body.contains("Иван Иванов: взято 3, выиграно 1, конверсия 33%, условных отказов 1 (ОКК вернул в работу 0), просрочено напоминаний 0, нарушений норм этапов 0, в работе 1 из 10"))
        #expect(body.contains("Форма site: 4"))
        #expect(body.contains("<table"))
    }

    @Test("English templates are available, and an admin's template file overrides the built-in one")
    func templates() async throws {
        let directory = try TemporaryDirectory()
        try Data("Subject: Позвонить {{contact.name}}\n\nСвой текст: {{note}}\n".utf8).write(to: URL(fileURLWithPath: directory.file("reminder.txt.mustache")))
        let custom = try MailTemplates(language: .ru, directory: directory.path)
        let rendered = custom.render("reminder", ["contact": ["name": "Ромашка & Co"], "note": "<КП>"])
        #expect(rendered.subject == "Позвонить Ромашка & Co")
        #expect(rendered.text == "Свой текст: <КП>\n")
        let english = try MailTemplates(language: .en, directory: nil).render("untaken_alert", ["count": 2, "after": "30m", "leads": []])
        #expect(english.subject == "Requests waiting on the exchange: 2")
        try Data("Subject: {{#broken}}\n".utf8).write(to: URL(fileURLWithPath: directory.file("reminder.txt.mustache")))
        #expect(throws: MailTemplates.Problem.self) { try MailTemplates(language: .ru, directory: directory.path) }
        try Data("x".utf8).write(to: URL(fileURLWithPath: directory.file("remindr.txt.mustache")))
        #expect(throws: MailTemplates.Problem.self) { try MailTemplates(language: .ru, directory: directory.path) }
    }
}

@Suite("Backup job: the scheduled copy, and the admins' mail when it fails")
struct BackupJobTests {
    @Test("a backup lands in the directory; an unwritable directory mails the admins and fails the run")
    func backupAndFailure() async throws {
        let f = try await JobsFixture()
        _ = try await f.store.incoming(name: "Клиент")
        let directory = try TemporaryDirectory()
        let job = f.environment.backupJob(BackupSettings(directory: directory.file("backups"), keep: 2), logger: f.store.logs.logger())
        let detail = try await job.run(f.store.clock.now(), f.store.clock.now())
        #expect(detail.contains("1 leads"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.file("backups")).contains { $0.hasSuffix(".json") })

        try Data("not a directory".utf8).write(to: URL(fileURLWithPath: directory.file("blocked")))
        let broken = f.environment.backupJob(BackupSettings(directory: directory.file("blocked") + "/sub", keep: 2), logger: f.store.logs.logger())
        await #expect(throws: (any Error).self) { _ = try await broken.run(f.store.clock.now(), f.store.clock.now()) }
        let mails = try await f.deliver()
        try #require(mails.count == 1)
        #expect(mails[0].recipients == [JobsFixture.adminList])
        #expect(mails[0].decodedBody.contains("blocked"))
    }
}

@Suite("Reminders are mailed exactly once, even by two passes at the same moment")
struct ReminderExactlyOnceTests {
    @Test func twoPassesAtOnce() async throws {
        let f = try await JobsFixture()
        let lead = try await f.store.incoming(name: "Клиент")
        try await f.store.store.perform(.take, on: lead, by: SamplePolicy.ivanov)
        for i in 0..<300 {
            try await f.store.store.setReminder(on: lead, at: f.store.clock.now().addingTimeInterval(Double(i)), note: "звонок \(i)", by: SamplePolicy.ivanov)
        }
        f.store.clock.advance(by: .seconds(600))
        let job = f.environment.reminderJob()
        async let a = job.run(f.store.clock.now(), f.store.clock.now())
        async let b = job.run(f.store.clock.now(), f.store.clock.now())
        let details = try await [a, b]
        let counts = details.map { Int($0.split(separator: " ")[0])! }
        #expect(counts.reduce(0, +) == 300)
        let mails = try await f.outbox.all()
        #expect(mails.count == 300)
        #expect(Set(mails.map(\.mail.messageID)).count == 300)
    }
}

@Suite("A failing web form reaches the admins by mail")
struct FormAlertMailTests {
    /// A probe the site accepted with a 302 and then lost: the mail says so and what to check.
    static func missed(at sent: Date) -> ProbeStatus {
        ProbeStatus(
            token: "LEADEX-PROBE-1", expectedIn: "feed", sentAt: sent, deadlineAt: sent.addingTimeInterval(15 * 60), state: .missed,
            detail: "HTTP 302")
    }

    @Test func failingAndRecoveredFormsAreMailedToTheAdmins() async throws {
        let f = try await JobsFixture()
        let alerting = MailFormAlerting(environment: f.environment, journal: JournalFormAlerting(logger: f.store.logs.logger()), clock: f.store.clock)
        let since = f.store.clock.now()
        await alerting.formFailing(form: "site", probe: Self.missed(at: since), since: since)
        f.store.clock.advance(by: .seconds(6 * 3600 + 13 * 60))
        await alerting.formRecovered(form: "site", failingSince: since)
        let mails = try await f.deliver()
        try #require(mails.count == 2)
        #expect(mails.allSatisfy { $0.recipients == [JobsFixture.adminList] })
        let body = mails[0].decodedBody
        #expect(
            body.contains(
                "Проверка формы «Форма site» не прошла: сайт принял проверочную заявку (HTTP 302), но она не пришла в ленту формы за 15 мин — сайт теряет заявки: проверьте обработчик формы на сайте."),
            "\(body)")
        // No English reason inside the Russian mail: nothing to quote for a lost probe.
        #expect(!body.contains("probe") && !body.contains("Подробности"), "\(body)")
        #expect(mails[1].decodedBody.contains("снова проходит проверку. Не работала с "), "\(mails[1].decodedBody)")
        #expect(mails[1].decodedBody.contains("(6 ч 13 мин)"), "\(mails[1].decodedBody)")
        #expect(f.store.logs.entries.contains { $0.metadata["alert"] == "form_failing" })
    }

    @Test func aRefusedProbeIsExplainedWithTheServersWordsQuotedBelow() async throws {
        for (language, summary, quote) in [
            (Language.ru, "сайт не принял проверочную заявку: сервер ответил HTTP 500 — ошибка на стороне сайта: проверьте, что сайт работает", "Подробности:"),
            (Language.en, "the site refused the probe: the server answered HTTP 500 — an error on the site's side: check that the site works", "Details:"),
        ] {
            let f = try await JobsFixture(language: language)
            let alerting = MailFormAlerting(environment: f.environment, journal: JournalFormAlerting(logger: f.store.logs.logger()), clock: f.store.clock)
            let now = f.store.clock.now()
            let refused = ProbeStatus(
                token: "LEADEX-PROBE-2", expectedIn: "feed", sentAt: now, deadlineAt: now, state: .submitFailed,
                detail: "unreachable: HTTP 500 in answer to the probe")
            await alerting.formFailing(form: "site", probe: refused, since: now)
            let body = try #require(try await f.deliver().first).decodedBody
            #expect(body.contains(summary), "\(body)")
            #expect(body.contains(quote) && body.contains("> HTTP 500 in answer to the probe"), "\(body)")
            #expect(!body.contains("unreachable"), "no internal prefix: \(body)")
            #expect(body.components(separatedBy: "HTTP 500").count == 3, "said once, quoted once: \(body)")
        }
    }
}
