import Foundation
import GRDB
import LeadexTesting
import Testing

/// QA's and the head of sales' pages in a real headless Chromium against the real leadexd
/// (`WebDaemonFixture`, scenario `Tests/Support/browser/qa_head.py`) and a real SMTP server: a
/// refusal reviewed and reopened to another manager with a note (and refused without one), a deal
/// reassigned and all of a manager's deals returned, the "now" page live, the report's totals, the
/// head's and admins' pages refused by URL, and a reminder mail's link opening its deal after the
/// login. Screenshots of each page at desktop and phone width.
@Suite(.serialized) struct OversightBrowserTests {
    static let company = "ООО «Ромашка»"
    static let zone = "Europe/Moscow"
    static let users = [
        WebDaemonFixture.User("ivanov", "Иван Иванов", email: "ivanov@example.ru"), WebDaemonFixture.User("petrov", "Пётр Петров"),
        WebDaemonFixture.User("sidorov", "Сидор Сидоров"), WebDaemonFixture.User("okk", "Ольга Контролёва", role: "qa"),
        WebDaemonFixture.User("head", "Нина Руководова", role: "head"), WebDaemonFixture.User("admin", "Анна Админова", role: "admin"),
        WebDaemonFixture.User("novikov", "Никита Новиков", email: "novikov@example.ru", password: false),
    ]

    @Test func qaReopensARefusalTheHeadReassignsAndSeesTheDepartmentLiveAndAMailLinkOpensItsDeal() async throws {
        let smtp = try SMTPFixture()
        let leadex = try WebDaemonFixture(
            users: Self.users, top: "timezone = \"\(Self.zone)\"",
            more: { _ in try DaemonConfigText.smtpSection(smtp) },
            web: { base in "public_url = \"\(base)\"\ncompany = \"\(Self.company)\"" })
        defer { #expect(leadex.stop() == 0, "leadexd did not stop cleanly: \(leadex.daemon.standardError.suffix(2000))") }

        // The invitation, as an admin sends it: its mailed link is the password page the scenario opens.
        let invite = try ChildProcess.run(executable: RepositoryPaths.executable("leadexd"), arguments: ["invite", "novikov", "--config", leadex.config])
        #expect(invite.status == 0, "\(invite.error)")
        let invitation = try #require(try await smtp.waitForMessages(1).first { $0.recipients == ["novikov@example.ru"] })
        let token = try #require(invitation.decodedBody.between("\(leadex.base)/password/", "\r\n"))

        let run = try await leadex.runScenario(
            "qa_head.py",
            ["--timezone", Self.zone, "--company", Self.company, "--socket", leadex.directory.file("control.sock"),
             "--mail-dir", smtp.mailDirectoryPath, "--password-link", "\(leadex.base)/password/\(token)"])
        print(run.output)
        #expect(run.status == 0, "\(run.report)")
        #expect(run.output.contains("reopen without a note:"))
        #expect(run.output.contains("head now: lead landed -> on the page without reload"))
        #expect(run.output.contains("reminder mail link -> login -> deal"))
        #expect(run.output.contains("ok"))

        // What the page's totals said is what the base holds, counted here by plain SQL.
        var configuration = Configuration()
        configuration.readonly = true
        let database = try DatabaseQueue(path: leadex.directory.file("leadex.sqlite3"), configuration: configuration)
        let (leads, refusals, taken, reassigned) = try await database.read { db in
            (try Int.fetchOne(db, sql: "SELECT count(*) FROM lead") ?? -1,
             try Int.fetchOne(db, sql: "SELECT count(*) FROM history WHERE action = 'refused'") ?? -1,
             try Int.fetchOne(db, sql: "SELECT count(*) FROM history WHERE action = 'taken'") ?? -1,
             try Int.fetchOne(db, sql: "SELECT count(*) FROM history WHERE action = 'reassigned'") ?? -1)
        }
        let totals = run.output.components(separatedBy: "\n").first { $0.hasPrefix("report totals:") } ?? ""
        #expect(totals.contains("received=\(leads) ") && totals.contains("refused=\(refusals) ") && totals.contains("taken=\(taken) "), "\(totals)")
        #expect(reassigned == 3, "one deal handed on, two returned")
        // Every refusal by URL is in the journal with its rule.
        let log = leadex.daemon.standardError.components(separatedBy: "\n")
        for (login, action) in [("okk", "web.now"), ("okk", "web.reports"), ("sidorov", "web.now"), ("sidorov", "web.refusals")] {
            #expect(log.contains { $0.contains("refused") && $0.contains("user=\(login)") && $0.contains("action=\(action)") }, "\(login) \(action)")
        }
        #expect(log.contains { $0.contains("action=return-all") && $0.contains("returned=2") })
    }
}
