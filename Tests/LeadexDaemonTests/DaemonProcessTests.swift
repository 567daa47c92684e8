import Foundation
import LeadexTesting
import Testing

/// The real leadexd binary, as systemd runs it: notify socket, SIGHUP, SIGTERM, --check-config.
@Suite(.serialized) struct DaemonProcessTests {
    let leadexd = RepositoryPaths.executable("leadexd")

    func config(users: [String], database: String) -> String {
        var text = DaemonConfigText.base(database: database)
        for login in users {
            text += "\n[[user]]\nlogin = \"\(login)\"\nname = \"\(login)\"\nrole = \"manager\"\n"
        }
        return text
    }

    @Test func reportsReadyAndStatusOverTheNotifySocket() throws {
        let directory = try TemporaryDirectory()
        let path = try directory.write("leadex.toml", config(users: ["ivanov", "petrov"], database: directory.file("db.sqlite3")))
        let notify = try NotifySocket(directory: directory)
        let daemon = try ChildProcess(executable: leadexd, arguments: ["--config", path], environment: ["NOTIFY_SOCKET": notify.path])
        let messages = notify.receive(until: { $0.contains("READY=1") }, timeout: 20)
        let ready = try #require(messages.last)
        #expect(ready.contains("READY=1"))
        #expect(ready.contains("STATUS=0 on the exchange, 0 in work, 0 refusals to review, 2 users"))
        daemon.signal(SIGTERM)
        #expect(notify.receive(until: { $0.contains("STOPPING=1") }, timeout: 10).last == "STOPPING=1")
        #expect(daemon.wait() == 0)
        #expect(FileManager.default.fileExists(atPath: directory.file("db.sqlite3")))
    }

    @Test func aBadConfigOnSIGHUPIsRefusedAndTheOldOneKeepsRunning() throws {
        let directory = try TemporaryDirectory()
        let database = directory.file("db.sqlite3")
        let path = try directory.write("leadex.toml", config(users: ["ivanov", "petrov"], database: database))
        let notify = try NotifySocket(directory: directory)
        let daemon = try ChildProcess(executable: leadexd, arguments: ["--config", path], environment: ["NOTIFY_SOCKET": notify.path])
        _ = notify.receive(until: { $0.contains("READY=1") }, timeout: 20)

        // A broken edit: a wrong type on line 3.
        try directory.write("leadex.toml", "[storage]\ndatabase = \"\(database)\"\n[exchange]\ndefault_cap = \"many\"\n")
        daemon.signal(SIGHUP)
        let refused = notify.receive(until: { $0.contains("READY=1") }, timeout: 10)
        #expect(refused.first == "RELOADING=1")
        #expect(refused.last?.contains("STATUS=0 on the exchange, 0 in work, 0 refusals to review, 2 users, reload refused, previous config kept") == true)
        #expect(daemon.isRunning)

        // A good edit is applied.
        try directory.write("leadex.toml", config(users: ["ivanov", "petrov", "sidorova"], database: database))
        daemon.signal(SIGHUP)
        let applied = notify.receive(until: { $0.contains("READY=1") }, timeout: 10)
        #expect(applied.last?.contains("3 users") == true)

        daemon.signal(SIGTERM)
        #expect(daemon.wait() == 0)
        #expect(daemon.standardError.contains("config reload refused: \(path):4: 'exchange.default_cap' must be an integer, found a string"))
        #expect(daemon.standardError.contains("configuration reloaded"))
    }

    @Test func checkConfigAcceptsTheShippedConfigs() throws {
        for file in ["config/leadex.toml", "config/dev.toml"] {
            let result = try ChildProcess.run(
                executable: leadexd, arguments: ["--check-config", "--config", RepositoryPaths.file(file), "--drop-ins", "/nonexistent"])
            #expect(result.status == 0, "\(file): \(result.error)")
            #expect(result.output.contains(": ok ("))
        }
    }

    @Test(arguments: [
        ("syntax", "[storage]\ndatabase = \"x\n", ":2: syntax error"),
        ("type", "[exchange]\ndefault_cap = \"many\"\n", ":2: 'exchange.default_cap' must be an integer, found a string"),
        ("stage", "[[user]]\nlogin = \"t\"\nname = \"T\"\nrole = \"manager\"\nstages = [\"new\", \"nirvana\"]\n",
         ":5: unknown stage 'nirvana' in the stage rule of user 't'"),
        ("secret", "[smtp]\nurl = \"smtps://127.0.0.1:465/example.ru\"\nuser = \"u\"\npassword_file = \"/nonexistent/pw\"\nfrom = \"a@b\"\n",
         ":4: secret file /nonexistent/pw does not exist"),
    ])
    func checkConfigNamesFileAndLineOfEachProblem(name: String, text: String, expected: String) throws {
        let directory = try TemporaryDirectory()
        let path = try directory.write("\(name).toml", text)
        let result = try ChildProcess.run(executable: leadexd, arguments: ["--check-config", "--config", path])
        #expect(result.status == 1)
        #expect(result.error.hasPrefix(path + expected), "\(result.error)")
    }

    @Test func refusesToStartOnABadConfig() throws {
        let directory = try TemporaryDirectory()
        let path = try directory.write("leadex.toml", "[log]\ntarget = \"syslog\"\n")
        let result = try ChildProcess.run(executable: leadexd, arguments: ["--config", path])
        #expect(result.status == 78)
        #expect(result.error.contains("\(path):2: 'log.target' must be one of 'auto', 'journal', 'console', found 'syslog'"))
    }

    func formConfig(_ server: FormServerFixture, database: String) -> String {
        """
        [storage]
        database = "\(database)"
        [log]
        target = "console"
        [[form]]
        name = "site"
        url = "\(server.jsonFeedURL)"
        format = "json"
        items = "data.submissions"
        id_field = "id"
        cursor = "since_id"
        timeout = "5s"
        [form.fields]
        name = "name"
        phone = "phone"
        comment = "comment"
        [form.probe]
        url = "\(server.submitURL)"
        deadline = "1m"
        [form.probe.fields]
        name = "Проверка формы"
        phone = "+7 900 000-00-00"
        comment = "Автоматическая проверка {token}"

        """
    }

    @Test func onceReadsFormFeedsAndProbeFormsChecksThem() throws {
        let server = try FormServerFixture()
        let directory = try TemporaryDirectory()
        let path = try directory.write("leadex.toml", formConfig(server, database: directory.file("db.sqlite3")))
        try server.submit([("name", "Анна"), ("phone", "8 912 345-67-89"), ("comment", "Перезвоните")])
        let once = try ChildProcess.run(executable: leadexd, arguments: ["--once", "--config", path])
        #expect(once.status == 0, "\(once.error)")
        #expect(once.output.contains("form site: 1 fetched: 1 new leads"), "\(once.output)")
        #expect(once.error.contains("lead on the exchange form=site lead_id=1 submission_id=1"), "\(once.error)")

        // Healthy: the probe goes through the form and comes back through the feed.
        let healthy = try ChildProcess.run(executable: leadexd, arguments: ["probe-forms", "--config", path])
        #expect(healthy.status == 0, "\(healthy.output)\(healthy.error)")
        #expect(healthy.output.contains("form site: ok, probe LEADEX-PROBE-"), "\(healthy.output)")

        // Refused: exit 1, an error and the admin alert in the log, the status says so.
        try server.failSubmissions(status: 503)
        let failing = try ChildProcess.run(executable: leadexd, arguments: ["probe-forms", "--config", path])
        #expect(failing.status == 1)
        #expect(failing.output.contains("form site: FAILING, the site refused the probe: the server answered HTTP 503"), "\(failing.output)")
        #expect(!failing.output.contains("unreachable:"), "no internal prefix: \(failing.output)")
        #expect(failing.error.contains("admin alert: web form 'site' is failing"), "\(failing.error)")
        let status = try ChildProcess.run(executable: leadexd, arguments: ["form-status", "--config", path])
        // For the admin: in the department's language (Russian here), local time with its zone named.
        #expect(status.output.hasPrefix("Время: "), "\(status.output)")
        #expect(status.output.contains("\nФорма site (site): не работает с "), "\(status.output)")
        #expect(status.output.contains("  сайт не принял проверочную заявку: сервер ответил HTTP 503 — ошибка на стороне сайта"), "\(status.output)")
        #expect(status.output.contains("  > HTTP 503 in answer to the probe"), "the server's words, quoted: \(status.output)")
        #expect(status.output.contains("последняя проверка: отправлена "), "\(status.output)")
        #expect(!status.output.contains("unreachable"), "\(status.output)")

        // Nothing the probes sent became a lead.
        let again = try ChildProcess.run(executable: leadexd, arguments: ["--once", "--config", path])
        #expect(again.output.contains("0 new leads"), "\(again.output)")
    }
}
