import Foundation
import LeadexConfig
import LeadexCore
import LeadexJobs
import LeadexMail
import LeadexStore
import LeadexTesting
import Testing

/// What people read in the mails, as the real SMTP server receives them: local times, titles,
/// phones as written, who gets what. `LEADEX_PRINT_SAMPLES=1` prints the mails.
@Suite("Mails in the department's language and terms, at the real SMTP server")
struct ReadableMailTests {
    typealias P = SamplePolicy
    /// Monday 2026-11-23 00:00 in Moscow (the fixture's clock starts at 09:00 that day).
    static let monday = Date(timeIntervalSince1970: 1_795_413_600 - 9 * 3600)

    static func at(_ day: Int, _ hour: Int, _ minute: Int = 0) -> Date {
        monday.addingTimeInterval(TimeInterval(day * 86_400 + hour * 3600 + minute * 60))
    }

    static func sample(_ title: String, _ mail: SMTPFixture.Received) {
        guard ProcessInfo.processInfo.environment["LEADEX_PRINT_SAMPLES"] != nil else { return }
        let subject = EncodedWord.decodeHeader(Array((mail.header("Subject") ?? "").utf8))
        print("===== \(title) =====\nTo: \(mail.recipients.joined(separator: ", "))\nSubject: \(subject)\n\n\(mail.decodedBody.replacingOccurrences(of: "\r\n", with: "\n"))\n===== end =====")
    }

    /// The text part of a multipart mail.
    static func text(_ mail: SMTPFixture.Received) -> String {
        (mail.decodedBody.components(separatedBy: "<html>").first ?? "").replacingOccurrences(of: "\r\n", with: "\n")
    }

    /// A week of a small department, and the week before it: the report's test data.
    static func week(_ f: JobsFixture) async throws {
        let store = f.store.store
        let clock = f.store.clock
        clock.set(at(-6, 10))
        let earlier = try await f.store.incoming(name: "Прошлый Клиент", phone: "89161000401")
        clock.set(at(-6, 10, 20))
        try await store.perform(.take, on: earlier, by: P.ivanov)
        try await store.setAmount("80 000", on: earlier, by: P.ivanov)
        clock.set(at(-5, 12))
        try await store.perform(.win(note: nil), on: earlier, by: P.ivanov)

        clock.set(at(0, 10))
        let site = try await f.store.incoming(name: "Сергей Иванов", phone: "89161000404")
        guard case .created(let mail, _, _) = try await store.receive(
            IncomingLead(source: LeadSource(kind: .mail, name: "sales"), sourceRef: "<1@client>", title: "Запрос цены", text: "",
                contact: ContactDraft(name: "Ольга Смирнова")))
        else { throw StoreFixture.FixtureError.notCreated(.duplicate(LeadID(0))) }
        guard case .created(let typed, _, _) = try await store.receive(
            IncomingLead(source: LeadSource(kind: .manual, name: P.head.rawValue), sourceRef: nil, title: "Звонок", text: "",
                contact: ContactDraft(name: "Спамер")))
        else { throw StoreFixture.FixtureError.notCreated(.duplicate(LeadID(0))) }
        clock.set(at(0, 10, 5))
        try await store.perform(.take, on: site, by: P.ivanov)
        clock.set(at(0, 10, 35))
        try await store.perform(.take, on: mail, by: P.petrov)
        clock.set(at(0, 11))
        try await store.perform(.moveToStage("call"), on: site, by: P.ivanov)
        clock.set(at(0, 12))
        try await store.perform(.refuse(reason: "expensive", note: "дорого для них"), on: mail, by: P.petrov)
        try await store.perform(.disqualify(reason: "spam", note: nil), on: typed, by: P.head)
        clock.set(at(1, 10))
        try await store.perform(.reopen(to: nil, note: "клиент передумал"), on: mail, by: P.qa)
        clock.set(at(1, 10, 45))
        try await store.perform(.take, on: mail, by: P.ivanov)
        clock.set(at(2, 15))
        try await store.setAmount("150 000,50", on: site, by: P.ivanov)
        try await store.perform(.win(note: nil), on: site, by: P.ivanov)
        clock.set(at(7, 8))
    }

    @Test("the weekly report, in Russian: totals against the week before, speed to lead, sellers, reasons, sources, funnel")
    func weeklyReportRussian() async throws {
        let f = try await JobsFixture(policy: JobsFixture.policyWithHeadAddress())
        try await Self.week(f)
        let mail = try #require(try await f.environment.reportMail(since: Self.at(0, 0), until: Self.at(7, 0), to: [JobsFixture.headAddress], at: f.store.clock.now()))
        try await f.outbox.enqueue([mail], at: f.store.clock.now())
        let received = try #require(try await f.deliver().first)
        Self.sample("weekly report (ru)", received)
        #expect(Self.text(received) == """
            Отчёт за 23 ноя – 29 ноя 2026; в скобках — предыдущая неделя

            Итоги
              Заявок получено: 3 (1 ▲)
              Взято в работу: 3 (1 ▲)
              Выиграно: 1 (1)
              Условных отказов: 1 (0 ▲)
              Закрыто как проигранные: 0 (0)
              Дисквалифицировано (спам, дубли, ошибки): 1 (0 ▲)
              Конверсия из заявки в продажу: 33% (100% ▼)
              Сейчас на бирже: 0

            Скорость реакции: от появления на бирже до взятия в работу (медиана / 90% взяты быстрее)
              Всего: 35 мин / 45 мин, взято 3
              23 ноя: 20 мин / 35 мин, взято 2
              24 ноя: 45 мин / 45 мин, взято 1
              Почта sales: 40 мин / 45 мин, взято 2
              Форма site: 5 мин / 5 мин, взято 1
              Ждали взятия дольше порога оповещения: 0

            Менеджеры
              Аналитик: взято 0, выиграно 0, конверсия —, условных отказов 0 (ОКК вернул в работу 0), просрочено напоминаний 0, нарушений норм этапов 0, в работе 0 из 10
              Иван Иванов: взято 2, выиграно 1, конверсия 50%, условных отказов 0 (ОКК вернул в работу 0), просрочено напоминаний 0, нарушений норм этапов 0, в работе 1 из 10
              Пётр Петров: взято 1, выиграно 0, конверсия 0%, условных отказов 1 (ОКК вернул в работу 1), просрочено напоминаний 0, нарушений норм этапов 0, в работе 0 из 1
              Анна Сидорова: взято 0, выиграно 0, конверсия —, условных отказов 0 (ОКК вернул в работу 0), просрочено напоминаний 0, нарушений норм этапов 0, в работе 0 из 10

            Суммы выигранных сделок
              Всего: 150 000,50 ₽, выиграно 1 (с суммой 1), средняя сделка 150 000,50 ₽
              Иван Иванов: 150 000,50 ₽, выиграно 1 (с суммой 1), средняя 150 000,50 ₽
              Форма site: 150 000,50 ₽, выиграно 1 (с суммой 1), средняя 150 000,50 ₽

            Причины отказов
              Дорого: 1 (100%)

            Причины дисквалификации
              Спам: 1 (100%)

            Заявки по источникам
              Форма site: 1
              Почта sales: 1

            Внесены вручную и импортом
              Вручную (Руководитель): 1

            Воронка по этапам (вошло / дальше / отказы / дисквалифицировано / выиграно / конверсия без дисквалифицированных / медиана на этапе)
              Новая заявка: 3 / 1 / 1 / 1 / 0 / 50% / 1 ч
              Звонок: 1 / 0 / 0 / 0 / 1 / 100% / —
              Выявление потребности: 0 / 0 / 0 / 0 / 0 / — / —
              Коммерческое предложение: 0 / 0 / 0 / 0 / 0 / — / —
              Дожим: 0 / 0 / 0 / 0 / 0 / — / —

            -- 
            Leadex
            """)
        // The HTML alternative carries the same sections, disqualifications included.
        let html = received.decodedBody.components(separatedBy: "<html>").last ?? ""
        for heading in ["Итоги", "Скорость реакции", "Менеджеры", "Суммы выигранных сделок", "Причины отказов", "Причины дисквалификации", "Заявки по источникам", "Внесены вручную и импортом", "Воронка по этапам"] {
            #expect(html.contains("<h3>\(heading)</h3>"), "\(heading)")
        }
        #expect(html.contains("<li>Спам: 1 (100%)</li>"))
        #expect(html.contains("<tr><td>Всего</td><td>150 000,50 ₽</td><td>1</td><td>1</td><td>150 000,50 ₽</td></tr>"))
        #expect(html.contains("<tr><td>Форма site</td><td>150 000,50 ₽</td><td>1</td><td>1</td><td>150 000,50 ₽</td></tr>"))
        #expect(html.contains("<td>33% (100% ▼)</td>"))
        #expect(html.contains("<td>Пётр Петров</td><td>1</td><td>0</td><td>0%</td><td>1</td><td>1</td><td>0</td><td>0</td><td>0 / 1</td>"))
    }

    @Test("the weekly report in English has the same figures")
    func weeklyReportEnglish() async throws {
        let f = try await JobsFixture(language: .en, policy: JobsFixture.policyWithHeadAddress())
        try await Self.week(f)
        let mail = try #require(try await f.environment.reportMail(since: Self.at(0, 0), until: Self.at(7, 0), to: [JobsFixture.headAddress], at: f.store.clock.now()))
        try await f.outbox.enqueue([mail], at: f.store.clock.now())
        let received = try #require(try await f.deliver().first)
        Self.sample("weekly report (en)", received)
        let text = Self.text(received)
        #expect(text.hasPrefix("Report for 23 Nov – 29 Nov 2026; the week before in brackets\n"))
        #expect(text.contains("  Requests received: 3 (1 ▲)\n"))
        #expect(text.contains("  Conversion from request to sale: 33% (100% ▼)\n"))
        #expect(text.contains("  All: 35 min / 45 min, 3 taken\n"))
        #expect(text.contains("  Mailbox sales: 40 min / 45 min, 2 taken\n"))
        #expect(text.contains("  Пётр Петров: taken 1, won 0, conversion 0%, conditional refusals 1 (reopened by QA 1), overdue reminders 0, stage norms exceeded 0, open 0 of 1\n"))
        #expect(text.contains("Typed in and imported\n  Manual (Руководитель): 1\n"))
        #expect(text.contains("  Новая заявка: 3 / 1 / 1 / 1 / 0 / 50% / 1 h\n"))
        #expect(text.contains("Disqualification reasons\n  Спам: 1 (100%)\n"))
        #expect(text.contains("Won deals' sums\n  All: 150,000.50 ₽, 1 won (1 with an amount), average deal 150,000.50 ₽\n"))
        #expect(text.contains("  Иван Иванов: 150,000.50 ₽, 1 won (1 with an amount), average 150,000.50 ₽\n  Form site: 150,000.50 ₽,"))
    }

    @Test("a reminder: history in the language and local time, the client's phone as written", arguments: [Language.ru, .en])
    func reminder(language: Language) async throws {
        let f = try await JobsFixture(language: language)
        let lead = try await f.store.incoming(name: "Сергей Иванов", phone: "89161000404")
        f.store.clock.advance(by: .seconds(4 * 60))
        try await f.store.store.perform(.take, on: lead, by: P.ivanov)
        f.store.clock.advance(by: .seconds(3600))
        try await f.store.store.perform(.moveToStage("call"), on: lead, by: P.ivanov)
        try await f.store.store.setReminder(on: lead, at: Self.at(1, 11), note: "обсудить КП на 550 тыс.", by: P.ivanov)
        f.store.clock.set(Self.at(1, 11))
        #expect(try await f.environment.reminderJob().run(Self.at(1, 11), Self.at(1, 11)) == "1 reminders")
        let mail = try #require(try await f.deliver().first)
        Self.sample("reminder (\(language))", mail)
        let body = mail.decodedBody.replacingOccurrences(of: "\r\n", with: "\n")
        if language == .ru {
            #expect(body.contains("Телефон: +7 916 100-04-04\n"))
            #expect(body.contains("""
                Последние события:
                  вчера 09:00  заявка поступила
                  вчера 09:04  Иван Иванов: взял в работу
                  вчера 10:04  Иван Иванов: перевёл на этап «Звонок»
                  вчера 10:04  Иван Иванов: поставил напоминание — на сегодня 11:00: обсудить КП на 550 тыс.
                """))
        } else {
            #expect(body.contains("Phone: +7 916 100-04-04\n"))
            #expect(body.contains("""
                Latest history:
                  yesterday 09:00  request received
                  yesterday 09:04  Иван Иванов: took it
                  yesterday 10:04  Иван Иванов: moved it to «Звонок»
                  yesterday 10:04  Иван Иванов: set a reminder — for today 11:00: обсудить КП на 550 тыс.
                """))
        }
        #expect(!body.contains("UTC") && !body.contains(".000") && !body.contains("+79161000404"))
    }

    @Test("a sweep notice names each deal's client and phone", arguments: [Language.ru, .en])
    func sweepNotice(language: Language) async throws {
        var settings = JobsSettings()
        settings.sweep.inactiveFor = .seconds(14 * 86_400)
        let f = try await JobsFixture(jobs: settings, language: language)
        let withPhone = try await f.store.incoming(name: "Забытый Клиент", phone: "+7 (495) 123-45-67")
        let without = try await f.store.incoming(name: "Клиент Без Телефона", email: "x@client.ru")
        for id in [withPhone, without] { try await f.store.store.perform(.take, on: id, by: P.ivanov) }
        f.store.clock.advance(by: .seconds(15 * 86_400))
        #expect(try await f.environment.sweepJob().run(f.store.clock.now(), f.store.clock.now()) == "2 deals returned to the exchange")
        let mail = try #require(try await f.deliver().first)
        Self.sample("sweep notice (\(language))", mail)
        let body = mail.decodedBody.replacingOccurrences(of: "\r\n", with: "\n")
        #expect(mail.recipients == ["ivanov@example.ru"])
        if language == .ru {
            #expect(body.contains("по ним не было активности 14 д."))
            #expect(body.contains("№\(withPhone) «Заявка с сайта» — Забытый Клиент, +7 495 123-45-67\n№\(without) «Заявка с сайта» — Клиент Без Телефона\n"))
        } else {
            #expect(body.contains("no activity for 14 d."))
            #expect(body.contains("#\(withPhone) \"Заявка с сайта\" — Забытый Клиент, +7 495 123-45-67\n#\(without) \"Заявка с сайта\" — Клиент Без Телефона\n"))
        }
    }

    @Test("untaken alerts count from the (re)landing on the exchange; a deal returned by its owner or the sweep is alerted again")
    func untakenAgainAfterReturn() async throws {
        var settings = JobsSettings()
        settings.untakenAlerts.after = .seconds(1800)
        settings.sweep.inactiveFor = .seconds(14 * 86_400)
        let f = try await JobsFixture(jobs: settings)
        let clock = f.store.clock
        let job = f.environment.untakenAlertJob()
        func run(at date: Date) async throws -> String {
            clock.set(date)
            return try await job.run(date, date)
        }
        let lead = try await f.store.incoming(name: "Сергей Иванов", phone: "89161000404")  // Monday 09:00
        #expect(try await run(at: Self.at(0, 9, 31)) == "1 untaken leads reported")
        clock.set(Self.at(0, 9, 40))
        try await f.store.store.perform(.take, on: lead, by: P.ivanov)
        clock.set(Self.at(0, 10))
        try await f.store.store.perform(.returnToExchange(note: "не мой профиль"), on: lead, by: P.ivanov)
        #expect(try await run(at: Self.at(0, 10, 20)) == "0 untaken leads reported", "20 minutes since it came back")
        #expect(try await run(at: Self.at(0, 10, 31)) == "1 untaken leads reported")
        #expect(try await run(at: Self.at(0, 11)) == "0 untaken leads reported", "once per landing")
        // Taken again, idle, swept back on Tuesday of the week after next: alerted again.
        clock.set(Self.at(0, 11, 5))
        try await f.store.store.perform(.take, on: lead, by: P.ivanov)
        clock.set(Self.at(15, 10))
        #expect(try await f.environment.sweepJob().run(Self.at(15, 10), Self.at(15, 10)) == "1 deals returned to the exchange")
        #expect(try await run(at: Self.at(15, 10, 25)) == "0 untaken leads reported")
        #expect(try await run(at: Self.at(15, 10, 35)) == "1 untaken leads reported")
        let mails = try await f.deliver().filter { $0.header("X-Leadex-Kind") == "untaken_alert" }
        try #require(mails.count == 3)
        Self.sample("untaken alert (ru)", mails[1])
        let second = mails[1].decodedBody
        #expect(second.contains("№\(lead) «Заявка с сайта» — Сергей Иванов, +7 916 100-04-04"))
        #expect(second.contains("источник Форма site, ждёт 31 мин"), "the wait since it came back, not since 09:00")
        #expect(mails[2].decodedBody.contains("ждёт 35 мин"))
    }

    @Test("exchange_list gets untaken requests and reminders on exchange deals, never the head's alerts or the report")
    func exchangeListGetsOnlyTheExchange() async throws {
        var settings = JobsSettings()
        settings.untakenAlerts.after = .seconds(1800)
        settings.stageAlerts.headGrace = .seconds(3600)
        let f = try await JobsFixture(jobs: settings, policy: JobsFixture.policyWithHeadAddress())
        let clock = f.store.clock
        let waiting = try await f.store.incoming(name: "Ждущий Клиент")
        let owned = try await f.store.incoming(name: "Медленный Клиент")
        try await f.store.store.perform(.take, on: owned, by: P.ivanov)
        try await f.store.store.setReminder(on: waiting, at: Self.at(0, 9, 10), note: "узнать бюджет", by: P.head)
        clock.set(Self.at(0, 11, 30))  // past the first stage's norm (an hour) and the grace
        let now = clock.now()
        _ = try await f.environment.reminderJob().run(now, now)
        _ = try await f.environment.untakenAlertJob().run(now, now)
        #expect(try await f.environment.stageAlertJob().run(now, now) == "1 owner alerts, 1 head alerts")
        #expect(try await f.environment.reportJob().run(now, now).hasSuffix("to 1 recipients"))
        let mails = try await f.deliver()
        let byKind = Dictionary(grouping: mails, by: { $0.header("X-Leadex-Kind") ?? "" })
        let both = [JobsFixture.headAddress, JobsFixture.headList]
        #expect(byKind["reminder"]?.map(\.recipients) == [both])
        #expect(byKind["untaken_alert"]?.map(\.recipients) == [both])
        #expect(Set(byKind["stage_alert"]?.map(\.recipients) ?? []) == [["ivanov@example.ru"], [JobsFixture.headAddress]])
        #expect(byKind["report"]?.map(\.recipients) == [[JobsFixture.headAddress]])
        #expect(!mails.contains { $0.recipients.contains(JobsFixture.headList) && ["stage_alert", "report"].contains($0.header("X-Leadex-Kind") ?? "") })
    }

    @Test("with no head's address, what is meant for the head reaches the admins, not nobody")
    func headMailWithoutAHeadAddressGoesToTheAdmins() async throws {
        var settings = JobsSettings()
        settings.stageAlerts.headGrace = .seconds(3600)
        let f = try await JobsFixture(jobs: settings)
        let clock = f.store.clock
        let owned = try await f.store.incoming(name: "Медленный Клиент")
        try await f.store.store.perform(.take, on: owned, by: P.ivanov)
        clock.set(Self.at(0, 11, 30))
        let now = clock.now()
        #expect(try await f.environment.stageAlertJob().run(now, now) == "1 owner alerts, 1 head alerts")
        _ = try await f.environment.reportJob().run(now, now)
        let mails = try await f.deliver()
        let head = mails.filter { $0.header("X-Leadex-Kind") == "stage_alert" && $0.recipients != ["ivanov@example.ru"] }
        #expect(head.map(\.recipients) == [[JobsFixture.adminList]])
        #expect(mails.filter { $0.header("X-Leadex-Kind") == "report" }.map(\.recipients) == [[JobsFixture.adminList]])
        #expect(!mails.contains { $0.recipients.isEmpty })
    }

    @Test("an admin alert explains in the department's language and quotes the technical detail below", arguments: [Language.ru, .en])
    func adminAlert(language: Language) async throws {
        let f = try await JobsFixture(language: language)
        let directory = try TemporaryDirectory()
        try Data("not a directory".utf8).write(to: URL(fileURLWithPath: directory.file("blocked")))
        let broken = f.environment.backupJob(BackupSettings(directory: directory.file("blocked") + "/sub", keep: 2), logger: f.store.logs.logger())
        await #expect(throws: (any Error).self) { _ = try await broken.run(f.store.clock.now(), f.store.clock.now()) }
        let mail = try #require(try await f.deliver().first)
        Self.sample("admin alert (\(language))", mail)
        let body = mail.decodedBody.replacingOccurrences(of: "\r\n", with: "\n")
        let lines = body.components(separatedBy: "\n")
        if language == .ru {
            #expect(lines[0] == "Резервная копия в \(directory.file("blocked"))/sub не создана; прежние копии не тронуты. Проверьте место на диске и права на каталог.")
            #expect(lines[2] == "Подробности:")
            #expect(body.contains("Время: сегодня 09:00\n"))
        } else {
            #expect(lines[0] == "No backup was made in \(directory.file("blocked"))/sub; the earlier backups are untouched. Check the free space and the directory's permissions.")
            #expect(lines[2] == "Details:")
            #expect(body.contains("Time: today 09:00\n"))
        }
        #expect(lines[3].hasPrefix("> "), "the technical detail is quoted")
    }
}
