import Foundation
import LeadexTesting
import Testing

/// The web workspace in a real headless Chromium (Debian's chromium + chromium-driver, driven by
/// Python selenium: one scenario script each in Tests/Support/browser/), against the real leadexd
/// binary (`WebDaemonFixture`) reading a real Dovecot mailbox with IDLE. Screenshots go to a
/// temporary directory, or to `$LEADEX_SCREENSHOTS` (`docs/screenshots` to refresh the repository's).
@Suite(.serialized) struct WebBrowserTests {
    static let managers = [WebDaemonFixture.User("ivanov", "Иван Иванов"), WebDaemonFixture.User("petrov", "Пётр Петров")]

    @Test func managersSeeANewMailLeadWithoutReloadAndOneWinsTheRaceForIt() throws {
        let dovecot = try DovecotFixture.start(users: ["sales"])
        defer { dovecot.stop() }
        let leadex = try WebDaemonFixture(users: Self.managers) { directory in
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
        defer { #expect(leadex.stop() == 0, "leadexd did not stop cleanly: \(leadex.daemon.standardError.suffix(2000))") }

        let run = try leadex.runScenario(
            "live_exchange.py",
            ["--dovecot", RepositoryPaths.file("Tests/Support/dovecot"), "--dovecot-dir", dovecot.directoryPath, "--mailbox-user", "sales"])
        print(run.output)
        #expect(run.status == 0, "\(run.report)")
        #expect(run.output.contains("delivery -> visible without reload"))
        #expect(run.output.contains("ok"))
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
