import Foundation
import LeadexTesting
import Testing

/// `leadexd invite` against the real daemon and a real SMTP server: the command only writes the
/// database, the running daemon's outbox mails the link, and the link sets the password.
@Suite(.serialized) struct InviteProcessTests {
    static let password = "пароль-по-ссылке-1"

    @Test func anInvitedUserFollowsTheMailedLinkSetsAPasswordAndLogsIn() async throws {
        let directory = try TemporaryDirectory()
        let smtp = try SMTPFixture()
        let web = try await WebDaemon(in: directory) { port in
            try DaemonConfigText.withSMTP(database: directory.file("leadex.sqlite3"), smtp: smtp) + """

                [web]
                listen = "127.0.0.1:\(port)"
                public_url = "http://127.0.0.1:\(port)"
                [[user]]
                login = "petrov"
                name = "Пётр Петров"
                email = "petrov@example.ru"
                role = "manager"
                [[user]]
                login = "okk"
                name = "Ольга ОКК"
                role = "qa"
                """
        }
        defer { web.stop() }

        let invite = try web.command(["invite", "petrov"])
        #expect(invite.status == 0, "\(invite.error)")
        #expect(invite.output.contains("petrov: invitation queued for petrov@example.ru"))
        // Refused, and nothing queued: no such login, no email.
        let unknown = try web.command(["invite", "nobody"])
        #expect(unknown.status == 1)
        #expect(unknown.error.contains("there is no [[user]] with login 'nobody'"))
        let noEmail = try web.command(["invite", "okk"])
        #expect(noEmail.status == 1)
        #expect(noEmail.error.contains("has no email"))

        let mail = try #require(try await smtp.waitForMessages(1).first)
        #expect(mail.recipients == ["petrov@example.ru"])
        #expect(mail.header("X-Leadex-Kind") == "invitation")
        let body = mail.decodedBody
        let token = try #require(body.between("\(web.base)/password/", "\r\n"))
        #expect(token.count == 43)

        let page = try web.curl("/password/\(token)")
        #expect(page.hasPrefix("HTTP/1.1 200"))
        #expect(page.lowercased().contains("referrer-policy: no-referrer"))
        #expect(page.contains("Добро пожаловать в Leadex"))
        let set = try web.curl("/password/\(token)", form: ["password": Self.password, "repeat": Self.password], origin: web.base)
        #expect(set.hasPrefix("HTTP/1.1 303"), "\(set)")
        #expect(set.lowercased().contains("location: /login?password=set"))
        #expect(try web.logIn("petrov", password: Self.password))
        #expect(try web.curl("/exchange").contains("Пётр Петров"))
        // Once used, the link is dead.
        #expect(try web.curl("/password/\(token)", jar: "other").hasPrefix("HTTP/1.1 404"))
        #expect(!web.daemon.standardError.contains(token), "the token is in the daemon's log")

        // A second invite for a user with a password is a reset, mailed as such.
        #expect(try web.command(["invite", "petrov"]).output.contains("password reset link queued"))
        #expect(try await smtp.waitForMessages(2).last?.header("X-Leadex-Kind") == "password_reset")
    }
}
