internal import Foundation

/// A private Dovecot on loopback (IMAP, IMAPS, POP3, POP3S), run through
/// `Tests/Support/dovecot`. Starts in about 0.3 s; stopped by `stop()` or when released.
public final class DovecotFixture: Sendable {
    public enum MailProtocol: String, Sendable {
        case imap, pop3
    }

    /// How the client reaches the server.
    public enum Transport: Sendable {
        /// imaps:// or pop3s://
        case implicitTLS
        /// imap:// or pop3:// (STARTTLS/STLS when the client asks for it)
        case plain
    }

    public let imapsPort: Int?
    public let imapPort: Int
    public let pop3sPort: Int?
    public let pop3Port: Int
    /// The server's self-signed certificate, to trust as the CA.
    public let caFile: String
    public let password: String
    public let users: [String]

    let directory: TemporaryDirectory
    private static let script = RepositoryPaths.file("Tests/Support/dovecot")

    /// Starts an instance with these users (same password). `startTLS: false` turns TLS off
    /// entirely: no STARTTLS, no IMAPS/POP3S ports.
    public init(users: [String] = ["u1", "u2"], startTLS: Bool = true) throws {
        directory = try TemporaryDirectory(prefix: "leadex-dovecot")
        // Dovecot's mail processes run as nobody and must reach the mail directory.
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: directory.path)
        var arguments = ["start", directory.path, "--users", users.joined(separator: " ")]
        if !startTLS { arguments.append("--no-starttls") }
        let output = try Self.run(arguments)
        var values: [String: String] = [:]
        for line in output.split(separator: "\n") {
            let parts = line.split(separator: "=", maxSplits: 1)
            if parts.count == 2 { values[String(parts[0])] = String(parts[1]).trimmingCharacters(in: CharacterSet(charactersIn: "\"")) }
        }
        guard let imap = values["IMAP_PORT"].flatMap(Int.init), let pop3 = values["POP3_PORT"].flatMap(Int.init),
            let caFile = values["CA_FILE"], let password = values["PASSWORD"]
        else {
            throw FixtureError(message: "dovecot start printed no ports: \(output)")
        }
        imapPort = imap
        pop3Port = pop3
        imapsPort = values["IMAPS_PORT"].flatMap(Int.init)
        pop3sPort = values["POP3S_PORT"].flatMap(Int.init)
        self.caFile = caFile
        self.password = password
        self.users = users
    }

    /// The same as `init`, reading better at a call site: `try DovecotFixture.start()`.
    public static func start(users: [String] = ["u1", "u2"], startTLS: Bool = true) throws -> DovecotFixture {
        try DovecotFixture(users: users, startTLS: startTLS)
    }

    deinit { stop() }

    /// Stops the server and waits until its ports are closed. Safe to call twice.
    public func stop() {
        _ = try? Self.run(["stop", directory.path])
    }

    /// Starts a stopped instance again on the same ports: the server comes back.
    public func restart() throws {
        _ = try Self.run(["start", directory.path, "--same-ports", "--users", users.joined(separator: " ")])
    }

    /// Saves one message into `user`'s `mailbox` (created if missing), as `doveadm save` does.
    public func deliver(user: String, bytes: [UInt8], mailbox: String = "INBOX") throws {
        let file = directory.file("deliver-\(UUID().uuidString).eml")
        try Data(bytes).write(to: URL(fileURLWithPath: file))
        defer { try? FileManager.default.removeItem(atPath: file) }
        _ = try Self.run(["deliver", directory.path, user, file, mailbox])
    }

    /// Gives `user`'s INBOX a new UIDVALIDITY (messages kept, renumbered from 1); open sessions
    /// of the user are kicked first. Returns the old and new values.
    @discardableResult
    public func resetUIDValidity(user: String) throws -> (old: Int64, new: Int64) {
        let output = try Self.run(["uidvalidity-reset", directory.path, user])
        func value(_ key: String) -> Int64? {
            output.split(separator: "\n").first { $0.hasPrefix("\(key)=") }.flatMap { Int64($0.dropFirst(key.count + 1)) }
        }
        guard let old = value("UIDVALIDITY_OLD"), let new = value("UIDVALIDITY_NEW") else {
            throw FixtureError(message: "uidvalidity-reset printed: \(output)")
        }
        return (old, new)
    }

    /// The URL for a protocol and transport, with `INBOX` as the IMAP path.
    public func url(_ mailProtocol: MailProtocol, _ transport: Transport = .implicitTLS) -> String {
        let port: Int? =
            switch (mailProtocol, transport) {
            case (.imap, .implicitTLS): imapsPort
            case (.imap, .plain): imapPort
            case (.pop3, .implicitTLS): pop3sPort
            case (.pop3, .plain): pop3Port
            }
        let scheme = mailProtocol.rawValue + (transport == .implicitTLS ? "s" : "")
        return "\(scheme)://127.0.0.1:\(port ?? 0)/" + (mailProtocol == .imap ? "INBOX" : "")
    }

    /// The instance's directory: `etc/dovecot.conf` (for `doveadm -c`), `log/`, `mail/USER/Maildir`.
    public var directoryPath: String { directory.path }

    /// The Dovecot log, for a failing test's message.
    public var log: String {
        (try? String(contentsOfFile: directory.file("log/dovecot.log"), encoding: .utf8)) ?? ""
    }

    private static func run(_ arguments: [String]) throws -> String {
        try SupportScript.run(script, arguments, name: "dovecot")
    }

    public struct FixtureError: Error, CustomStringConvertible {
        public var message: String
        public var description: String { message }
    }
}
