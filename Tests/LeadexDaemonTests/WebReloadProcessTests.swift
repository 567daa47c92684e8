import Foundation
import LeadexTesting
import Testing

/// SIGHUP on the real daemon: the workspace's settings and users change without a restart;
/// a changed listen address is logged as waiting for one.
@Suite(.serialized) struct WebReloadProcessTests {
    static let password = "пароль-до-релоада-1"

    func config(port: Int, directory: TemporaryDirectory, web: String, users: String) -> String {
        DaemonConfigText.base(database: directory.file("leadex.sqlite3")) + """

            [web]
            listen = "127.0.0.1:\(port)"
            \(web)
            \(users)
            """
    }

    static let petrov = "[[user]]\nlogin = \"petrov\"\nname = \"Пётр Петров\"\nrole = \"manager\"\n"
    static let ivanov = "[[user]]\nlogin = \"ivanov\"\nname = \"Иван Иванов\"\nrole = \"manager\"\n"

    @Test func publicURLTimeoutsAndUsersApplyAtTheReload() async throws {
        let directory = try TemporaryDirectory()
        let web = try await WebDaemon(in: directory) { port in
            config(port: port, directory: directory, web: "absolute_timeout = \"12h\"", users: Self.petrov)
        }
        defer { web.stop() }
        #expect(try web.command(["set-password", "petrov"], input: Self.password).status == 0)
        let before = try web.curl("/login", form: ["login": "petrov", "password": Self.password], origin: web.base)
        #expect(before.hasPrefix("HTTP/1.1 303"))
        #expect(before.contains("Max-Age=43200"))

        // https now, a shorter day, Иван instead of Пётр, and another port.
        let other = try LoopbackPort.free()
        try config(port: other, directory: directory, web: "public_url = \"https://leads.example.ru\"\nabsolute_timeout = \"3h\"", users: Self.ivanov)
            .write(toFile: web.config, atomically: true, encoding: .utf8)
        web.daemon.signal(SIGHUP)
        try await web.waitForLog("configuration reloaded")
        #expect(web.daemon.standardError.contains("[web] listen takes effect at the next restart"))

        // Пётр left the config: his session is over.
        #expect(try web.curl("/exchange").hasPrefix("HTTP/1.1 303"))
        #expect(try web.command(["set-password", "ivanov"], input: Self.password).status == 0)
        // The public origin is the only one a form may come from now…
        #expect(try web.curl("/login", jar: "i", form: ["login": "ivanov", "password": Self.password], origin: web.base).hasPrefix("HTTP/1.1 403"))
        // …and the cookie is a Secure __Host- one, for the new absolute timeout.
        let after = try web.curl("/login", jar: "i", form: ["login": "ivanov", "password": Self.password], origin: "https://leads.example.ru")
        #expect(after.hasPrefix("HTTP/1.1 303"), "\(after)")
        #expect(after.contains("__Host-leadex="))
        #expect(after.contains("Secure"))
        #expect(after.contains("Max-Age=10800"))
        // Still on the first port.
        #expect(try web.curl("/login").hasPrefix("HTTP/1.1 200"))
    }
}
