import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import LeadexConfig
import LeadexCore
import LeadexStore
import LeadexTesting
@testable import LeadexWeb
import Testing

@Suite struct SessionTests {
    @Test func aLoginStartsASessionWithAFreshHttpOnlyCookie() async throws {
        let web = try await WebFixture()
        try await web.test { client in
            let response = try await client.post("/login", ["login": "ivanov", "password": WebFixture.password])
            #expect(response.status == .seeOther)
            #expect(response.headers[.location] == "/exchange")
            let cookie = try #require(response.headers[.setCookie])
            #expect(cookie.hasPrefix("leadex="))
            #expect(cookie.contains("HttpOnly"))
            #expect(cookie.contains("SameSite=Lax"))
            #expect(cookie.contains("Path=/"))
            #expect(!cookie.contains("Secure"))
            // 32 random bytes, base64url.
            let id = String(cookie.dropFirst("leadex=".count).prefix { $0 != ";" })
            #expect(id.count == 43)
            // A second login is a second session with another id: never the one the browser brought.
            let again = try await client.post("/login", ["login": "ivanov", "password": WebFixture.password], cookie: "leadex=\(id)")
            let second = String(try #require(again.headers[.setCookie]).dropFirst("leadex=".count).prefix { $0 != ";" })
            #expect(second != id)
            let page = try await client.get("/exchange", cookie: "leadex=\(id)")
            #expect(page.status == .ok)
            #expect(String(buffer: page.body).contains("Иван Иванов"))
        }
        #expect(try await web.store.store.webSessionCount(of: SamplePolicy.ivanov) == 2)
    }

    @Test func underHTTPSTheCookieIsSecureWithTheHostPrefix() async throws {
        let web = try await WebFixture(settings: WebSettings(publicURL: "https://leads.example.ru"))
        try await web.test { client in
            let response = try await client.post(
                "/login", ["login": "ivanov", "password": WebFixture.password], origin: "https://leads.example.ru")
            let cookie = try #require(response.headers[.setCookie])
            #expect(cookie.hasPrefix("__Host-leadex="))
            #expect(cookie.contains("Secure"))
            #expect(!cookie.contains("Domain"))
            // The public origin is the only one accepted.
            let other = try await client.post("/login", ["login": "ivanov", "password": WebFixture.password], origin: "http://localhost")
            #expect(other.status == .forbidden)
        }
    }

    @Test func wrongLoginsAndPasswordsGetOneMessageAndAreLoggedWithoutThePassword() async throws {
        let web = try await WebFixture()
        try await web.test { client in
            let wrongPassword = try await client.post("/login", ["login": "ivanov", "password": "не-тот-пароль"])
            let unknownLogin = try await client.post("/login", ["login": "nobody", "password": "не-тот-пароль"])
            let noPassword = try await client.post("/login", ["login": "okk", "password": "не-тот-пароль"])
            for response in [wrongPassword, unknownLogin, noPassword] {
                #expect(response.status == .unauthorized)
                #expect(response.headers[.setCookie] == nil)
                #expect(String(buffer: response.body).contains("Неверный логин или пароль."))
            }
        }
        let failures = web.store.logs.entries.filter { $0.metadata["rule"] == "web.login_failed" }
        #expect(failures.count == 3)
        #expect(Set(failures.compactMap { $0.metadata["user"] }) == ["ivanov", "nobody", "okk"])
        #expect(!web.store.logs.entries.contains { "\($0.message) \($0.metadata)".contains("не-тот-пароль") })
    }

    @Test func repeatedFailuresAreSlowedExponentiallyButNeverLockedOut() async throws {
        let web = try await WebFixture()
        try await web.test { client in
            for _ in 0..<3 {
                #expect(try await client.post("/login", ["login": "ivanov", "password": "wrong-password"]).status == .unauthorized)
            }
            // After three failures the next attempt waits a second, even with the right password.
            let throttled = try await client.post("/login", ["login": "ivanov", "password": WebFixture.password])
            #expect(throttled.status == .tooManyRequests)
            #expect(String(buffer: throttled.body).contains("через 1 с"))
            web.store.clock.advance(by: .seconds(1))
            #expect(try await client.post("/login", ["login": "ivanov", "password": "wrong-password"]).status == .unauthorized)
            // The fourth failure doubles the wait.
            web.store.clock.advance(by: .seconds(1))
            #expect(try await client.post("/login", ["login": "ivanov", "password": WebFixture.password]).status == .tooManyRequests)
            web.store.clock.advance(by: .seconds(1))
            #expect(try await client.post("/login", ["login": "ivanov", "password": WebFixture.password]).status == .seeOther)
        }
    }

    @Test func loggingOutEndsTheSessionOnTheServer() async throws {
        let web = try await WebFixture()
        try await web.test { client in
            let (cookie, csrf) = try await client.logIn(SamplePolicy.ivanov)
            let out = try await client.post("/logout", ["csrf": csrf], cookie: cookie)
            #expect(out.status == .seeOther)
            #expect(out.headers[.setCookie]?.contains("Max-Age=0") == true)
            // The old cookie, replayed, no longer opens anything.
            let after = try await client.get("/exchange", cookie: cookie)
            #expect(after.status == .seeOther)
            #expect(after.headers[.location] == "/login")
        }
        #expect(try await web.store.store.webSessionCount(of: SamplePolicy.ivanov) == 0)
    }

    @Test func sessionsEndAfterTheIdleAndTheAbsoluteTimeout() async throws {
        let web = try await WebFixture(settings: WebSettings(idleTimeout: .seconds(3600), absoluteTimeout: .seconds(4 * 3600)))
        try await web.test { client in
            let idle = try await client.logIn(SamplePolicy.ivanov)
            web.store.clock.advance(by: .seconds(3599))
            #expect(try await client.get("/exchange", cookie: idle.cookie).status == .ok)
            web.store.clock.advance(by: .seconds(3599))
            #expect(try await client.get("/exchange", cookie: idle.cookie).status == .ok)
            web.store.clock.advance(by: .seconds(3600))
            #expect(try await client.get("/exchange", cookie: idle.cookie).status == .seeOther)

            // Busy all day, still out after the absolute timeout.
            let busy = try await client.logIn(SamplePolicy.petrov)
            for _ in 0..<7 {
                web.store.clock.advance(by: .seconds(1800))
                #expect(try await client.get("/exchange", cookie: busy.cookie).status == .ok)
            }
            web.store.clock.advance(by: .seconds(1800))
            #expect(try await client.get("/exchange", cookie: busy.cookie).status == .seeOther)
        }
    }

    @Test func aUserRemovedFromTheConfigLosesTheirSessionsAtTheReload() async throws {
        let web = try await WebFixture()
        try await web.test { client in
            let (cookie, _) = try await client.logIn(SamplePolicy.petrov)
            var policy = web.store.store.policy
            policy.users[SamplePolicy.petrov] = nil
            try await web.store.store.apply(policy: policy)
            #expect(try await web.store.store.webSessionCount(of: SamplePolicy.petrov) == 0)
            #expect(try await client.get("/exchange", cookie: cookie).status == .seeOther)
        }
    }

    @Test func everyStateChangeNeedsTheSessionsTokenAndTheWorkspacesOrigin() async throws {
        let web = try await WebFixture()
        let lead = try await web.store.incoming()
        try await web.test { client in
            let (cookie, csrf) = try await client.logIn(SamplePolicy.ivanov)
            #expect(try await client.post("/leads/\(lead)/take", cookie: cookie).status == .forbidden)
            #expect(try await client.post("/leads/\(lead)/take", ["csrf": "x" + csrf.dropFirst()], cookie: cookie).status == .forbidden)
            #expect(
                try await client.post("/leads/\(lead)/take", ["csrf": csrf], cookie: cookie, origin: "https://evil.example").status == .forbidden)
            #expect(try await client.post("/logout", cookie: cookie).status == .forbidden)
            // Nothing changed.
            #expect(try await web.store.store.lead(lead, as: SamplePolicy.head).status == .exchange)
            #expect(try await client.post("/leads/\(lead)/take", ["csrf": csrf], cookie: cookie).status == .seeOther)
        }
        #expect(web.store.logs.entries.contains { $0.metadata["rule"] == "web.csrf" })
        #expect(web.store.logs.entries.contains { $0.metadata["rule"] == "web.origin" })
    }

    @Test func pagesCarryAStrictPolicyAndAreNotCached() async throws {
        let web = try await WebFixture()
        try await web.test { client in
            let (cookie, _) = try await client.logIn(SamplePolicy.ivanov)
            for response in [try await client.get("/exchange", cookie: cookie), try await client.get("/login")] {
                let policy = try #require(response.headers[.contentSecurityPolicy])
                #expect(policy.contains("script-src 'self'"))
                #expect(!policy.contains("unsafe-inline"))
                #expect(policy.contains("frame-ancestors 'none'"))
                #expect(response.headers[.xContentTypeOptions] == "nosniff")
                #expect(response.headers[HTTPField.Name("X-Frame-Options")!] == "DENY")
                #expect(response.headers[.cacheControl] == "no-store")
            }
            // Without a session: pages go to the login, the rest is 401.
            #expect(try await client.get("/exchange").headers[.location] == "/login")
            #expect(try await client.get("/exchange/rows", accept: "application/json").status == .unauthorized)
            #expect(try await client.get("/exchange/events").status == .unauthorized)
        }
    }

    @Test func passwordsFollowOWASPLengthsAndAreStoredAsBcrypt() async throws {
        #expect(throws: Passwords.Problem.self) { try Passwords.check("short12") }
        #expect(throws: Passwords.Problem.self) { try Passwords.check(String(repeating: "я", count: 37)) }
        #expect(throws: Passwords.Problem.self) { try Passwords.check("пароль\nс переводом") }
        try Passwords.check("восемь!!")
        let hash = try await Passwords.hash("восемь!!", cost: 4)
        // The cost never goes below 10.
        #expect(hash.hasPrefix("$2b$10$"))
        #expect(try await Passwords.verify("восемь!!", hash: hash))
        #expect(try await !Passwords.verify("восемь!?", hash: hash))
        let fixture = try await StoreFixture()
        await #expect(throws: (any Error).self) { try await fixture.store.setPasswordHash("plaintext", for: SamplePolicy.ivanov) }
        await #expect(throws: RuleViolation.self) { try await fixture.store.setPasswordHash(hash, for: "nobody") }
    }
}
