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

@Suite struct NewLeadPageTests {
    func once(_ page: String) -> String? { page.between(#"name="once" value=""#, #"""#) }

    @Test func aLeadTakenByPhoneGoesOnTheExchangeOrToTheCaller() async throws {
        let web = try await WebFixture()
        try await web.test { client in
            let ivanov = try await client.logIn(SamplePolicy.ivanov)
            let form = String(buffer: try await client.get("/leads/new", cookie: ivanov.cookie).body)
            let key = try #require(once(form))
            let added = try await client.post(
                "/leads/new", ["csrf": ivanov.csrf, "once": key, "name": "Олег", "phone": "8 (912) 555-00-77", "note": "Нужна кухня"],
                cookie: ivanov.cookie)
            #expect(added.status == .seeOther)
            let location = try #require(added.headers[.location])
            #expect(location.hasPrefix("/exchange?added="))
            // The same form sent again (a double click, a reload) adds nothing more.
            let again = try await client.post(
                "/leads/new", ["csrf": ivanov.csrf, "once": key, "name": "Олег", "phone": "8 (912) 555-00-77", "note": "Нужна кухня"],
                cookie: ivanov.cookie)
            #expect(again.status == .seeOther)
            #expect(try await web.store.store.exchange().count == 1)
            let page = String(buffer: try await client.get(location, cookie: ivanov.cookie).body)
            #expect(page.contains("добавлена на биржу"))
            #expect(page.contains("Нужна кухня"))

            let second = try #require(once(String(buffer: try await client.get("/leads/new", cookie: ivanov.cookie).body)))
            let taken = try await client.post(
                "/leads/new", ["csrf": ivanov.csrf, "once": second, "name": "Ирина", "phone": "+7 912 555 00 78", "take": "1"],
                cookie: ivanov.cookie)
            #expect(taken.headers[.location]?.hasPrefix("/deals/") == true)
        }
        #expect(try await web.store.store.openDeals(as: SamplePolicy.ivanov).count == 1)
    }

    @Test func whatLeadexctlAddRefusesIsRefusedNextToItsFieldAndNothingIsAdded() async throws {
        let web = try await WebFixture()
        try await web.test { client in
            let ivanov = try await client.logIn(SamplePolicy.ivanov)
            let cases: [([String: String], String, String)] = [
                (["name": "  ", "phone": "89125550077"], "Укажите имя клиента.", "name"),
                (["name": "Олег", "phone": "12"], "Это не номер телефона", "phone"),
                (["name": "Олег", "phone": "89125550077", "email": "oleg-at-example"], "Это не адрес электронной почты.", "email"),
                // A terminal escape in a name: refused as leadexctl add refuses it.
                (["name": "Олег\u{1B}[31m", "phone": "89125550077"], "управляющий символ", "name"),
            ]
            for (fields, message, field) in cases {
                let response = try await client.post("/leads/new", fields.merging(["csrf": ivanov.csrf, "once": UUID().uuidString]) { $1 }, cookie: ivanov.cookie)
                let page = String(buffer: response.body)
                #expect(response.status == .unprocessableContent)
                #expect(page.contains(message), "\(fields)")
                #expect(page.contains(#"name="\#(field)""#) && page.contains(#"aria-invalid="true""#))
                // What was typed stays in the form.
                if let name = fields["name"], name == "Олег" { #expect(page.contains("value=\"\(name)\"")) }
            }
        }
        #expect(try await web.store.store.exchange().isEmpty)
        // The control socket's add checks the same way (one function for both).
        #expect(throws: ManualLeadProblem.self) { try IncomingLead.manual(name: "Олег", phone: "12", email: nil, note: nil, by: "ivanov") }
    }
}
