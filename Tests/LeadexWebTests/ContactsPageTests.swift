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

@Suite struct ContactsPageTests {
    @Test func searchFindsByPhoneInAnyFormatWithinWhatTheUserMaySee() async throws {
        let web = try await WebFixture()
        let mine = try await web.store.incoming(name: "Светлана <b>Мирная</b>", phone: "+7 912 555-44-33")
        try await web.store.store.perform(.take, on: mine, by: SamplePolicy.ivanov)
        let theirs = try await web.store.incoming(name: "Светлана Чужая", phone: "+7 912 555-44-22")
        try await web.store.store.perform(.take, on: theirs, by: SamplePolicy.petrov)
        try await web.test { client in
            let ivanov = try await client.logIn(SamplePolicy.ivanov)
            let byPhone = String(buffer: try await client.get("/contacts?q=8%20(912)%20555-44-33", cookie: ivanov.cookie).body)
            #expect(byPhone.contains("Светлана &lt;b&gt;Мирная&lt;/b&gt;"))
            #expect(byPhone.contains(#"href="tel:+79125554433""#))
            #expect(byPhone.contains(#"<a href="/deals/\#(mine)">"#))
            let byName = String(buffer: try await client.get("/contacts?q=%D1%81%D0%B2%D0%B5%D1%82%D0%BB%D0%B0%D0%BD%D0%B0", cookie: ivanov.cookie).body)
            #expect(byName.contains("Мирная"))
            // Пётр's client is not Иван's to see.
            #expect(!byName.contains("Чужая"))
            let none = String(buffer: try await client.get("/contacts?q=nobody-at-all", cookie: ivanov.cookie).body)
            #expect(none.contains("Никого не нашлось."))
        }
    }
}
