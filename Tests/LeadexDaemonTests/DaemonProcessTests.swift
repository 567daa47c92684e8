import Foundation
import LeadexTesting
import Testing

/// The real leadexd binary, as systemd runs it: notify socket, SIGHUP, SIGTERM, --check-config.
@Suite(.serialized) struct DaemonProcessTests {
    let leadexd = RepositoryPaths.executable("leadexd")

    func config(users: [String], database: String) -> String {
        var text = """
            [storage]
            database = "\(database)"
            [control]
            socket = "\(database).sock"
            [log]
            target = "console"

            """
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
}
