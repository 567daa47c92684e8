import Foundation
import LeadexTesting
import Testing

/// The web workspace in a real headless Chromium (Debian's chromium + chromium-driver, driven by
/// Python selenium: one scenario script each in Tests/Support/browser/), against the real leadexd
/// binary (`WebDaemonFixture`) reading a real Dovecot mailbox with IDLE. Screenshots go to a
/// temporary directory, or to `$LEADEX_SCREENSHOTS` (`docs/screenshots` to refresh the repository's).
@Suite(.serialized) struct WebBrowserTests {
    static let managers = [WebDaemonFixture.User("ivanov", "Иван Иванов"), WebDaemonFixture.User("petrov", "Пётр Петров")]

    /// The `[[inbox]]` the daemon watches with IDLE: `dovecot`'s user "sales".
    static func inbox(_ dovecot: DovecotFixture) -> (TemporaryDirectory) throws -> String {
        { directory in
            """
            [[inbox]]
            name = "sales"
            url = "\(dovecot.url(.imap))"
            user = "sales"
            password_file = "\(try directory.write("mail-password", dovecot.password + "\n"))"
            ca_file = "\(dovecot.caFile)"
            idle = true
            """
        }
    }

    /// The scenario options that deliver mail into that inbox.
    static func mailbox(_ dovecot: DovecotFixture) -> [String] {
        ["--dovecot", RepositoryPaths.file("Tests/Support/dovecot"), "--dovecot-dir", dovecot.directoryPath, "--mailbox-user", "sales"]
    }

    @Test func managersSeeANewMailLeadWithoutReloadAndOneWinsTheRaceForIt() async throws {
        let dovecot = try DovecotFixture.start(users: ["sales"])
        defer { dovecot.stop() }
        let leadex = try WebDaemonFixture(users: Self.managers, more: Self.inbox(dovecot))
        defer { #expect(leadex.stop() == 0, "leadexd did not stop cleanly: \(leadex.daemon.standardError.suffix(2000))") }

        let run = try await leadex.runScenario("live_exchange.py", Self.mailbox(dovecot))
        print(run.output)
        #expect(run.status == 0, "\(run.report)")
        #expect(run.output.contains("delivery -> visible without reload"))
        #expect(run.output.contains("ok"))
    }

    /// Tests/Support/browser/deal_work.py: a manager at the cap is told so; a whole deal on its page,
    /// whose callback reminder, due the minute it is set, reaches the real SMTP server.
    @Test func aManagerAtTheCapIsToldSoAndADealIsWorkedFromStagesToARefusal() async throws {
        let smtp = try SMTPFixture()
        let zone = "Europe/Moscow"
        let leadex = try WebDaemonFixture(
            users: [.init("ivanov", "Иван Иванов", email: "ivanov@example.ru"), .init("sidorov", "Сидор Сидоров", cap: 1)],
            top: "timezone = \"\(zone)\"", more: { _ in try DaemonConfigText.smtpSection(smtp) })
        defer { #expect(leadex.stop() == 0, "leadexd did not stop cleanly: \(leadex.daemon.standardError.suffix(2000))") }

        let run = try await leadex.runScenario("deal_work.py", ["--timezone", zone])
        print(run.output)
        #expect(run.status == 0, "\(run.report)")
        #expect(run.output.contains("ok"))
        // Real time only waits for the sender: the reminder was due when it was set.
        let deadline = Date().addingTimeInterval(15)
        func reminder() -> SMTPFixture.Received? {
            smtp.messages().first { $0.recipients == ["ivanov@example.ru"] && $0.decodedBody.contains("Перезвонить Анне про замер") }
        }
        while reminder() == nil && Date() < deadline { try await Task.sleep(for: .milliseconds(50)) }
        #expect(reminder() != nil, "no reminder mail: \(smtp.messages().map(\.decodedBody))\n\(leadex.daemon.standardError.suffix(3000))")
        #expect(!smtp.messages().contains { $0.decodedBody.contains("Уточнить цвет фасада") }, "the reminder in two hours is not due")
    }

    /// Tests/Support/browser/hostile.py: markup in a mailed lead stays text, cross-site forms are
    /// refused, another's deal reads as missing, a logged-out cookie opens nothing, guesses are slowed.
    @Test func markupStaysTextAndForgedFormsOldCookiesAndGuessesGetNothing() async throws {
        let dovecot = try DovecotFixture.start(users: ["sales"])
        defer { dovecot.stop() }
        let leadex = try WebDaemonFixture(users: Self.managers, more: Self.inbox(dovecot))
        defer { #expect(leadex.stop() == 0, "leadexd did not stop cleanly: \(leadex.daemon.standardError.suffix(2000))") }

        let run = try await leadex.runScenario("hostile.py", Self.mailbox(dovecot))
        print(run.output)
        #expect(run.status == 0, "\(run.report)")
        #expect(run.output.contains("ok"))
        let log = leadex.daemon.standardError
        #expect(log.ranges(of: "rule=web.origin").count == 2, "both forged forms refused and logged: \(log.suffix(3000))")
        #expect(log.contains("rule=web.login_throttled") && log.contains("rule=web.login_failed"))
        #expect(!log.contains("неверный-"), "no password in the log")
    }

    @Test func theDaemonStopsPromptlyWithLiveStreamsOpen() throws {
        let leadex = try WebDaemonFixture(users: Self.managers)
        let (daemon, base) = (leadex.daemon, leadex.base)
        let jar = leadex.directory.file("cookies")
        let login = try ChildProcess.run(
            executable: "/usr/bin/curl",
            arguments: ["-s", "-o", "/dev/null", "-w", "%{http_code}", "-c", jar, "-H", "Origin: \(base)", "--data-urlencode", "login=ivanov",
                "--data-urlencode", "password=\(WebDaemonFixture.password)", "\(base)/login"])
        #expect(login.output == "303")
        let streams = try (0..<3).map { _ in
            try ChildProcess(executable: "/usr/bin/curl", arguments: ["-s", "-N", "-b", jar, "\(base)/exchange/events"])
        }
        let opened = Date().addingTimeInterval(10)
        while !streams.allSatisfy({ $0.standardOutput.contains("event: exchange") }) && Date() < opened { Thread.sleep(forTimeInterval: 0.05) }
        #expect(streams.allSatisfy { $0.standardOutput.contains("event: exchange") })
        let stopping = Date()
        daemon.signal(SIGTERM)
        #expect(daemon.wait(timeout: 15) == 0, "\(daemon.standardError.suffix(2000))")
        #expect(Date().timeIntervalSince(stopping) < 5, "open streams held the shutdown")
        // The streams were ended by the server, not left hanging.
        for stream in streams { #expect(stream.wait(timeout: 5) == 0) }
    }
}
