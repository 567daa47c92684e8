import Foundation
import HTTPTypes
import HummingbirdTesting
import LeadexConfig
import LeadexCore
import LeadexStore
import LeadexTesting
@testable import LeadexWeb
import Testing

/// Settings applied to the running workspace (what SIGHUP does through ``LiveWebSettings``).
@Suite struct WebReloadTests {
    @Test func aShorterIdleTimeoutEndsSessionsIdleLongerThanItAtTheNextRequest() async throws {
        let web = try await WebFixture()
        try await web.test { client in
            let (cookie, _) = try await client.logIn(SamplePolicy.ivanov)
            web.store.clock.advance(by: .seconds(30 * 60))
            #expect(try await client.get("/exchange", cookie: cookie).status == .ok)
            let busy = try await client.logIn(SamplePolicy.petrov)
            web.store.clock.advance(by: .seconds(25 * 60))
            #expect(try await client.get("/exchange", cookie: busy.cookie).status == .ok)
            web.live.apply(WebSettings(idleTimeout: .seconds(20 * 60), absoluteTimeout: .seconds(12 * 3600)))
            web.store.clock.advance(by: .seconds(21 * 60))
            #expect(try await client.get("/exchange", cookie: cookie).status == .seeOther)
            #expect(try await client.get("/exchange", cookie: busy.cookie).status == .seeOther)
        }
    }

    @Test func aNewPublicURLIsTheOriginFormsMustComeFromAndMakesTheCookieSecure() async throws {
        let web = try await WebFixture()
        try await web.test { client in
            let before = try await client.post("/login", ["login": "ivanov", "password": WebFixture.password])
            #expect(before.headers[.setCookie]?.hasPrefix("leadex=") == true)
            web.live.apply(WebSettings(publicURL: "https://leads.example.ru"))
            #expect(try await client.post("/login", ["login": "ivanov", "password": WebFixture.password]).status == .forbidden)
            let after = try await client.post("/login", ["login": "ivanov", "password": WebFixture.password], origin: "https://leads.example.ru")
            #expect(after.headers[.setCookie]?.hasPrefix("__Host-leadex=") == true)
            #expect(after.headers[.setCookie]?.contains("Secure") == true)
        }
    }

    @Test func invitationsUseTheValidityInForceWhenTheyAreSent() async throws {
        let web = try await WebFixture(settings: WebSettings(publicURL: "http://localhost"), passwords: [])
        web.live.apply(WebSettings(publicURL: "http://localhost", invitationValidity: .seconds(2 * 3600)))
        let sent = try await web.invitations.send(to: SamplePolicy.petrov, settings: web.live.current)
        #expect(sent.invitation.expiresAt == web.store.clock.now().addingTimeInterval(2 * 3600))
    }
}
