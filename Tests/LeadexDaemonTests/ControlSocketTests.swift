import Foundation
import LeadexTesting
import Testing

/// The real leadexd and the real leadexctl, run as different Unix users created for the test:
/// the daemon knows each caller from the socket (SO_PEERCRED) and the store's rules decide.
@Suite(.serialized, .enabled(if: LocalAccounts.available, "creates Unix users with useradd: run as root (CI does)"))
struct ControlSocketTests {
    static let group = "lxtest"
    static let managers = ["lxivanov", "lxpetrov"]

    @Test func accessIsDecidedByTheCallersUnixAccount() async throws {
        let leadex = try await ControlDaemon.start()
        let first = try await leadex.addLead(name: "Сидоров", phone: "8 (912) 000-00-01")
        let second = try await leadex.addLead(name: "Козлова", phone: "+7 912 000 00 02")

        #expect(try await leadex.ctl("lxpetrov", "exchange", "--json").output.contains("\"id\":\(first),"))
        #expect(try await leadex.ctl("lxivanov", "take", "\(first)").status == 0)
        #expect(try await leadex.ctl("lxpetrov", "exchange", "--json").output.contains("\"id\":\(first),") == false, "taken: off the exchange at once")
        // Another manager neither sees nor touches it.
        let peek = try await leadex.ctl("lxpetrov", "show", "\(first)")
        #expect(peek.status == 2, "forbidden")
        #expect(peek.error.contains("deal \(first) is not yours"))
        #expect(try await leadex.ctl("lxpetrov", "stage", "\(first)", "call").status == 2)
        #expect(try await leadex.ctl("lxpetrov", "return", "\(first)").status == 2)
        let grab = try await leadex.ctl("lxpetrov", "take", "\(first)")
        #expect(grab.status == 4, "conflict")
        #expect(grab.error.contains("already taken by ivanov"))
        #expect(try await leadex.ctl("lxpetrov", "mine", "--json").output.trimmingCharacters(in: .whitespacesAndNewlines) == "[]")
        #expect(try await leadex.ctl("lxpetrov", "contacts", "Сидоров", "--json").output.trimmingCharacters(in: .whitespacesAndNewlines) == "[]")
        #expect(try await leadex.ctl("lxpetrov", "contacts", "912 000-00-02").output.contains("Козлова"), "exchange leads' contacts are visible")

        // The owner works it and sets a conditional refusal, but may not close it as lost.
        #expect(try await leadex.ctl("lxivanov", "stage", "\(first)", "call").status == 0)
        #expect(try await leadex.ctl("lxivanov", "refuse", "\(first)", "--reason", "small-budget", "--note", "50k").status == 0)
        let close = try await leadex.ctl("lxivanov", "close-lost", "\(first)")
        #expect(close.status == 2)
        #expect(close.error.contains("only QA or the head of sales may close a deal as lost"))
        // Nor export the base.
        let export = try await leadex.ctl("lxivanov", "export")
        #expect(export.status == 2)
        #expect(export.error.contains("the 'export' right is needed"))
        #expect(export.output.isEmpty)
        #expect(try await leadex.ctl("lxivanov", "users").status == 2)

        // QA reviews: sees the refusal, reopens it to another manager; then closes one as lost.
        #expect(try await leadex.ctl("lxokk", "refusals").output.contains("Small budget"))
        #expect(try await leadex.ctl("lxokk", "reopen", "\(first)", "--to", "petrov", "--note", "budget is 550k").status == 0)
        #expect(try await leadex.ctl("lxpetrov", "show", "\(first)").status == 0)
        #expect(try await leadex.ctl("lxivanov", "show", "\(first)").status == 2)
        #expect(try await leadex.ctl("lxpetrov", "refuse", "\(first)", "--reason", "competitor").status == 0)
        #expect(try await leadex.ctl("lxokk", "close-lost", "\(first)").status == 0)
        #expect(try await leadex.ctl("lxokk", "take", "\(second)").status == 2, "QA does not sell")
        let history = try await leadex.ctl("lxokk", "show", "\(first)").output
        for line in ["took it", "moved it to «", "conditional refusal (", "— 50k", "reopened it", "closed it as lost"] {
            #expect(history.contains(line), "history shows \(line)")
        }

        // Unknown to Leadex: refused. Not in the socket's group: cannot connect at all.
        let stranger = try await leadex.ctl("lxstranger", "exchange")
        #expect(stranger.status == 2)
        #expect(stranger.error.contains("Unix user 'lxstranger' is not a Leadex user"))
        let outsider = try await leadex.ctl("lxoutsider", "exchange")
        #expect(outsider.status == 6, "daemon unreachable: \(outsider.error)")

        // A callback on one's own deal; a lead typed in and taken at once; the team's view.
        #expect(try await leadex.ctl("lxivanov", "take", "\(second)").status == 0)
        #expect(try await leadex.ctl("lxivanov", "remind", "\(second)", "--at", "tomorrow 10:00", "--note", "перезвонить про КП").status == 0)
        #expect(try await leadex.ctl("lxpetrov", "remind", "\(second)", "--at", "+2 months", "--note", "x").status == 2)
        let shown = try await leadex.ctl("lxivanov", "show", "\(second)").output
        #expect(shown.contains("pending   перезвонить про КП") && shown.contains("set a reminder"), "\(shown)")
        let added = try await leadex.ctl("lxpetrov", "add", "--name", "Выставка", "--phone", "+7 (495) 000-00-03", "--take")
        #expect(added.status == 0 && added.output.contains("yours (petrov)"), "\(added)")
        #expect(try await leadex.ctl("lxpetrov", "add", "--name", "X", "--phone", "12").status == 5, "not a phone number")
        let load = try await leadex.ctl("lxokk", "users")
        #expect(load.status == 0 && load.output.contains("ivanov") && load.output.contains("100"))
        #expect(try await leadex.ctl("lxokk", "report", "funnel").status == 0)
        #expect(try await leadex.ctl("lxokk", "status").output.contains("reminders"))
        #expect(try await leadex.ctl("lxpetrov", "status").status == 2)
        #expect(try await leadex.ctl("lxpetrov", "show", "999").status == 3, "not found")

        // Export needs the right itself: root is an admin without it; the analyst holds it.
        let adminExport = try await leadex.ctl(nil, "export")
        #expect(adminExport.status == 2 && adminExport.error.contains("the 'export' right is needed"), "\(adminExport)")
        let csv = try await leadex.ctl("lxanalyst", "export")
        #expect(csv.status == 0)
        #expect(csv.output.contains("+79120000001"))

        let log = await leadex.stop()
        let refusals = log.split(separator: "\n").filter { $0.contains("refused") }
        func logged(_ fields: String...) -> Bool { refusals.contains { line in fields.allSatisfy { line.contains($0) } } }
        #expect(logged("rule=visibility", "user=petrov", "lead_id=\(first)", "action=show"))
        #expect(logged("rule=visibility", "user=petrov", "lead_id=\(first)", "action=stage_changed"))
        #expect(logged("rule=exchange.taken", "user=petrov", "lead_id=\(first)"))
        #expect(logged("rule=refusal.review", "user=ivanov", "lead_id=\(first)", "action=closed_lost"))
        #expect(logged("rule=right", "user=ivanov", "action=export"))
        #expect(logged("rule=role", "user=ivanov", "action=users"))
        #expect(logged("rule=user.unmapped", "user=lxstranger"))
        #expect(log.contains("action=reopened") && log.contains("user=okk"), "writes are journaled with USER= and ACTION=")
    }

    @Test func statusShowsEachInboxFormAndJobWithItsFailures() async throws {
        let leadex = try await ControlDaemon.start { directory in
            try directory.write("password", "secret\n")
            try directory.write("feed.json", #"[{"id": "1", "name": "Анна", "phone": "+7 912 555-00-01"}]"#)
            return """
                [[inbox]]
                name = "sales"
                # Nothing listens on port 1: every pass fails to connect.
                url = "imaps://127.0.0.1:1/INBOX"
                user = "sales"
                password_file = "\(directory.file("password"))"
                [[form]]
                name = "site"
                url = "file://\(directory.file("feed.json"))"
                format = "json"
                id_field = "id"
                [form.fields]
                name = "name"
                phone = "phone"
                """
        }
        // Wait for the first failed pass of the inbox and the first poll of the form.
        var status = ""
        let deadline = Date().addingTimeInterval(30)
        repeat {
            try await Task.sleep(for: .milliseconds(200))
            status = try await leadex.ctl("lxokk", "status").output
            let lines = status.split(separator: "\n")
            let failing = lines.contains { $0.hasPrefix("Mailbox sales") && $0.hasSuffix("failing") }
            let polled = lines.contains { $0.hasPrefix("Form site") && !$0.contains("never") }
            if failing && polled { break }
        } while Date() < deadline
        #expect(status.contains("reminders"), "jobs: \(status)")
        let lines = status.split(separator: "\n")
        let inbox = lines.first { $0.hasPrefix("Mailbox sales") }
        #expect(inbox?.contains("imaps://127.0.0.1:1/INBOX") == true, "\(status)")
        #expect(inbox?.contains("never") == true, "no mail came in")
        // What is wrong on a line of its own, whole, without the internal kind prefix.
        let problem = lines.firstIndex { $0.hasPrefix("Mailbox sales: the server cannot be reached: no connection") }
        #expect(problem != nil, "the failure in words: \(status)")
        if let problem { #expect(lines[problem + 1].hasPrefix("  > ") && !lines[problem + 1].contains("unreachable:"), "\(status)") }
        let form = lines.first { $0.hasPrefix("Form site") }
        #expect(form?.hasSuffix("ok") == true, "the form was read and is healthy: \(status)")

        let json = try await leadex.ctl("lxokk", "status", "--json").output
        let object = try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any]
        let inboxes = object?["inboxes"] as? [[String: Any]]
        #expect(inboxes?.first?["failing_since"] != nil && inboxes?.first?["last_error"] != nil, "\(json)")
        let forms = object?["forms"] as? [[String: Any]]
        #expect(forms?.first?["name"] as? String == "site" && forms?.first?["last_poll"] != nil, "\(json)")
        _ = await leadex.stop()
    }

    @Test func twoManagersTakingOneLeadAtOnceOneWinsTheOtherIsToldWho() async throws {
        let leadex = try await ControlDaemon.start()
        var leads: [Int64] = []
        for i in 0..<20 { leads.append(try await leadex.addLead(name: "Клиент \(i)", phone: "8 912 100-00-\(String(format: "%02d", i))")) }
        var wins: [String: Int] = [:]
        for lead in leads {
            // Both processes are started before either is waited for.
            let racers = try Self.managers.map { user in
                let (executable, arguments) = LocalAccounts.command(as: user, leadex.leadexctl, ["take", "\(lead)"])
                return (user, try ChildProcess(executable: executable, arguments: arguments, environment: ["LEADEX_SOCKET": leadex.socket]))
            }
            var results: [(user: String, status: Int32, error: String)] = []
            for (user, process) in racers { results.append((user, await process.waitDetached(), process.standardError)) }
            let winners = results.filter { $0.status == 0 }
            #expect(winners.count == 1, "lead \(lead): \(results.map { "\($0.user)=\($0.status) \($0.error)" })")
            guard let winner = winners.first, let loser = results.first(where: { $0.status != 0 }) else { continue }
            let login = String(winner.user.dropFirst(2))
            wins[login, default: 0] += 1
            #expect(loser.status == 4, "conflict")
            #expect(loser.error.contains("lead \(lead)") || loser.error.contains("deal \(lead) is already taken by \(login)"), "\(loser.error)")
        }
        #expect(wins.values.reduce(0, +) == leads.count)
        let log = await leadex.stop()
        #expect(log.split(separator: "\n").filter { $0.contains("rule=exchange.taken") }.count == leads.count, "each refusal is logged")
    }
}

/// leadexd on a temporary database with its control socket open to the test group, and
/// leadexctl copied where the test users can run it.
final class ControlDaemon {
    let directory: TemporaryDirectory
    let socket: String
    let leadexctl: String
    private let daemon: ChildProcess

    /// Starts it and waits (off the test threads) until its socket is open.
    /// - Parameter extra: more config (inboxes, forms), given the daemon's directory.
    /// - Parameter language: the config's `language` (these tests read English unless they say).
    static func start(
        defaultCap: Int = 100, language: String = "en", timeZone: String = "Europe/Moscow", extra: (TemporaryDirectory) throws -> String = { _ in "" }
    ) async throws -> ControlDaemon {
        let daemon = try ControlDaemon(defaultCap: defaultCap, language: language, timeZone: timeZone, extra: extra)
        let deadline = Date().addingTimeInterval(30)
        while !daemon.daemon.standardError.contains("control socket ready") {
            guard daemon.daemon.isRunning, Date() < deadline else {
                throw TestFailure("leadexd did not open its socket: \(daemon.daemon.standardError)")
            }
            try await Task.sleep(for: .milliseconds(20))
        }
        return daemon
    }

    private init(defaultCap: Int, language: String, timeZone: String, extra: (TemporaryDirectory) throws -> String) throws {
        try LocalAccounts.ensure(
            group: ControlSocketTests.group, users: ControlSocketTests.managers + ["lxokk", "lxstranger", "lxanalyst"], outsiders: ["lxoutsider"])
        directory = try TemporaryDirectory()
        // The test users reach the socket and the binary through the directory, read nothing in it.
        chmod(directory.path, 0o711)
        socket = directory.file("control.sock")
        leadexctl = directory.file("leadexctl")
        try FileManager.default.copyItem(atPath: RepositoryPaths.executable("leadexctl"), toPath: leadexctl)
        chmod(leadexctl, 0o755)
        let config = try directory.write(
            "leadex.toml",
            """
            language = "\(language)"
            timezone = "\(timeZone)"
            [storage]
            database = "\(directory.file("db.sqlite3"))"
            [control]
            socket = "\(socket)"
            group = "\(ControlSocketTests.group)"
            mode = "0660"
            [log]
            target = "console"
            [exchange]
            default_cap = \(defaultCap)
            [[user]]
            login = "ivanov"
            name = "Иван Иванов"
            role = "manager"
            unix_user = "lxivanov"
            [[user]]
            login = "petrov"
            name = "Пётр Петров"
            role = "manager"
            unix_user = "lxpetrov"
            [[user]]
            login = "okk"
            name = "Ольга (ОКК)"
            role = "qa"
            unix_user = "lxokk"
            [[user]]
            login = "analyst"
            name = "Аналитик"
            role = "qa"
            rights = ["export"]
            unix_user = "lxanalyst"
            [[user]]
            login = "admin"
            name = "Администратор"
            role = "admin"
            \(try extra(directory))
            """)
        daemon = try ChildProcess(executable: RepositoryPaths.executable("leadexd"), arguments: ["--config", config])
    }

    /// leadexctl as Unix user `user` (`nil`: root).
    func ctl(_ user: String?, _ arguments: String...) async throws -> (status: Int32, output: String, error: String) {
        try await ctl(user, arguments)
    }

    func ctl(_ user: String?, _ arguments: [String], columns: Int? = nil) async throws -> (status: Int32, output: String, error: String) {
        let (executable, all) = user.map { LocalAccounts.command(as: $0, leadexctl, arguments) } ?? (leadexctl, arguments)
        var environment = ["LEADEX_SOCKET": socket]
        if let columns { environment["COLUMNS"] = "\(columns)" }
        return try await ChildProcess.runDetached(executable: executable, arguments: all, environment: environment)
    }

    /// Adds a lead on the exchange as root (the admin) and returns its id.
    func addLead(name: String, phone: String) async throws -> Int64 {
        let result = try await ctl(nil, "add", "--name", name, "--phone", phone, "--json")
        guard result.status == 0, let object = try JSONSerialization.jsonObject(with: Data(result.output.utf8)) as? [String: Any],
            let lead = object["lead"] as? [String: Any], let id = lead["id"] as? Int64 ?? (lead["id"] as? Int).map(Int64.init)
        else { throw TestFailure("add failed: \(result)") }
        return id
    }

    var isRunning: Bool { daemon.isRunning }
    var log: String { daemon.standardError }
    var database: String { directory.file("db.sqlite3") }

    /// Stops the daemon and returns its log.
    func stop() async -> String {
        daemon.signal(SIGTERM)
        _ = await daemon.waitDetached()
        return daemon.standardError
    }

    deinit { if daemon.isRunning { daemon.signal(SIGKILL) } }
}
