public import Foundation

/// The real leadexd serving the web workspace on a free loopback port, for browser tests: any
/// users with their roles and caps, their passwords set the way an admin sets them
/// (`leadexd set-password`, on standard input), and more config if a test needs it. Scenarios are
/// the Python selenium scripts of `Tests/Support/browser/` (helpers in `leadexbrowser.py`).
public final class WebDaemonFixture {
    /// One `[[user]]` of the config.
    public struct User: Sendable {
        public var login: String
        public var name: String
        public var role: String
        public var cap: Int?
        public var email: String?
        /// More lines of this user's table, e.g. `stages = ["new"]`.
        public var more: String
        /// Whether the fixture sets the user's password (false: one to invite).
        public var password: Bool

        public init(
            _ login: String, _ name: String, role: String = "manager", cap: Int? = nil, email: String? = nil, more: String = "", password: Bool = true
        ) {
            self.password = password
            self.login = login
            self.name = name
            self.role = role
            self.cap = cap
            self.email = email
            self.more = more
        }

        /// `LOGIN:NAME`, as the scenarios' `--user` option takes it.
        public var argument: String { "\(login):\(name)" }

        var configText: String {
            var text = "[[user]]\nlogin = \"\(login)\"\nname = \"\(name)\"\nrole = \"\(role)\"\n"
            if let cap { text += "cap = \(cap)\n" }
            if let email { text += "email = \"\(email)\"\n" }
            return text + more + (more.isEmpty || more.hasSuffix("\n") ? "" : "\n")
        }
    }

    /// Every user's password (long enough for the minimum length).
    public static let password = "браузер-пароль-1"

    public let directory: TemporaryDirectory
    public let users: [User]
    /// The workspace's address, `http://127.0.0.1:PORT`.
    public let base: String
    public let config: String
    public let daemon: ChildProcess
    /// `$LEADEX_SCREENSHOTS` (relative to the repository unless absolute), else a temporary directory.
    public let screenshots: String

    /// Starts leadexd and returns once the workspace is up.
    /// - Parameter top: top-level settings (`language = "en"`, `timezone = ...`), before any table.
    /// - Parameter more: more tables (`[[inbox]]`, `[smtp]`, `[exchange]`, ...), after the users;
    ///   given the daemon's directory, to write password files into.
    /// - Parameter web: more lines of `[web]` (`public_url`, `company`), given the workspace's address.
    public init(
        users: [User], top: String = "", more: (TemporaryDirectory) throws -> String = { _ in "" }, web: (String) -> String = { _ in "" },
        environment: [String: String] = [:]
    ) throws {
        let directory = try TemporaryDirectory()
        self.directory = directory
        self.users = users
        let port = try LoopbackPort.free()
        base = "http://127.0.0.1:\(port)"
        config = try directory.write(
            "leadex.toml",
            """
            \(top)
            [storage]
            database = "\(directory.file("leadex.sqlite3"))"
            [control]
            socket = "\(directory.file("control.sock"))"
            [web]
            listen = "127.0.0.1:\(port)"
            \(web(base))
            [log]
            target = "console"
            \(users.map(\.configText).joined())
            \(try more(directory))
            """)
        let leadexd = RepositoryPaths.executable("leadexd")
        for user in users where user.password {
            let set = try ChildProcess.run(
                executable: "/bin/sh",
                arguments: ["-c", "printf '%s\\n' \"$PW\" | \"$1\" set-password --config \"$2\" \"$3\"", "sh", leadexd, config, user.login],
                environment: ["PW": Self.password])
            guard set.status == 0 else { throw TestFailure("set-password \(user.login): \(set.error)") }
        }
        screenshots = ProcessInfo.processInfo.environment["LEADEX_SCREENSHOTS"].map { $0.hasPrefix("/") ? $0 : RepositoryPaths.file($0) }
            ?? directory.file("screenshots")
        daemon = try ChildProcess(executable: leadexd, arguments: ["--config", config], environment: environment)
        let deadline = Date().addingTimeInterval(30)
        while !daemon.standardError.contains("web workspace ready") {
            guard daemon.isRunning, Date() < deadline else { throw TestFailure("leadexd did not open the workspace: \(daemon.standardError)") }
            Thread.sleep(forTimeInterval: 0.05)
        }
    }

    /// `--user LOGIN:NAME` for each of `users` (all of the fixture's by default), in order.
    public func userArguments(_ users: [User]? = nil) -> [String] {
        (users ?? self.users).flatMap { ["--user", $0.argument] }
    }

    /// Runs `Tests/Support/browser/SCRIPT` with `--base`, `--password`, `--screenshots`, every
    /// user, then `arguments`. The output and the daemon's log tail are in the result's `report`.
    /// Waits off the cooperative pool: a scenario takes up to a minute, and a test blocking one of
    /// the pool's threads (two on this machine) that long starves every other async test.
    public func runScenario(_ script: String, _ arguments: [String] = [], timeout: Double = 240) async throws -> ScenarioRun {
        let run = try await ChildProcess.runDetached(
            executable: "/usr/bin/python3",
            arguments: [RepositoryPaths.file("Tests/Support/browser/\(script)"), "--base", base, "--password", Self.password,
                "--screenshots", screenshots] + userArguments() + arguments,
            environment: ["SE_OFFLINE": "true"], timeout: timeout)
        return ScenarioRun(
            status: run.status, output: run.output,
            report: "\(script): \(run.output)\n\(run.error.suffix(3000))\nleadexd: \(daemon.standardError.suffix(3000))")
    }

    public struct ScenarioRun: Sendable {
        public let status: Int32
        /// The script's standard output (its figures, its "FAIL:" line).
        public let output: String
        /// Everything to show when it failed: output, the script's stderr, the daemon's log tail.
        public let report: String
    }

    /// SIGTERM, and the exit status (0 when it stopped cleanly).
    @discardableResult
    public func stop(timeout: Double = 15) -> Int32 {
        daemon.signal(SIGTERM)
        return daemon.wait(timeout: timeout)
    }

    deinit { if daemon.isRunning { daemon.signal(SIGTERM); daemon.wait(timeout: 10) } }
}
