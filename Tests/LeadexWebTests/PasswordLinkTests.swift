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
import Testing

/// One-time password links (`leadexd invite`, the users page): the mail, the page, the rules.
@Suite struct PasswordLinkTests {
    static let origin = "http://localhost"
    static let newPassword = "новый-пароль-42"

    /// The token in the one link of a mail's text.
    func token(in text: String) throws -> String {
        let link = try #require(text.between("\(Self.origin)/password/", "\r\n") ?? text.between("\(Self.origin)/password/", "\n"))
        return link.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    @Test func anInvitationMailsALinkWhosePageSetsThePasswordOnce() async throws {
        let web = try await WebFixture(settings: WebSettings(publicURL: Self.origin), passwords: [SamplePolicy.ivanov])
        let sent = try await web.invitations.send(to: SamplePolicy.petrov, settings: web.settings)
        #expect(sent.invitation.purpose == .invitation)
        #expect(sent.email == "petrov@example.ru")
        let mails = try await web.queuedMail()
        #expect(mails.map(\.kind) == [.invitation])
        #expect(mails.first?.to == ["petrov@example.ru"])
        let text = try #require(mails.first?.text)
        #expect(text.contains("Здравствуйте, Пётр Петров!"))
        #expect(text.contains("логин petrov"))
        let token = try token(in: text)
        #expect(token.count == 43)
        try await web.test { client in
            let page = try await client.get("/password/\(token)")
            #expect(page.status == .ok)
            #expect(page.headers[.referrerPolicy] == "no-referrer")
            #expect(page.headers[.cacheControl] == "no-store")
            let html = String(buffer: page.body)
            #expect(html.contains("Добро пожаловать в Leadex"))
            #expect(html.contains(#"autocomplete="new-password""#))

            // Two different passwords, or a short one: said on the page, nothing changes.
            let mismatch = try await client.post("/password/\(token)", ["password": Self.newPassword, "repeat": Self.newPassword + "x"])
            #expect(mismatch.status == .unprocessableContent)
            #expect(String(buffer: mismatch.body).contains("Пароли не совпадают"))
            let short = try await client.post("/password/\(token)", ["password": "коротко", "repeat": "коротко"])
            #expect(String(buffer: short.body).contains("не короче 8 символов"))
            #expect(try await web.store.store.passwordHash(of: SamplePolicy.petrov) == nil)

            let set = try await client.post("/password/\(token)", ["password": Self.newPassword, "repeat": Self.newPassword])
            #expect(set.status == .seeOther)
            #expect(set.headers[.location] == "/login?password=set")
            let login = try await client.get("/login?password=set")
            #expect(String(buffer: login.body).contains("Пароль сохранён. Войдите с новым паролем."))
            _ = try await client.logIn(SamplePolicy.petrov, password: Self.newPassword)

            // Used: the link is dead, and its page says so without changing anything.
            for again in [try await client.get("/password/\(token)"),
                try await client.post("/password/\(token)", ["password": "другой-пароль-1", "repeat": "другой-пароль-1"])]
            {
                #expect(again.status == .notFound)
                #expect(String(buffer: again.body).contains("Ссылка недействительна"))
                #expect(again.headers[.referrerPolicy] == "no-referrer")
            }
            _ = try await client.logIn(SamplePolicy.petrov, password: Self.newPassword)
        }
        #expect(!web.store.logs.entries.contains { "\($0.message) \($0.metadata)".contains(token) })
    }

    @Test func aResetEndsEverySessionAndTheNewestLinkReplacesOlderOnes() async throws {
        let web = try await WebFixture(settings: WebSettings(publicURL: Self.origin))
        try await web.test { client in
            let session = try await client.logIn(SamplePolicy.ivanov)
            let first = try await web.invitations.send(to: SamplePolicy.ivanov, settings: web.settings)
            #expect(first.invitation.purpose == .reset)
            _ = try await web.invitations.send(to: SamplePolicy.ivanov, settings: web.settings)
            let mails = try await web.queuedMail()
            #expect(mails.map(\.kind) == [.passwordReset, .passwordReset])
            #expect(mails[0].text.contains("запрошен новый пароль"))
            let (older, newer) = (try token(in: mails[0].text), try token(in: mails[1].text))
            // Until the link is used, the old password and the session still work.
            #expect(try await client.get("/exchange", cookie: session.cookie).status == .ok)
            #expect(try await client.get("/password/\(older)").status == .notFound)
            let set = try await client.post("/password/\(newer)", ["password": Self.newPassword, "repeat": Self.newPassword])
            #expect(set.status == .seeOther)
            #expect(try await client.get("/exchange", cookie: session.cookie).status == .seeOther, "the old session ended")
            #expect(try await client.post("/login", ["login": "ivanov", "password": WebFixture.password]).status == .unauthorized)
            _ = try await client.logIn(SamplePolicy.ivanov, password: Self.newPassword)
        }
    }

    @Test func anExpiredLinkChangesNothing() async throws {
        let web = try await WebFixture(settings: WebSettings(publicURL: Self.origin, invitationValidity: .seconds(3600)), passwords: [])
        _ = try await web.invitations.send(to: SamplePolicy.petrov, settings: web.settings)
        let token = try token(in: try #require(try await web.queuedMail().first?.text))
        try await web.test { client in
            web.store.clock.advance(by: .seconds(3599))
            #expect(try await client.get("/password/\(token)").status == .ok)
            web.store.clock.advance(by: .seconds(1))
            #expect(try await client.get("/password/\(token)").status == .notFound)
            let late = try await client.post("/password/\(token)", ["password": Self.newPassword, "repeat": Self.newPassword])
            #expect(late.status == .notFound)
            #expect(String(buffer: late.body).contains("устарела"))
        }
        #expect(try await web.store.store.passwordHash(of: SamplePolicy.petrov) == nil)
    }

    @Test func noLinkWithoutAPublicURLAKnownLoginAndAnEmail() async throws {
        let web = try await WebFixture(settings: WebSettings(publicURL: Self.origin))
        let cases: [(WebSettings, UserLogin, Invitations.Refusal.Reason)] = [
            (WebSettings(), SamplePolicy.petrov, .noPublicURL), (web.settings, "nobody", .unknownUser), (web.settings, SamplePolicy.head, .noEmail),
        ]
        for (settings, login, reason) in cases {
            await #expect(throws: Invitations.Refusal(reason: reason, login: login)) {
                try await web.invitations.send(to: login, settings: settings)
            }
        }
        #expect(try await web.queuedMail().isEmpty)
    }

    @Test func aCrossSitePostIsRefusedAndNoLogHoldsTheToken() async throws {
        let web = try await WebFixture(settings: WebSettings(publicURL: Self.origin), passwords: [])
        _ = try await web.invitations.send(to: SamplePolicy.petrov, settings: web.settings)
        let token = try token(in: try #require(try await web.queuedMail().first?.text))
        try await web.test { client in
            let forged = try await client.post(
                "/password/\(token)", ["password": Self.newPassword, "repeat": Self.newPassword], origin: "https://evil.example")
            #expect(forged.status == .forbidden)
            // A token of the wrong shape is not looked up at all.
            #expect(try await client.get("/password/not-a-token").status == .notFound)
        }
        #expect(try await web.store.store.passwordHash(of: SamplePolicy.petrov) == nil)
        let refusals = web.store.logs.entries.filter { $0.metadata["rule"] == "web.origin" }
        #expect(refusals.first?.metadata["action"] == "POST /password/…")
        #expect(!web.store.logs.entries.contains { "\($0.message) \($0.metadata)".contains(token) })
    }

    @Test func theMailAndThePageAreInEnglishWithLanguageEn() async throws {
        let web = try await WebFixture(settings: WebSettings(publicURL: Self.origin), language: .en, passwords: [])
        _ = try await web.invitations.send(to: SamplePolicy.petrov, settings: web.settings)
        let text = try #require(try await web.queuedMail().first?.text)
        #expect(text.contains("Hello Пётр Петров,"))
        let token = try token(in: text)
        try await web.test { client in
            let page = try await client.get("/password/\(token)")
            #expect(String(buffer: page.body).contains("Welcome to Leadex"))
            let unknown = try await client.get("/password/\(String(repeating: "A", count: 43))")
            #expect(String(buffer: unknown.body).contains("This link does not work"))
        }
    }
}
