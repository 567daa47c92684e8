import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import LeadexConfig
import LeadexCore
import LeadexJobs
import LeadexStore
import LeadexTesting
@testable import LeadexWeb
import Testing

/// The admins' users page: who can log in and when they last did; a link by mail; sessions ended.
@Suite struct UsersPageTests {
    static let origin = "http://localhost"

    static func fixture(passwords: [UserLogin]) async throws -> WebFixture {
        try await WebFixture(
            settings: WebSettings(publicURL: origin),
            admin: { store in
                var hooks = AdminHooksFixture.hooks(store, directory: "/nonexistent")
                let mailer = Mailer(
                    templates: try! MailTemplates(language: .ru, directory: nil), from: "Leadex <leadex@example.ru>",
                    zone: ZoneRules(TimeZone.current), language: .ru)
                hooks.invitations = Invitations(store: store.store, mailer: mailer)
                return hooks
            },
            passwords: passwords)
    }

    @Test func anAdminSeesEveryUserInvitesOneAndEndsAnothersSessions() async throws {
        let web = try await Self.fixture(passwords: [SamplePolicy.admin, SamplePolicy.ivanov])
        try await web.test { client in
            let ivanov = try await client.logIn(SamplePolicy.ivanov)
            #expect(try await client.get("/exchange", cookie: ivanov.cookie).status == .ok)
            let admin = try await client.logIn(SamplePolicy.admin)
            let page = String(buffer: try await client.get("/admin/users", cookie: admin.cookie).body)
            #expect(page.contains(#"<a href="/admin/users" aria-current="page">Пользователи</a>"#))
            let ivanovRow = try #require(page.between(#"<tr id="user-ivanov">"#, "</tr>"))
            #expect(ivanovRow.contains("Иван Иванов") && ivanovRow.contains("Менеджер") && ivanovRow.contains(">есть<"))
            #expect(!ivanovRow.contains("не входил(а)"), "the login is noted: \(ivanovRow)")
            #expect(ivanovRow.contains("Отправить ссылку для сброса") && ivanovRow.contains("Завершить сеансы"))
            let petrovRow = try #require(page.between(#"<tr id="user-petrov">"#, "</tr>"))
            #expect(petrovRow.contains(">нет<") && petrovRow.contains("не входил(а)") && petrovRow.contains("Отправить приглашение"))

            // An invitation for Petrov, who has no password: mailed through the outbox, shown as on its way.
            let invited = try await client.post("/admin/users/petrov/link", ["csrf": admin.csrf], cookie: admin.cookie)
            #expect(invited.status == .seeOther && invited.headers[.location] == "/admin/users?done=invited")
            #expect(try await web.queuedMail().map(\.kind) == [.invitation])
            let after = String(buffer: try await client.get("/admin/users?done=invited", cookie: admin.cookie).body)
            #expect(after.contains("Приглашение отправлено."))
            #expect(after.between(#"<tr id="user-petrov">"#, "</tr>")?.contains("приглашение действует до") == true)

            // Ivanov's sessions end: his cookie opens nothing any more.
            let ended = try await client.post("/admin/users/ivanov/end-sessions", ["csrf": admin.csrf], cookie: admin.cookie)
            #expect(ended.status == .seeOther)
            #expect(try await client.get("/exchange", cookie: ivanov.cookie).status == .seeOther)
            #expect(web.store.logs.entries.contains { $0.message == "web sessions ended" && $0.metadata["target"] == "ivanov" })

            // Without the CSRF token nothing is sent.
            #expect(try await client.post("/admin/users/petrov/link", [:], cookie: admin.cookie).status == .forbidden)
            #expect(try await web.queuedMail().count == 1)
        }
    }

    @Test func aManagerGetsTheMissingPageAndTheRefusalIsLogged() async throws {
        let web = try await Self.fixture(passwords: [SamplePolicy.ivanov])
        try await web.test { client in
            let ivanov = try await client.logIn(SamplePolicy.ivanov)
            #expect(try await client.get("/admin/users", cookie: ivanov.cookie).status == .notFound)
            #expect(try await client.post("/admin/users/petrov/link", ["csrf": ivanov.csrf], cookie: ivanov.cookie).status == .notFound)
            #expect(try await web.queuedMail().isEmpty)
            #expect(web.store.logs.entries.contains { $0.metadata["rule"] == "role" && $0.metadata["user"] == "ivanov" })
        }
    }
}
