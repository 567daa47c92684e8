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

/// The amount form on the deal page: offered to whoever the rules let set it, read as typed,
/// refused in the page's language, CSRF-checked like every other form.
@Suite struct DealAmountPageTests {
    func takenLead(_ web: WebFixture) async throws -> LeadID {
        let outcome = try await web.store.store.receive(
            IncomingLead(
                source: LeadSource(kind: .form, name: "site"), sourceRef: UUID().uuidString, title: "Окна", text: "",
                contact: ContactDraft(name: "Анна", phones: [PhoneNumber("8 912 555-12-35")!])))
        guard case .created(let id, _, _) = outcome else { throw WebTestError.noToken }
        try await web.store.store.perform(.take, on: id, by: SamplePolicy.ivanov)
        return id
    }

    @Test func theOwnerSetsTheAmountAndSeesItWrittenInRoubles() async throws {
        let web = try await WebFixture()
        let id = try await takenLead(web)
        try await web.test { client in
            let ivanov = try await client.logIn(SamplePolicy.ivanov)
            let page = String(buffer: try await client.get("/deals/\(id)", cookie: ivanov.cookie).body)
            #expect(page.contains(#"<form method="post" action="/deals/\#(id)/amount" class="amount">"#))
            let saved = try await client.post("/deals/\(id)/amount", ["csrf": ivanov.csrf, "amount": "150 000,50"], cookie: ivanov.cookie)
            #expect(saved.status == .seeOther)
            #expect(saved.headers[.location] == "/deals/\(id)?done=amount")
            let after = String(buffer: try await client.get("/deals/\(id)", cookie: ivanov.cookie).body)
            #expect(after.contains(" · 150 000,50 ₽</p>"), "\(after)")
            #expect(after.contains(#"value="150000.50""#))
            #expect(after.contains("сумма сделки 150 000,50 ₽"), "the history line, reworded")

            let bad = try await client.post("/deals/\(id)/amount", ["csrf": ivanov.csrf, "amount": "1,500"], cookie: ivanov.cookie)
            #expect(bad.status == .unprocessableContent)
            #expect(String(buffer: bad.body).contains("«1,500» можно понять двояко"))
            let forged = try await client.post("/deals/\(id)/amount", ["amount": "1"], cookie: ivanov.cookie)
            #expect(forged.status == .forbidden)
            let cleared = try await client.post("/deals/\(id)/amount", ["csrf": ivanov.csrf, "clear": "1", "amount": ""], cookie: ivanov.cookie)
            #expect(cleared.status == .seeOther)
        }
        #expect(try await web.store.store.lead(id, as: SamplePolicy.head).amount == nil)
        let notes = try await web.store.store.history(of: id, as: SamplePolicy.head).filter { $0.action == .amountSet }.map(\.note)
        #expect(notes == ["150000.50", "cleared; was 150000.50"])
    }

    /// A refusal the page has no sentence of its own for is said in the page's language (it
    /// used to fall back to the English one the journal keeps).
    @Test func aRefusalWithoutAPageSentenceIsInThePagesLanguage() async throws {
        let web = try await WebFixture()
        let id = try await takenLead(web)
        try await web.test { client in
            let ivanov = try await client.logIn(SamplePolicy.ivanov)
            let past = try await client.post("/deals/\(id)/remind", ["csrf": ivanov.csrf, "at": "2020-01-01T10:00", "note": "позвонить"], cookie: ivanov.cookie)
            #expect(past.status == .conflict)
            let page = String(buffer: past.body)
            #expect(page.contains("Время напоминания уже прошло"), "\(page)")
            #expect(!page.contains("the reminder's time is in the past"))
        }
    }

    @Test func qaSeesTheAmountButIsNotOfferedTheForm() async throws {
        let web = try await WebFixture()
        let id = try await takenLead(web)
        try await web.store.store.setAmount("90 000", on: id, by: SamplePolicy.ivanov)
        try await web.store.store.setPasswordHash(try await Passwords.hash(WebFixture.password, cost: 10), for: SamplePolicy.qa)
        try await web.test { client in
            let qa = try await client.logIn(SamplePolicy.qa)
            let page = String(buffer: try await client.get("/deals/\(id)", cookie: qa.cookie).body)
            #expect(page.contains(" · 90 000 ₽</p>"))
            #expect(!page.contains("/amount\""))
            let refused = try await client.post("/deals/\(id)/amount", ["csrf": qa.csrf, "amount": "1"], cookie: qa.cookie)
            #expect(refused.status == .conflict)
        }
        #expect(try await web.store.store.lead(id, as: SamplePolicy.head).amount?.kopecks == 9_000_000)
    }
}
