import Foundation
import LeadexConfig
import LeadexCore
import LeadexJobs
import LeadexMail
import LeadexStore
import LeadexTesting
import Logging
import Testing

@Suite("Reminders rendered by the outbox sender: the same mail, rendered once")
struct DeferredReminderTests {
    typealias P = SamplePolicy

    @Test("a reminder reaches the real SMTP server exactly as the template renders it")
    func contentIsExact() async throws {
        let f = try await JobsFixture()
        let lead = try await f.store.incoming(name: "Сергей Иванов", email: "s.ivanov@client.ru", phone: "+7 (912) 345-67-89")
        try await f.store.store.perform(.take, on: lead, by: P.ivanov)
        try await f.store.store.perform(.moveToStage("proposal"), on: lead, by: P.ivanov)
        let due = f.store.clock.now().addingTimeInterval(86_400)
        try await f.store.store.setReminder(on: lead, at: due, note: "обсудить КП & <скидку>", by: P.ivanov)
        f.store.clock.set(due)
        #expect(try await f.environment.reminderJob().run(due, due) == "1 reminders")
        // At due time the outbox gets the template and its data, with the envelope and
        // Message-ID already fixed; the sender renders it.
        let queued = try #require(try await f.outbox.all().first)
        guard case .toRender(let template, _) = queued.mail.content else {
            Issue.record("expected a reminder left to render, found \(queued.mail.content)")
            return
        }
        #expect(template == "reminder")
        #expect(queued.createdAt == due)
        let mails = try await f.deliver()
        try #require(mails.count == 1)
        let mail = mails[0]
        #expect(mail.header("Message-ID") == "<\(queued.mail.messageID)>")
        // The rendering is stored: the row now holds exactly what the server got.
        let sent = try #require(try await f.outbox.all().first)
        #expect(sent.mail.message == mail.bytes)
        #expect(sent.mail.subject == "Перезвонить: Сергей Иванов — Заявка с сайта")
        #expect(try await f.outbox.counts() == (pending: 0, sent: 1))
        #expect(mail.mailFrom == "leadex@example.ru")
        #expect(mail.recipients == ["ivanov@example.ru"])
        #expect(mail.header("From") == "Leadex <leadex@example.ru>")
        #expect(mail.header("To") == "<ivanov@example.ru>")
        #expect(mail.header("X-Leadex-Kind") == "reminder")
        #expect(mail.header("X-Leadex-Lead") == lead.description)
        #expect(mail.header("Date") == "Tue, 24 Nov 2026 09:00:00 +0300")
        #expect(mail.header("Content-Type") == "text/plain; charset=utf-8")
        #expect(EncodedWord.decodeHeader(Array((mail.header("Subject") ?? "").utf8)) == "Перезвонить: Сергей Иванов — Заявка с сайта")
        let body = """
            Иван Иванов, добрый день!

            Напоминание: позвонить клиенту.

            Клиент: Сергей Иванов
            Телефон: +7 912 345-67-89
            Почта: s.ivanov@client.ru

            Что обсудить: обсудить КП & <скидку>

            Сделка №\(lead) «Заявка с сайта», этап «Коммерческое предложение», ответственный Иван Иванов.

            Последние события:
              вчера 09:00  заявка поступила
              вчера 09:00  Иван Иванов: взял в работу
              вчера 09:00  Иван Иванов: перевёл на этап «Коммерческое предложение»
              вчера 09:00  Иван Иванов: поставил напоминание — на сегодня 09:00: обсудить КП & <скидку>

            -- 
            Leadex: leadexctl show \(lead)
            """
        #expect(mail.decodedBody == body.replacingOccurrences(of: "\n", with: "\r\n"))
    }
    @Test("an overdue reminder on an exchange deal, in English: the sections over missing values are skipped as before")
    func overdueOnTheExchangeIsExact() async throws {
        let f = try await JobsFixture(language: .en)
        let lead = try await f.store.incoming(name: "Client Two")
        let due = f.store.clock.now().addingTimeInterval(3600)
        try await f.store.store.setReminder(on: lead, at: due, note: "ask about the budget", by: P.head)
        f.store.clock.advance(by: .seconds(2 * 86_400))
        #expect(try await f.environment.reminderJob().run(f.store.clock.now(), f.store.clock.now()) == "1 reminders")
        let mails = try await f.deliver()
        try #require(mails.count == 1)
        let mail = mails[0]
        #expect(mail.recipients == [JobsFixture.headList])
        #expect(EncodedWord.decodeHeader(Array((mail.header("Subject") ?? "").utf8)) == "[overdue] Call back: Client Two — Заявка с сайта")
        let body = """
            Hello,

            Reminder (sent late: it was due 23 Nov, 10:00): call the client.

            Client: Client Two

            About: ask about the budget

            Deal #\(lead) "Заявка с сайта", stage "Новая заявка", on the exchange.

            Latest history:
              23 Nov, 09:00  request received
              23 Nov, 09:00  Руководитель: set a reminder — for 23 Nov, 10:00: ask about the budget

            -- 
            Leadex: leadexctl show \(lead)
            """
        #expect(mail.decodedBody == body.replacingOccurrences(of: "\n", with: "\r\n"))
    }

    @Test("rendered once, before the first attempt: a retry after an SMTP failure sends the same bytes, whatever the templates became")
    func retrySendsTheSameBytes() async throws {
        let f = try await JobsFixture()
        let lead = try await f.store.incoming(name: "Клиент Повтор", phone: "+79990001122")
        try await f.store.store.perform(.take, on: lead, by: P.ivanov)
        try await f.store.store.setReminder(on: lead, at: f.store.clock.now().addingTimeInterval(60), note: "перезвонить", by: P.ivanov)
        f.smtp.stop()
        f.store.clock.advance(by: .seconds(60))
        #expect(try await f.environment.reminderJob().run(f.store.clock.now(), f.store.clock.now()) == "1 reminders")
        let first = await f.sender.deliverDue()
        #expect(first.sent == 0 && first.failed == 1)
        let attempted = try #require(try await f.outbox.all().first)
        let stored = try #require(attempted.mail.message, "rendered and stored before the first attempt")
        #expect(attempted.attempts == 1)
        #expect(attempted.lastError != nil)

        // The server is back, and the daemon was restarted on English templates meanwhile: the
        // retry sends the Russian bytes of the first attempt, with the same Message-ID.
        try f.smtp.restart()
        f.store.clock.advance(by: .seconds(30))
        let english = try f.sender(language: .en)
        let retry = await english.deliverDue()
        #expect(retry.sent == 1 && retry.failed == 0)
        let received = try #require(f.smtp.messages().first)
        #expect(received.bytes == stored)
        #expect(received.header("Message-ID") == "<\(attempted.mail.messageID)>")
        #expect(received.decodedBody.contains("Напоминание: позвонить клиенту."))
        #expect(try await f.outbox.all().first?.mail.message == stored)
    }

    @Test("a mail whose template this daemon lacks stays pending with its error, backs off alone and is logged; the rest goes out")
    func unrenderableMailWaits() async throws {
        let f = try await JobsFixture()
        let start = f.store.clock.now()
        // Left by a version of Leadex that had this template.
        let unrenderable = OutgoingMail(
            kind: .reminder, envelopeFrom: "leadex@example.ru", recipients: ["ivanov@example.ru"], messageID: "later@leadex.test",
            content: .toRender(template: "reminder_v9", context: #"{"note": "перезвонить"}"#))
        let fine = OutgoingMail(
            kind: .adminAlert, envelopeFrom: "leadex@example.ru", recipients: [JobsFixture.adminList], messageID: "fine@leadex.test",
            subject: "ok", message: Array("Message-ID: <fine@leadex.test>\r\nSubject: ok\r\n\r\nok\r\n".utf8))
        try await f.outbox.enqueue([unrenderable, fine], at: start)

        let result = await f.sender.deliverDue()
        #expect(result.sent == 1 && result.failed == 1)
        #expect(await f.sender.pausedUntil == nil, "the server works: only that mail waits")
        #expect(f.smtp.messages().map { $0.header("Message-ID") } == ["<fine@leadex.test>"])
        #expect(try await f.outbox.counts() == (pending: 1, sent: 1))
        var waiting = try #require(try await f.outbox.all().first { $0.mail.messageID == "later@leadex.test" })
        #expect(waiting.mail.message == nil, "still to render")
        #expect(waiting.attempts == 1)
        #expect(waiting.lastError?.contains("cannot render: no template reminder_v9.txt.mustache") == true, "\(waiting.lastError ?? "")")
        #expect(waiting.nextAttemptAt == start.addingTimeInterval(30))
        #expect(f.store.logs.entries.contains {
            $0.level == .error && $0.message.contains("cannot be rendered") && $0.metadata["outbox_id"] == "\(waiting.id)"
        })

        // Backs off like a failed send: 30 s, then 60 s.
        f.store.clock.advance(by: .seconds(30))
        #expect(await f.sender.deliverDue().failed == 1)
        waiting = try #require(try await f.outbox.all().first { $0.mail.messageID == "later@leadex.test" })
        #expect(waiting.attempts == 2)
        #expect(waiting.nextAttemptAt == start.addingTimeInterval(90))
        #expect(f.smtp.messages().count == 1)
    }
}
