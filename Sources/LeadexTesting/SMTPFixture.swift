public import Foundation

/// A real SMTP server on loopback (aiosmtpd, `Tests/Support/smtpd`) that keeps every message as
/// received. Stopped by `stop()` or when released; `restart()` brings it back on the same port.
public final class SMTPFixture: Sendable {
    public enum Mode: String, Sendable {
        /// smtp:// with STARTTLS required before AUTH.
        case starttls
        /// smtps://, implicit TLS.
        case smtps
        case plain
    }

    /// One message as the server received it.
    public struct Received: Sendable {
        public var mailFrom: String
        public var recipients: [String]
        public var authenticated: Bool
        public var bytes: [UInt8]
        public var text: String { String(decoding: bytes, as: UTF8.self) }

        /// A message as the server would receive it (one read from the outbox, in-process tests).
        public init(mailFrom: String, recipients: [String], authenticated: Bool = true, bytes: [UInt8]) {
            self.mailFrom = mailFrom
            self.recipients = recipients
            self.authenticated = authenticated
            self.bytes = bytes
        }

        /// A header's raw value (unfolded), or nil.
        public func header(_ name: String) -> String? {
            let head = text.components(separatedBy: "\r\n\r\n").first ?? ""
            let unfolded = head.replacingOccurrences(of: "\r\n ", with: " ").replacingOccurrences(of: "\r\n\t", with: " ")
            for line in unfolded.components(separatedBy: "\r\n") {
                if let colon = line.firstIndex(of: ":"), line[..<colon].lowercased() == name.lowercased() {
                    return line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
                }
            }
            return nil
        }

        /// Every base64 body part decoded, joined: what a reader sees.
        public var decodedBody: String {
            var result = ""
            for part in text.components(separatedBy: "Content-Transfer-Encoding: base64\r\n\r\n").dropFirst() {
                let encoded = part.components(separatedBy: "\r\n\r\n").first?.components(separatedBy: "\r\n--").first ?? ""
                if let data = Data(base64Encoded: encoded.replacingOccurrences(of: "\r\n", with: "")) {
                    result += String(decoding: data, as: UTF8.self)
                }
            }
            return result
        }
    }

    public let port: Int
    public let mode: Mode
    public let caFile: String
    public let user: String
    public let password: String
    private let mailDirectory: String
    private let directory: TemporaryDirectory
    private static let script = RepositoryPaths.file("Tests/Support/smtpd")

    public init(mode: Mode = .starttls, offerAuth: Bool = true, delay: Double = 0) throws {
        directory = try TemporaryDirectory(prefix: "leadex-smtpd")
        var arguments = ["start", directory.path, "--mode", mode.rawValue]
        if !offerAuth { arguments.append("--no-auth") }
        if delay > 0 { arguments += ["--delay", "\(delay)"] }
        let output = try SupportScript.run(Self.script, arguments, name: "smtpd")
        var values: [String: String] = [:]
        for line in output.split(separator: "\n") {
            let parts = line.split(separator: "=", maxSplits: 1)
            if parts.count == 2 { values[String(parts[0])] = String(parts[1]) }
        }
        guard let port = values["PORT"].flatMap(Int.init), let ca = values["CA_FILE"], let mail = values["MAIL_DIR"] else {
            throw DovecotFixture.FixtureError(message: "smtpd start printed: \(output)")
        }
        self.port = port
        self.mode = mode
        self.caFile = ca
        self.user = values["USER"] ?? ""
        self.password = values["PASSWORD"] ?? ""
        self.mailDirectory = mail
    }

    deinit { stop() }

    /// `smtp://127.0.0.1:PORT/leadex.test` (the path is the EHLO name).
    public var url: String { "\(mode == .smtps ? "smtps" : "smtp")://127.0.0.1:\(port)/leadex.test" }

    /// Writes the password to a file in the fixture's directory, for `password_file`.
    public func passwordFile() throws -> String {
        let path = directory.file("smtp-password")
        try Data(password.utf8).write(to: URL(fileURLWithPath: path))
        return path
    }

    public func stop() { _ = try? SupportScript.run(Self.script, ["stop", directory.path], name: "smtpd") }

    public func restart() throws { _ = try SupportScript.run(Self.script, ["start", directory.path, "--same-ports"], name: "smtpd") }

    /// Where the server writes each message (`NNN.eml`, with its envelope in `NNN.json`), for
    /// scripts that read the mail themselves (the browser scenarios).
    public var mailDirectoryPath: String { mailDirectory }

    /// Every message received so far, in order of arrival.
    public func messages() -> [Received] {
        let files = ((try? FileManager.default.contentsOfDirectory(atPath: mailDirectory)) ?? []).filter { $0.hasSuffix(".eml") }.sorted()
        return files.compactMap { file in
            let base = String(file.dropLast(4))
            guard let bytes = FileManager.default.contents(atPath: "\(mailDirectory)/\(file)"),
                let envelopeData = FileManager.default.contents(atPath: "\(mailDirectory)/\(base).json"),
                let envelope = try? JSONSerialization.jsonObject(with: envelopeData) as? [String: Any]
            else { return nil }
            return Received(
                mailFrom: envelope["mail_from"] as? String ?? "", recipients: envelope["rcpt_tos"] as? [String] ?? [],
                authenticated: envelope["authenticated"] as? Bool ?? false, bytes: [UInt8](bytes))
        }
    }

    /// Waits (polling, up to `timeout` of real time) until at least `count` messages arrived.
    public func waitForMessages(_ count: Int, timeout: Duration = .seconds(20)) async throws -> [Received] {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            let received = messages()
            if received.count >= count { return received }
            try await Task.sleep(for: .milliseconds(20))
        }
        return messages()
    }
}
