import Foundation
import LeadexTesting
import Testing

/// The real leadexd's `[metrics]` endpoint, scraped by a real Prometheus while real mail (Dovecot)
/// and form requests land and a manager takes a lead.
@Suite(.serialized) struct MetricsProcessTests {
    /// A request by mail, as a client writes it.
    static func mail(_ number: Int) -> [UInt8] {
        Array(
            """
            From: Client \(number) <client\(number)@example.ru>\r
            To: sales@example.ru\r
            Subject: Request \(number)\r
            Message-ID: <metrics-\(number)@example.ru>\r
            Date: Fri, 04 Dec 2026 09:00:00 +0300\r
            Content-Type: text/plain; charset=utf-8\r
            \r
            Please call me back, +7 912 000-00-0\(number).\r

            """.utf8)
    }

    static func metricsConfig(listen: String, dovecot: DovecotFixture, forms: FormServerFixture, in directory: TemporaryDirectory) throws
        -> String
    {
        let password = try directory.write("mail-password", dovecot.password + "\n")
        return """
            [metrics]
            listen = "\(listen)"
            [[inbox]]
            name = "u1"
            url = "\(dovecot.url(.imap))"
            user = "u1"
            password_file = "\(password)"
            ca_file = "\(dovecot.caFile)"
            poll_interval = "1s"
            [[form]]
            name = "site"
            url = "\(forms.jsonFeedURL)"
            format = "json"
            items = "data.submissions"
            id_field = "id"
            cursor = "since_id"
            poll_interval = "1s"
            [form.fields]
            name = "name"
            phone = "phone"
            comment = "comment"
            """
    }

    /// GET over loopback with curl: (HTTP status, body).
    static func get(_ url: String, headers: [String] = []) async throws -> (status: Int, body: String) {
        let arguments = ["-sS", "--max-time", "5", "-w", "\n%{http_code}"] + headers.flatMap { ["-H", $0] } + [url]
        let result = try await ChildProcess.runDetached(executable: "/usr/bin/curl", arguments: arguments, timeout: 10)
        guard result.status == 0, let newline = result.output.lastIndex(of: "\n"), let code = Int(result.output[result.output.index(after: newline)...])
        else { throw TestFailure("curl \(url): \(result.error)") }
        return (code, String(result.output[..<newline]))
    }

    /// Polls `condition` (real time: it waits for intake and scrapes, it times nothing).
    static func eventually(_ what: String, seconds: Double = 30, _ condition: () async throws -> Bool) async throws {
        let deadline = Date().addingTimeInterval(seconds)
        while try await !condition() {
            guard Date() < deadline else { throw TestFailure("timed out waiting for \(what)") }
            try await Task.sleep(for: .milliseconds(200))
        }
    }

    @Test(.enabled(if: PrometheusFixture.isAvailable, "Debian's prometheus package is not installed (scripts/setup)"))
    func prometheusScrapesTheCountersAndTheSpeedToLeadHistogram() async throws {
        let dovecot = try DovecotFixture.start(users: ["u1"])
        defer { dovecot.stop() }
        let forms = try FormServerFixture()
        let port = try LoopbackPort.free()
        let listen = "127.0.0.1:\(port)"
        try dovecot.deliver(user: "u1", bytes: Self.mail(1))
        try dovecot.deliver(user: "u1", bytes: Self.mail(2))
        try forms.submit([("name", "Анна"), ("phone", "8 912 345-67-89"), ("comment", "Перезвоните")])
        let leadex = try await ControlDaemon.start(extra: { try Self.metricsConfig(listen: listen, dovecot: dovecot, forms: forms, in: $0) })
        let prometheus = try PrometheusFixture(job: "leadex", targets: [listen])

        try await Self.eventually("three leads on the exchange") {
            try await Self.get("http://\(listen)/metrics").body.contains("leadex_exchange_leads 3.0")
        }
        let exchange = try await leadex.ctl("lxivanov", "exchange", "--json")
        let first = try #require(exchange.output.firstMatch(of: /"id":(\d+)/).map { String($0.1) }, "\(exchange)")
        #expect(try await leadex.ctl("lxivanov", "take", first).status == 0)
        try dovecot.deliver(user: "u1", bytes: Array("From: MAILER-DAEMON@example.ru\r\nTo: sales@example.ru\r\nSubject: Undelivered Mail Returned to Sender\r\nContent-Type: multipart/report; report-type=delivery-status; boundary=b\r\n\r\n--b\r\nContent-Type: text/plain\r\n\r\nfailed\r\n--b\r\nContent-Type: message/delivery-status\r\n\r\nStatus: 5.1.1\r\nAction: failed\r\n--b--\r\n".utf8))

        // What Prometheus stored from its scrapes: counters, the histogram, the gauges.
        let expected: [(String, Double)] = [
            (#"leadex_requests_received_total{source="mail",name="u1"}"#, 2),
            (#"leadex_requests_received_total{source="form",name="site"}"#, 1),
            ("leadex_leads_taken_total", 1),
            ("leadex_lead_time_to_take_seconds_count", 1),
            (#"leadex_lead_time_to_take_seconds_bucket{le="+Inf"}"#, 1),
            (#"leadex_lead_time_to_take_seconds_bucket{le="86400.0"}"#, 1),
            ("leadex_exchange_leads", 2),
            (#"leadex_mails_ignored_total{reason="bounce"}"#, 1),
            (#"leadex_inbox_failing{inbox="u1"}"#, 0),
            (#"leadex_form_failing{form="site"}"#, 0),
            (#"up{job="leadex"}"#, 1),
            ("leadex_untaken_alert_threshold_seconds", 1800),
        ]
        for (query, value) in expected {
            try await Self.eventually("\(query) == \(value) in Prometheus") { try prometheus.value(query) == value }
        }
        #expect(try prometheus.value(#"leadex_inbox_last_success_timestamp_seconds{inbox="u1"}"#) ?? 0 > 1_700_000_000)

        // The exposition passes Prometheus's own linter.
        let exposition = try await Self.get("http://\(listen)/metrics").body
        let directory = try TemporaryDirectory()
        let file = try directory.write("exposition.txt", exposition)
        let lint = try await ChildProcess.runDetached(executable: "/bin/sh", arguments: ["-c", "promtool check metrics < '\(file)'"])
        #expect(lint.status == 0, "\(lint.output)\(lint.error)")
        #expect(try await Self.get("http://\(listen)/healthz").status == 200)
        #expect(try await Self.get("http://\(listen)/readyz").status == 200)
        _ = await leadex.stop()
    }

    /// A plain leadexd with `[metrics]` (no inbox, no form), started and answering.
    static func startDaemon(database: String, metrics: String, in directory: TemporaryDirectory) async throws -> ChildProcess {
        let config = try directory.write(
            "leadex.toml",
            """
            [storage]
            database = "\(database)"
            [control]
            socket = "\(directory.file("control.sock"))"
            [log]
            target = "console"
            [metrics]
            \(metrics)
            """)
        let daemon = try ChildProcess(executable: RepositoryPaths.executable("leadexd"), arguments: ["--config", config])
        try await eventually("the metrics endpoint", seconds: 20) {
            guard daemon.isRunning else { throw TestFailure("leadexd stopped: \(daemon.standardError)") }
            return daemon.standardError.contains("metrics endpoint ready")
        }
        return daemon
    }

    /// The machine's own address on a real interface: a caller from there is not on loopback.
    static func nonLoopbackAddress() throws -> String? {
        let result = try ChildProcess.run(executable: "/bin/hostname", arguments: ["-I"])
        return result.output.split(separator: " ").map(String.init).first { $0.contains(".") && !$0.hasPrefix("127.") }
    }

    @Test func offLoopbackABearerTokenFromTheSecretFileIsRequired() async throws {
        let directory = try TemporaryDirectory()
        let token = "s3cret-\(UInt64.random(in: 1...UInt64.max))"
        let tokenFile = try directory.write("metrics-token", token + "\n")
        let port = try LoopbackPort.free()
        let daemon = try await Self.startDaemon(
            database: directory.file("db.sqlite3"), metrics: "listen = \"0.0.0.0:\(port)\"\ntoken_file = \"\(tokenFile)\"", in: directory)
        defer { daemon.signal(SIGTERM); daemon.wait() }
        #expect(try await Self.get("http://127.0.0.1:\(port)/metrics").status == 200, "loopback: no login")
        let outside = try #require(try Self.nonLoopbackAddress(), "this machine has no non-loopback address to call from")
        let url = "http://\(outside):\(port)/metrics"
        #expect(try await Self.get(url).status == 401)
        #expect(try await Self.get(url, headers: ["Authorization: Bearer wrong"]).status == 401)
        #expect(try await Self.get(url, headers: ["Authorization: Bearer \(token)x"]).status == 401)
        let granted = try await Self.get(url, headers: ["Authorization: Bearer \(token)"])
        #expect(granted.status == 200)
        #expect(granted.body.contains("leadex_build_info"))
        #expect(try await Self.get("http://\(outside):\(port)/healthz").status == 401)
    }

    @Test func offLoopbackWithoutATokenTheConfigIsRefusedWithItsLine() throws {
        let directory = try TemporaryDirectory()
        let path = try directory.write("leadex.toml", "[storage]\ndatabase = \"x.sqlite3\"\n[metrics]\nlisten = \"0.0.0.0:9464\"\n")
        let result = try ChildProcess.run(executable: RepositoryPaths.executable("leadexd"), arguments: ["--check-config", "--config", path])
        #expect(result.status == 1)
        #expect(result.error.contains("\(path):4: 'metrics.listen' 0.0.0.0:9464 is reachable from other machines"), "\(result.error)")
        for bad in ["localhost:9464", "127.0.0.1", "127.0.0.1:99999", "[::1]9464", "1.2.3:80", "127.0.0.1:-1"] {
            try directory.write("leadex.toml", "[storage]\ndatabase = \"x.sqlite3\"\n[metrics]\nlisten = \"\(bad)\"\n")
            let refused = try ChildProcess.run(executable: RepositoryPaths.executable("leadexd"), arguments: ["--check-config", "--config", path])
            #expect(refused.status == 1 && refused.error.contains("\(path):4: 'metrics.listen' must be an IP address and port"), "\(bad): \(refused.error)")
        }
    }

    @Test(.enabled(if: TmpfsMount.isAvailable, "mounting a tmpfs needs root"))
    func healthzFailsWhileTheDiskIsFull() async throws {
        let disk = try TmpfsMount(kilobytes: 4096)
        let directory = try TemporaryDirectory()
        let port = try LoopbackPort.free()
        let daemon = try await Self.startDaemon(database: disk.file("db.sqlite3"), metrics: "listen = \"127.0.0.1:\(port)\"", in: directory)
        defer { daemon.signal(SIGTERM); daemon.wait() }
        #expect(try await Self.get("http://127.0.0.1:\(port)/healthz").status == 200)
        // The disk fills up: a file takes every free block.
        let filler = disk.file("filler")
        FileManager.default.createFile(atPath: filler, contents: nil)
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: filler))
        let block = Data(count: 64 << 10)
        while (try? handle.write(contentsOf: block)) != nil {}
        try? handle.close()
        let failing = try await Self.get("http://127.0.0.1:\(port)/healthz")
        #expect(failing.status == 503, "\(failing)")
        #expect(failing.body.contains("the database does not take writes"))
        #expect(try await Self.get("http://127.0.0.1:\(port)/readyz").status == 200, "still open and readable")
        try FileManager.default.removeItem(atPath: filler)
        #expect(try await Self.get("http://127.0.0.1:\(port)/healthz").status == 200)
    }
}
