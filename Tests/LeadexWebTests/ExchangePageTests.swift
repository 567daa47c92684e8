import Foundation
import Hummingbird
import HummingbirdTesting
import LeadexConfig
import LeadexCore
import LeadexStore
import LeadexTesting
@testable import LeadexWeb
import NIOCore
import Testing

@Suite struct ExchangePageTests {
    @Test func theExchangeListsLeadsOldestFirstWithAgeSourceContactAndPreview() async throws {
        let web = try await WebFixture()
        let first = try await web.store.incoming(name: "Анна Первая")
        web.store.clock.advance(by: .seconds(7 * 60))
        let second = try await web.store.incoming(name: "Борис Второй")
        web.store.clock.advance(by: .seconds(3 * 60))
        try await web.test { client in
            let (cookie, _) = try await client.logIn(SamplePolicy.ivanov)
            let page = String(buffer: try await client.get("/exchange", cookie: cookie).body)
            let a = try #require(page.range(of: "lead-\(first)"))
            let b = try #require(page.range(of: "lead-\(second)"))
            #expect(a.lowerBound < b.lowerBound)
            #expect(page.contains("Анна Первая"))
            #expect(page.contains("10 мин"))
            #expect(page.contains("3 мин"))
            #expect(page.contains("Форма site"))
            #expect(page.contains("Нужен расчёт"))
            #expect(page.contains("<title>(2) Биржа — Leadex</title>"))
            #expect(page.contains(#"<script src="/static/exchange."#))
            // Every asset comes from the daemon itself.
            #expect(!page.contains("http://") && !page.contains("https://"))
        }
    }

    @Test func englishWithLanguageEn() async throws {
        let web = try await WebFixture(language: .en)
        try await web.store.incoming()
        try await web.test { client in
            let (cookie, _) = try await client.logIn(SamplePolicy.ivanov)
            let page = String(buffer: try await client.get("/exchange", cookie: cookie).body)
            #expect(page.contains("<html lang=\"en\">"))
            #expect(page.contains(">Take</button>"))
            #expect(page.contains("Exchange"))
        }
    }

    @Test func markupInALeadIsShownAsText() async throws {
        let web = try await WebFixture()
        let outcome = try await web.store.store.receive(
            IncomingLead(
                source: LeadSource(kind: .mail, name: "sales"), sourceRef: "x1", title: "<script>alert(1)</script>",
                text: "<img src=x onerror=alert(2)>", contact: ContactDraft(name: "<b onmouseover=alert(3)>Хакер</b>", emails: ["h@example.ru"], phones: [])))
        guard case .created = outcome else { Issue.record("not created"); return }
        try await web.test { client in
            let (cookie, _) = try await client.logIn(SamplePolicy.ivanov)
            let page = String(buffer: try await client.get("/exchange", cookie: cookie).body)
            #expect(!page.contains("<script>alert"))
            #expect(!page.contains("<img src=x"))
            #expect(!page.contains("<b onmouseover"))
            #expect(page.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
            let rows = String(buffer: try await client.get("/exchange/rows", cookie: cookie, accept: "application/json").body)
            #expect(!rows.contains("<script>alert"))
            #expect(!rows.contains("<img src=x"))
        }
    }

    @Test func takingALeadMakesItYoursAndLosingTheRaceSaysWhoTookIt() async throws {
        let web = try await WebFixture()
        let lead = try await web.store.incoming()
        try await web.test { client in
            let ivanov = try await client.logIn(SamplePolicy.ivanov)
            let petrov = try await client.logIn(SamplePolicy.petrov)
            async let first = client.post("/leads/\(lead)/take", ["csrf": ivanov.csrf], cookie: ivanov.cookie, accept: "application/json")
            async let second = client.post("/leads/\(lead)/take", ["csrf": petrov.csrf], cookie: petrov.cookie, accept: "application/json")
            let replies = try await [first, second].map { try JSONDecoder().decode(TakeReply.self, from: Data(String(buffer: $0.body).utf8)) }
            #expect(replies.filter(\.ok).count == 1)
            let owner = try await web.store.store.lead(lead, as: SamplePolicy.head).status.owner
            let loser = try #require(replies.first { !$0.ok })
            let ownerName = owner == SamplePolicy.ivanov ? "Иван Иванов" : "Пётр Петров"
            #expect(loser.message == "Заявку уже взял(а) \(ownerName).")
            // A plain form (no script) gets the page back with the same sentence, and the lead stays its owner's.
            let again = try await client.post("/leads/\(lead)/take", ["csrf": ivanov.csrf], cookie: owner == SamplePolicy.ivanov ? petrov.cookie : ivanov.cookie)
            #expect(again.status == .forbidden || again.status == .conflict)
        }
    }

    @Test func thePlainFormTakesAndRedirectsAndTheCapIsSaid() async throws {
        let web = try await WebFixture()
        // Пётр's cap is 1 in the sample department.
        let one = try await web.store.incoming()
        let two = try await web.store.incoming()
        try await web.test { client in
            let petrov = try await client.logIn(SamplePolicy.petrov)
            let taken = try await client.post("/leads/\(one)/take", ["csrf": petrov.csrf], cookie: petrov.cookie)
            #expect(taken.status == .seeOther)
            #expect(taken.headers[.location] == "/exchange?taken=\(one)")
            let after = String(buffer: try await client.get("/exchange?taken=\(one)", cookie: petrov.cookie).body)
            #expect(after.contains("Заявка №\(one) теперь ваша."))
            #expect(!after.contains("lead-\(one)\""))
            let capped = try await client.post("/leads/\(two)/take", ["csrf": petrov.csrf], cookie: petrov.cookie)
            #expect(capped.status == .conflict)
            #expect(String(buffer: capped.body).contains("Достигнут лимит открытых сделок"))
            let missing = try await client.post("/leads/999/take", ["csrf": petrov.csrf], cookie: petrov.cookie, accept: "application/json")
            #expect(missing.status == .notFound)
        }
        #expect(try await web.store.store.lead(two, as: SamplePolicy.head).status == .exchange)
    }

    @Test func assetsAreServedByTheDaemonAndCachedForAYear() async throws {
        let web = try await WebFixture()
        try await web.test { client in
            let script = try await client.get(Assets.exchangeScriptPath)
            #expect(script.status == .ok)
            #expect(script.headers[.contentType] == "text/javascript; charset=utf-8")
            #expect(script.headers[.cacheControl] == "public, max-age=31536000, immutable")
            #expect(String(buffer: script.body).contains("new EventSource(\"/exchange/events\")"))
            #expect(try await client.get(Assets.stylesheetPath).status == .ok)
        }
    }
}
