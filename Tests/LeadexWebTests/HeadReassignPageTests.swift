import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import LeadexCore
import LeadexStore
import LeadexTesting
@testable import LeadexWeb
import Testing

/// The head's forms for handing deals on: one deal to another seller from its page, all of a
/// manager's deals back to the exchange from "now". The core's rules answer: a note is needed,
/// nobody but the head sees the forms or may post them.
@Suite struct HeadReassignPageTests {
    @Test func theHeadHandsADealOnOnlyWithANoteAndOthersSeeNoForm() async throws {
        let web = try await WebFixture()
        let store = web.store.store
        let deal = try await web.store.incoming(name: "Сделка Ивана")
        try await store.perform(.take, on: deal, by: SamplePolicy.ivanov)
        try await web.test { client in
            let head = try await client.logIn(SamplePolicy.head)
            let page = String(buffer: try await client.get("/deals/\(deal)", cookie: head.cookie).body)
            #expect(page.contains(#"action="/deals/\#(deal)/reassign""#))
            #expect(page.contains(#"<option value="petrov">"#) && !page.contains(#"<option value="ivanov">"#), "the owner is not offered")
            let refused = try await client.post("/deals/\(deal)/reassign", ["csrf": head.csrf, "to": "petrov", "note": " "], cookie: head.cookie)
            #expect(refused.status == .unprocessableContent)
            #expect(String(buffer: refused.body).contains(#"class="error" role="alert""#))
            #expect(try await store.lead(deal, as: SamplePolicy.head).status.owner == SamplePolicy.ivanov)
            let done = try await client.post("/deals/\(deal)/reassign", ["csrf": head.csrf, "to": "petrov", "note": "в отпуске"], cookie: head.cookie)
            #expect(done.status == .seeOther)
            #expect(done.headers[.location] == "/deals/\(deal)?done=reassign")
            #expect(try await store.lead(deal, as: SamplePolicy.head).status.owner == SamplePolicy.petrov)

            let manager = try await client.logIn(SamplePolicy.petrov)
            #expect(!String(buffer: try await client.get("/deals/\(deal)", cookie: manager.cookie).body).contains("/reassign"))
            let notHead = try await client.post("/head/return-all", ["csrf": manager.csrf, "owner": "petrov", "note": "x"], cookie: manager.cookie)
            #expect(notHead.status == .notFound)
            #expect(try await store.lead(deal, as: SamplePolicy.head).status.owner == SamplePolicy.petrov)

            let all = try await client.post("/head/return-all", ["csrf": head.csrf, "owner": "petrov", "note": "уволился"], cookie: head.cookie)
            #expect(all.headers[.location] == "/head/now?returned=1")
            #expect(try await store.lead(deal, as: SamplePolicy.head).status.kind == .exchange)
            #expect(String(buffer: try await client.get("/head/now?returned=1", cookie: head.cookie).body).contains("Возвращено на биржу сделок: 1."))
        }
    }
}
