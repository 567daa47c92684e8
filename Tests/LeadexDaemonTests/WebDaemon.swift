import Foundation
import LeadexTesting
import Testing

/// The real leadexd serving the workspace on a free loopback port, for tests that talk to it with
/// curl (a cookie jar in the test's directory), and reload it with SIGHUP.
struct WebDaemon {
    let leadexd = RepositoryPaths.executable("leadexd")
    let directory: TemporaryDirectory
    let port: Int
    let config: String
    let daemon: ChildProcess
    var base: String { "http://127.0.0.1:\(port)" }

    /// `config(port)` is the whole configuration; returns once the workspace is up.
    init(in directory: TemporaryDirectory, config: (Int) throws -> String) async throws {
        self.directory = directory
        port = try LoopbackPort.free()
        self.config = try directory.write("leadex.toml", try config(port))
        daemon = try ChildProcess(executable: leadexd, arguments: ["--config", self.config])
        try await waitForLog("web workspace ready")
    }

    /// Waits until the daemon's log holds `text` `count` times.
    func waitForLog(_ text: String, count: Int = 1, timeout: Duration = .seconds(30)) async throws {
        let deadline = ContinuousClock.now + timeout
        while daemon.standardError.count(of: text) < count && ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(20)) }
        try #require(daemon.standardError.count(of: text) >= count, "no '\(text)' in: \(daemon.standardError.suffix(3000))")
    }

    func stop() {
        daemon.signal(SIGTERM)
        #expect(daemon.wait() == 0, "leadexd did not stop cleanly: \(daemon.standardError.suffix(2000))")
    }

    /// `leadexd SUBCOMMAND … --config` against this daemon's configuration.
    func command(_ arguments: [String], input: String? = nil) throws -> (status: Int32, output: String, error: String) {
        guard let input else { return try ChildProcess.run(executable: leadexd, arguments: arguments + ["--config", config]) }
        return try ChildProcess.run(
            executable: "/bin/sh", arguments: ["-c", "printf '%s\\n' \"$IN\" | \"$0\" \"$@\"", leadexd] + arguments + ["--config", config],
            environment: ["IN": input])
    }

    /// curl with the cookie jar `jar`: prints the status code, then the headers and the body.
    func curl(_ path: String, jar: String = "cookies", form: [String: String]? = nil, origin: String? = nil) throws -> String {
        var arguments = ["-s", "-i", "-b", directory.file(jar), "-c", directory.file(jar)]
        if let origin { arguments += ["-H", "Origin: \(origin)"] }
        for (name, value) in (form ?? [:]).sorted(by: { $0.key < $1.key }) { arguments += ["--data-urlencode", "\(name)=\(value)"] }
        return try ChildProcess.run(executable: "/usr/bin/curl", arguments: arguments + [path.hasPrefix("http") ? path : base + path]).output
    }

    /// Logs in through the form; whether the workspace took the password.
    func logIn(_ login: String, password: String, jar: String = "cookies") throws -> Bool {
        try curl("/login", jar: jar, form: ["login": login, "password": password], origin: base).hasPrefix("HTTP/1.1 303")
    }
}
