import Foundation
import LeadexTesting
import Testing

/// The web workspace's metrics on the real daemon's `[metrics]` endpoint: logins by result and
/// the live streams open now.
@Suite(.serialized) struct WebMetricsProcessTests {
    static let password = "метрики-пароль-1"

    func scrape(_ address: String) throws -> String {
        try ChildProcess.run(executable: "/usr/bin/curl", arguments: ["-s", "--max-time", "5", "http://\(address)/metrics"]).output
    }

    @Test func loginsByResultAndOpenStreamsAreScraped() async throws {
        let directory = try TemporaryDirectory()
        let metrics = "127.0.0.1:\(try LoopbackPort.free())"
        let web = try await WebDaemon(in: directory) { port in
            DaemonConfigText.base(database: directory.file("leadex.sqlite3")) + """

                [web]
                listen = "127.0.0.1:\(port)"
                [metrics]
                listen = "\(metrics)"
                [[user]]
                login = "ivanov"
                name = "Иван Иванов"
                role = "manager"
                """
        }
        defer { web.stop() }
        try await web.waitForLog("metrics endpoint ready")
        let idle = try scrape(metrics)
        #expect(idle.contains(#"leadex_web_logins_total{result="ok"} 0"#), "\(idle)")
        #expect(idle.contains("leadex_web_streams_open 0"))

        #expect(try web.command(["set-password", "ivanov"], input: Self.password).status == 0)
        for _ in 0..<3 { #expect(try !web.logIn("ivanov", password: "не-тот-пароль")) }
        // The fourth attempt within a second is throttled, whatever the password.
        #expect(try !web.logIn("ivanov", password: Self.password))
        try await Task.sleep(for: .seconds(1.1))
        #expect(try web.logIn("ivanov", password: Self.password))
        let streams = try (0..<2).map { _ in
            try ChildProcess(executable: "/usr/bin/curl", arguments: ["-s", "-N", "-b", directory.file("cookies"), "\(web.base)/exchange/events"])
        }
        let opened = ContinuousClock.now + .seconds(10)
        while !streams.allSatisfy({ $0.standardOutput.contains("event: exchange") }) && ContinuousClock.now < opened {
            try await Task.sleep(for: .milliseconds(20))
        }
        let busy = try scrape(metrics)
        #expect(busy.contains(#"leadex_web_logins_total{result="ok"} 1"#), "\(busy)")
        #expect(busy.contains(#"leadex_web_logins_total{result="failed"} 3"#))
        #expect(busy.contains(#"leadex_web_logins_total{result="throttled"} 1"#))
        #expect(busy.contains("leadex_web_streams_open 2"))
        #expect(busy.contains("# HELP leadex_web_streams_open "))

        // Tabs closed: the kernel closes their connections (a child may inherit an ignored SIGTERM).
        for stream in streams {
            stream.signal(SIGKILL)
            _ = stream.wait()
        }
        let closed = ContinuousClock.now + .seconds(10)
        while try !scrape(metrics).contains("leadex_web_streams_open 0") && ContinuousClock.now < closed {
            try await Task.sleep(for: .milliseconds(50))
        }
        #expect(try scrape(metrics).contains("leadex_web_streams_open 0"), "a closed tab's stream is no longer counted")
        if FileManager.default.isExecutableFile(atPath: "/usr/bin/promtool") {
            let file = try directory.write("exposition.txt", busy)
            let lint = try ChildProcess.run(executable: "/bin/sh", arguments: ["-c", "promtool check metrics < '\(file)'"])
            #expect(lint.status == 0, "\(lint.output)\(lint.error)")
        }
    }
}
