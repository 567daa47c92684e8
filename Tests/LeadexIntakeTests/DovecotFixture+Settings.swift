import LeadexIntake
import LeadexTesting

extension DovecotFixture {
    /// Settings that reach this fixture (LeadexTesting cannot name MailServerSettings: it does not
    /// depend on LeadexIntake).
    func settings(
        user: String = "u1", protocol mailProtocol: MailProtocol = .imap, tls transport: Transport = .implicitTLS,
        password: String? = nil, allowPlaintext: Bool = false, maxMessageBytes: Int = 25 << 20
    ) -> MailServerSettings {
        MailServerSettings(
            url: url(mailProtocol, transport), user: user, password: password ?? self.password, caFile: caFile,
            allowPlaintext: allowPlaintext, connectTimeout: .seconds(5), maxMessageBytes: maxMessageBytes)
    }
}

extension DovecotFixture {
    /// A leadexd config with one `[[inbox]]` on this fixture (console log, warnings only), written
    /// to `directory`; `extra` lines go into the inbox section.
    func leadexdConfig(
        user: String, database: String, in directory: TemporaryDirectory, protocol mailProtocol: MailProtocol = .imap,
        extra: String = ""
    ) throws -> String {
        let password = try directory.write("password", self.password + "\n")
        return try directory.write("\(user).toml", DaemonConfigText.base(database: database) + """
            level = "warning"
            [[inbox]]
            name = "\(user)"
            url = "\(url(mailProtocol))"
            user = "\(user)"
            password_file = "\(password)"
            ca_file = "\(caFile)"
            \(extra)
            """)
    }
}

/// Test messages with CRLF line ends, as servers store and serve them.
enum TestMail {
    static func message(_ number: Int, body: String = "Hello body") -> [UInt8] {
        Array(
            """
            From: Lead \(number) <lead\(number)@example.com>\r
            To: sales@example.com\r
            Subject: Lead \(number)\r
            Message-ID: <lead\(number)@example.com>\r
            \r
            \(body)\r

            """.utf8)
    }

    /// Lines that end a naive reader early: our own tags, fake untagged data, a literal marker.
    static let tricky = message(
        2, body: "a1 OK fake completion\r\na4 OK FETCH done\r\n* 99 EXISTS\r\n) {12}\r\n.\r\n..dots\r\n.lone dot above")

    /// 300 KB, half of it one long line.
    static let large: [UInt8] = message(
        3, body: String(repeating: "x", count: 150_000) + "\r\n" + String(repeating: "line of text\r\n", count: 11_000) + "end")
}
