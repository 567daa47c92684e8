import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import LeadexConfig
import LeadexCore
import LeadexJobs
import LeadexStore
import LeadexTesting
@testable import LeadexWeb
import NIOCore
import Testing

@Suite struct RefusalsPageTests {
    /// A lead from `client`, taken and refused by `by` for `reason`.
    func refused(_ web: WebFixture, client: String, by login: UserLogin = SamplePolicy.ivanov, reason: ReasonID = "expensive", note: String? = nil) async throws -> LeadID {
        let id = try await web.store.incoming(name: client)
        try await web.store.store.perform(.take, on: id, by: login)
        try await web.store.store.perform(.refuse(reason: reason, note: note), on: id, by: login)
        return id
    }

    @Test func theQueueListsRefusalsOldestFirstEachWithItsFilledInCallScript() async throws {
        let web = try await WebFixture(settings: WebSettings(company: "ООО «Окна & Двери»"))
        let older = try await refused(web, client: "Анна <b>Старая</b>", reason: "other", note: "Передумали до весны")
        web.store.clock.advance(by: .seconds(2 * 86_400 + 3600))
        let newer = try await refused(web, client: "Борис Новый", by: SamplePolicy.petrov, reason: "competitor")
        web.store.clock.advance(by: .seconds(600))
        try await web.test { client in
            let qa = try await client.logIn(SamplePolicy.qa)
            let response = try await client.get("/qa/refusals", cookie: qa.cookie)
            #expect(response.status == .ok)
            let page = String(buffer: response.body)
            let first = try #require(page.range(of: "refusal-\(older)"))
            let second = try #require(page.range(of: "refusal-\(newer)"))
            #expect(first.lowerBound < second.lowerBound)
            let card = page.between(#"id="refusal-\#(older)""#, "</li>") ?? ""
            #expect(card.contains("Анна &lt;b&gt;Старая&lt;/b&gt;"))
            #expect(card.contains("Иван Иванов"))
            #expect(card.contains("Другое"))
            #expect(card.contains("Передумали до весны"))
            #expect(card.contains("23.11 06:00"))
            #expect(card.contains("ждёт <strong>2 дн</strong>"))
            #expect(card.contains(#"href="/deals/\#(older)""#))
            #expect(card.contains("Добрый день, это Ольга ОКК, компания ООО «Окна &amp; Двери». Я сотрудник службы качества и вижу, что вы общались 23 ноя, 06:00 с нашим менеджером и отказались от покупки по причине «Другое», это так?"))
            #expect(card.contains("Скажите, что можно предпринять, чтобы вы сделали выбор в пользу покупки у нас?"))
            let later = page.between(#"id="refusal-\#(newer)""#, "</li>") ?? ""
            #expect(later.contains("Пётр Петров"))
            #expect(later.contains("вы общались сегодня 07:00 с нашим менеджером"))
            #expect(later.contains("«Выбрали конкурента»"))
            // QA opens the deal's page and its history from the queue.
            let deal = try await client.get("/deals/\(older)", cookie: qa.cookie)
            #expect(deal.status == .ok)
            #expect(String(buffer: deal.body).contains("Условный отказ (Другое)"))
        }
    }

    @Test func reopeningNeedsANoteAndTheNamedManagersCapHolds() async throws {
        let web = try await WebFixture()
        let id = try await refused(web, client: "Вера Клиентова")
        // Пётр's cap is 1: one deal of his own fills it.
        let his = try await web.store.incoming(name: "Клиент Петра")
        try await web.store.store.perform(.take, on: his, by: SamplePolicy.petrov)
        try await web.test { client in
            let qa = try await client.logIn(SamplePolicy.qa)
            let bare = try await client.post("/qa/refusals/\(id)", ["csrf": qa.csrf, "decision": "exchange", "note": "  "], cookie: qa.cookie)
            #expect(bare.status == .unprocessableContent)
            #expect(String(buffer: bare.body).contains("Напишите, что сказал клиент"))
            let full = try await client.post(
                "/qa/refusals/\(id)", ["csrf": qa.csrf, "decision": "manager", "to": "petrov", "note": "Готов обсудить"], cookie: qa.cookie)
            #expect(full.status == .conflict)
            #expect(String(buffer: full.body).contains("Достигнут лимит открытых сделок"))
            #expect(try await web.store.store.lead(id, as: SamplePolicy.head).status.kind == .conditionalRefusal)

            try await web.store.store.perform(.win(note: nil), on: his, by: SamplePolicy.petrov)
            let given = try await client.post(
                "/qa/refusals/\(id)", ["csrf": qa.csrf, "decision": "manager", "to": "petrov", "note": "Готов обсудить"], cookie: qa.cookie)
            #expect(given.status == .seeOther)
            #expect(given.headers[.location] == "/qa/refusals?done=\(id)")
            let after = String(buffer: try await client.get("/qa/refusals?done=\(id)", cookie: qa.cookie).body)
            #expect(!after.contains("refusal-\(id)"))
            #expect(after.contains("Отказов на проверке нет."))
        }
        #expect(try await web.store.store.lead(id, as: SamplePolicy.head).status == .owned(by: SamplePolicy.petrov, keep: false))
        let history = try await web.store.store.history(of: id, as: SamplePolicy.head)
        #expect(history.last?.note == "Готов обсудить; to petrov")
        #expect(history.last?.actor == SamplePolicy.qa)
        #expect(web.store.logs.entries.contains { $0.metadata["rule"] == "refusal.reopen-note" })
        #expect(web.store.logs.entries.contains { $0.metadata["rule"] == "exchange.cap" })
    }

    @Test func qaClosesAsLostOrReopensToTheExchange() async throws {
        let web = try await WebFixture()
        let lost = try await refused(web, client: "Первый")
        let back = try await refused(web, client: "Второй")
        try await web.test { client in
            let qa = try await client.logIn(SamplePolicy.qa)
            let closed = try await client.post("/qa/refusals/\(lost)", ["csrf": qa.csrf, "decision": "lost", "note": "Купили у другого"], cookie: qa.cookie)
            #expect(closed.status == .seeOther)
            let reopened = try await client.post(
                "/qa/refusals/\(back)", ["csrf": qa.csrf, "decision": "exchange", "note": "Ждёт звонка после 15:00"], cookie: qa.cookie)
            #expect(reopened.status == .seeOther)
            // Reviewed already: the second try is refused by the state, shown, and changes nothing.
            let again = try await client.post("/qa/refusals/\(lost)", ["csrf": qa.csrf, "decision": "lost", "note": "ещё раз"], cookie: qa.cookie)
            #expect(again.status == .conflict)
            let odd = try await client.post("/qa/refusals/\(back)", ["csrf": qa.csrf, "decision": "maybe", "note": "x"], cookie: qa.cookie)
            #expect(odd.status == .unprocessableContent)
            let nowhere = try await client.post("/qa/refusals/999999", ["csrf": qa.csrf, "decision": "lost"], cookie: qa.cookie)
            #expect(nowhere.status == .notFound)
        }
        #expect(try await web.store.store.lead(lost, as: SamplePolicy.head).status.kind == .lost)
        #expect(try await web.store.store.lead(back, as: SamplePolicy.head).status == .exchange)
    }

    @Test func anAdminsCallScriptReplacesTheBuiltInOneAndABrokenOneFailsTheCheck() async throws {
        let directory = try TemporaryDirectory()
        _ = try directory.write("call_script.txt.mustache", "Звонок от {{qa}} ({{company}}) клиенту {{client}}: {{reason}}{{#note}} — {{note}}{{/note}}\n")
        let web = try await WebFixture(settings: WebSettings(company: "Ромашка"), templates: directory.path)
        let id = try await refused(web, client: "Галина", reason: "other", note: "Дорого & долго")
        try await web.test { client in
            let qa = try await client.logIn(SamplePolicy.qa)
            let page = String(buffer: try await client.get("/qa/refusals", cookie: qa.cookie).body)
            #expect(page.contains("Звонок от Ольга ОКК (Ромашка) клиенту Галина: Другое — Дорого &amp; долго"))
            #expect(page.contains("refusal-\(id)"))
        }
        // The mail templates' check leaves the workspace's file alone; the workspace's own refuses a broken one.
        _ = try MailTemplates(language: .ru, directory: directory.path)
        #expect(throws: Never.self) { try WebTemplates.check(language: .ru, directory: directory.path) }
        _ = try directory.write("call_script.txt.mustache", "{{#qa}} без конца\n")
        #expect(throws: WebTemplateProblem.self) { try WebTemplates.check(language: .ru, directory: directory.path) }
    }

    @Test func theScriptIsInEnglishForAnEnglishDepartment() async throws {
        let web = try await WebFixture(settings: WebSettings(company: "Windows Ltd"), language: .en)
        _ = try await refused(web, client: "Grace")
        try await web.test { client in
            let qa = try await client.logIn(SamplePolicy.qa)
            let page = String(buffer: try await client.get("/qa/refusals", cookie: qa.cookie).body)
            #expect(page.contains("Conditional refusals"))
            #expect(page.contains("this is Ольга ОКК from Windows Ltd"))
            #expect(page.contains("Tell me, what could we do so that you would choose to buy from us?"))
        }
    }
}
