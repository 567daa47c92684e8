import Foundation
import LeadexTesting
import Testing

/// The web workspace in a real headless Chromium (Debian's chromium + chromium-driver, driven by
/// Python selenium from Tests/Support/webbrowser), against the real leadexd binary reading a real
/// Dovecot mailbox with IDLE. Screenshots go to a temporary directory, or to
/// `$LEADEX_SCREENSHOTS` (`docs/screenshots` to refresh the repository's).
@Suite(.serialized) struct WebBrowserTests {
    let leadexd = RepositoryPaths.executable("leadexd")
    static let password = "браузер-пароль-1"

    struct NoPort: Error { let why: String }

    func freePort() throws -> Int {
        let result = try ChildProcess.run(
            executable: "/usr/bin/python3",
            arguments: ["-c", "import socket; s = socket.socket(); s.bind(('127.0.0.1', 0)); print(s.getsockname()[1])"])
        guard let port = Int(result.output.trimmingCharacters(in: .whitespacesAndNewlines)) else {
            throw NoPort(why: result.error)
        }
        return port
    }

    /// leadexd serving the workspace on a free port with Иван and Пётр (passwords set the way an
    /// admin sets them, on standard input) and `more` config; returns once the workspace is up.
    func startDaemon(in directory: TemporaryDirectory, more: String = "") throws -> (daemon: ChildProcess, base: String) {
        let port = try freePort()
        let config = try directory.write(
            "leadex.toml",
            """
            [storage]
            database = "\(directory.file("leadex.sqlite3"))"
            [control]
            socket = "\(directory.file("control.sock"))"
            [web]
            listen = "127.0.0.1:\(port)"
            [log]
            target = "console"
            [[user]]
            login = "ivanov"
            name = "Иван Иванов"
            role = "manager"
            [[user]]
            login = "petrov"
            name = "Пётр Петров"
            role = "manager"
            \(more)
            """)
        for login in ["ivanov", "petrov"] {
            let set = try ChildProcess.run(
                executable: "/bin/sh", arguments: ["-c", "printf '%s\\n' \"$PW\" | \"$1\" set-password --config \"$2\" \"$3\"", "sh", leadexd, config, login],
                environment: ["PW": Self.password])
            try #require(set.status == 0, "set-password \(login): \(set.error)")
        }
        let daemon = try ChildProcess(executable: leadexd, arguments: ["--config", config])
        let deadline = Date().addingTimeInterval(30)
        while !daemon.standardError.contains("web workspace ready") && Date() < deadline { Thread.sleep(forTimeInterval: 0.05) }
        try #require(daemon.standardError.contains("web workspace ready"), "\(daemon.standardError)")
        return (daemon, "http://127.0.0.1:\(port)")
    }

    @Test func managersSeeANewMailLeadWithoutReloadAndOneWinsTheRaceForIt() throws {
        let dovecot = try DovecotFixture.start(users: ["sales"])
        defer { dovecot.stop() }
        let directory = try TemporaryDirectory()
        let (daemon, base) = try startDaemon(
            in: directory,
            more: """
                [[inbox]]
                name = "sales"
                url = "\(dovecot.url(.imap))"
                user = "sales"
                password_file = "\(try directory.write("mail-password", dovecot.password + "\n"))"
                ca_file = "\(dovecot.caFile)"
                idle = true
                """)
        defer {
            daemon.signal(SIGTERM)
            #expect(daemon.wait() == 0, "leadexd did not stop cleanly: \(daemon.standardError.suffix(2000))")
        }

        let screenshots = ProcessInfo.processInfo.environment["LEADEX_SCREENSHOTS"].map { $0.hasPrefix("/") ? $0 : RepositoryPaths.file($0) }
            ?? directory.file("screenshots")
        let run = try ChildProcess.run(
            executable: "/usr/bin/python3",
            arguments: [
                RepositoryPaths.file("Tests/Support/webbrowser"), "--base", base, "--password", Self.password,
                "--dovecot", RepositoryPaths.file("Tests/Support/dovecot"), "--dovecot-dir", dovecot.directoryPath,
                "--mailbox-user", "sales", "--screenshots", screenshots,
                "--manager", "ivanov:Иван Иванов", "--manager", "petrov:Пётр Петров",
            ],
            environment: ["SE_OFFLINE": "true"], timeout: 240)
        print(run.output)
        #expect(run.status == 0, "webbrowser: \(run.output)\n\(run.error.suffix(3000))\nleadexd: \(daemon.standardError.suffix(3000))")
        #expect(run.output.contains("delivery -> visible without reload"))
        #expect(run.output.contains("ok"))
    }

    @Test func theDaemonStopsPromptlyWithLiveStreamsOpen() throws {
        let directory = try TemporaryDirectory()
        let (daemon, base) = try startDaemon(in: directory)
        let jar = directory.file("cookies")
        let login = try ChildProcess.run(
            executable: "/usr/bin/curl",
            arguments: ["-s", "-o", "/dev/null", "-w", "%{http_code}", "-c", jar, "-H", "Origin: \(base)", "--data-urlencode", "login=ivanov",
                "--data-urlencode", "password=\(Self.password)", "\(base)/login"])
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
