import Foundation
import LeadexTesting
import Testing

/// The real leadexd reads a real Dovecot mailbox of hostile mail (`--once`): a header of 50 MB, a
/// line of 10 MB, 100,000 recipients, 20 MB of base64, the same just under the size limit, and a
/// backlog of 200 messages near the limit. Its peak RSS stays within what an ordinary backlog
/// costs plus a small multiple of `max_message_mb`, and every message is accounted for: a lead,
/// or recorded with its reason.
@Suite(.serialized) struct HostileMailMemoryTests {
    static let maxMessageMB = 2
    static let limit = maxMessageMB << 20
    /// What one pass may cost beyond an ordinary backlog, in multiples of `max_message_mb`
    /// (README, Mail intake).
    static let allowedMultiple = 8

    static func header(_ id: String, extra: String = "", type: String = "text/plain; charset=utf-8") -> String {
        """
        From: Клиент \(id) <client-\(id)@firm.ru>\r
        To: sales@example.ru\r
        Subject: Запрос \(id)\r
        Message-ID: <\(id)@firm.ru>\r
        Content-Type: \(type)\r
        \(extra)
        """
    }

    static func mail(_ id: String, extra: String = "", type: String = "text/plain; charset=utf-8", body: String) -> [UInt8] {
        Array((header(id, extra: extra, type: type) + "\r\n" + body.replacingOccurrences(of: "PHONE", with: phone(id))).utf8)
    }

    /// A phone of its own for each mail: a known phone would make the mail a line on the first one's deal.
    static func phone(_ id: String) -> String {
        let n = Int(TestPhoneDigits.of(id))
        return "+7 913 " + String(format: "%03d-%02d-%02d", n / 10_000 % 1000, n / 100 % 100, n % 100)
    }

    static func foldedHeader(bytes: Int) -> String {
        let line = "X-Junk: " + String(repeating: "j", count: 990) + "\r\n"
        let fold = " " + String(repeating: "k", count: 997) + "\r\n"
        return line + String(repeating: fold, count: bytes / fold.utf8.count)
    }

    static func recipients(_ count: Int) -> String {
        "Cc: " + (0..<count).map { "r\($0)@many.example" }.joined(separator: ",\r\n ") + "\r\n"
    }

    static func base64Attachment(_ id: String, bytes: Int) -> [UInt8] {
        let line = String(repeating: "QUJD", count: 19) + "\r\n"
        let attachment = String(repeating: line, count: bytes / line.utf8.count)
        return mail(id, type: "multipart/mixed; boundary=\"b\"", body: """
            --b\r
            Content-Type: text/plain; charset=utf-8\r
            \r
            Смета во вложении, позвоните: PHONE\r
            --b\r
            Content-Type: application/octet-stream\r
            Content-Disposition: attachment; filename="big.bin"\r
            Content-Transfer-Encoding: base64\r
            \r
            \(attachment)--b--\r

            """)
    }

    /// A text in cp1251 that doubles when decoded to UTF-8.
    static func cyrillicText(_ id: String, bytes: Int) -> [UInt8] {
        let line: [UInt8] = Array(repeating: 0xE0, count: 70) + [0x0D, 0x0A]
        var body: [UInt8] = []
        body.reserveCapacity(bytes)
        while body.count + line.count < bytes { body += line }
        return Array(header(id, type: "text/plain; charset=windows-1251").utf8) + Array("\r\nТел. \(phone(id))\r\n".utf8) + body
    }

    static let hostile: [[UInt8]] = {
        var mails: [[UInt8]] = [
            mail("huge-header", extra: foldedHeader(bytes: 50 << 20), body: "Позвоните: PHONE\r\n"),
            mail("long-line", body: "Позвоните: PHONE\r\n" + String(repeating: "x", count: 10 << 20)),
            mail("recipients", extra: recipients(100_000), body: "Позвоните: PHONE\r\n"),
            base64Attachment("base64", bytes: 20 << 20),
            // The same just under the limit: read whole.
            mail("header-under", extra: foldedHeader(bytes: limit - 64 << 10), body: "Позвоните: PHONE\r\n"),
            mail("line-under", body: "Позвоните: PHONE\r\n" + String(repeating: "x", count: limit - 64 << 10)),
            mail("recipients-under", extra: recipients(limit / 24), body: "Позвоните: PHONE\r\n"),
            mail("base64-text", extra: "Content-Transfer-Encoding: base64\r\n",
                 body: Data(String(repeating: "Смета на столы и стулья. ", count: limit / 64).utf8).base64EncodedString(options: .lineLength76Characters)),
        ]
        // A backlog near the limit: 200 messages, one batch by count.
        for index in 0..<200 {
            mails.append(index % 10 == 0
                ? cyrillicText("near-\(index)", bytes: limit - 32 << 10)
                : base64Attachment("near-\(index)", bytes: limit - 32 << 10))
        }
        return mails
    }()

    static func ordinary(_ number: Int) -> [UInt8] {
        mail("usual-\(number)", body: String(repeating: "Здравствуйте! Хотим заказать столы и стулья для офиса.\r\n", count: 40)
            + "Позвоните: PHONE\r\n")
    }

    func sqlite(_ database: String, _ query: String) throws -> String {
        try ChildProcess.run(executable: "/usr/bin/sqlite3", arguments: [database, query]).output
            .trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Runs `leadexd --once` under a parent of its own that reports the child's ru_maxrss (wait4).
    func runOnce(user: String, dovecot: DovecotFixture, directory: TemporaryDirectory, protocol mailProtocol: DovecotFixture.MailProtocol = .imap) async throws -> (status: Int32, output: String, peakMB: Double, database: String) {
        let database = directory.file("\(user).sqlite3")
        let config = try dovecot.leadexdConfig(
            user: user, database: database, in: directory, protocol: mailProtocol, extra: "max_message_mb = \(Self.maxMessageMB)")
        let measure = """
            import os, sys
            pid = os.fork()
            if pid == 0:
                os.execv(sys.argv[1], sys.argv[1:])
            _, status, usage = os.wait4(pid, 0)
            sys.stderr.write("PEAK_RSS_KB=%d\\n" % usage.ru_maxrss)
            sys.exit(os.waitstatus_to_exitcode(status))
            """
        let leadexd = RepositoryPaths.executable("leadexd")
        let run = try await ChildProcess.runDetached(
            executable: "/usr/bin/python3", arguments: ["-c", measure, leadexd, "--once", "--config", config, "--drop-ins", "/nonexistent"],
            timeout: 600)
        let peak = run.error.split(separator: "\n").last { $0.hasPrefix("PEAK_RSS_KB=") }.flatMap { Double($0.dropFirst(12)) } ?? .infinity
        return (run.status, run.output + run.error, peak / 1024, database)
    }

    @Test func hostileMailStaysWithinTheMemoryBoundAndEveryMessageIsAccountedFor() async throws {
        let dovecot = try DovecotFixture.start(users: ["usual", "hostile", "hostile3"])
        let directory = try TemporaryDirectory()
        try dovecot.fillMaildir(user: "usual", messages: (1...2_000).map(Self.ordinary))
        try dovecot.fillMaildir(user: "hostile", messages: Self.hostile)
        try dovecot.fillMaildir(user: "hostile3", messages: Self.hostile)

        let usual = try await runOnce(user: "usual", dovecot: dovecot, directory: directory)
        #expect(usual.status == 0, "\(usual.output)")
        #expect(try sqlite(usual.database, "SELECT count(*) FROM lead") == "2000")

        // IMAP reads the first max_message_mb of a message over the limit; POP3 its header (TOP).
        for (user, mailProtocol) in [("hostile", DovecotFixture.MailProtocol.imap), ("hostile3", .pop3)] {
            let hostile = try await runOnce(user: user, dovecot: dovecot, directory: directory, protocol: mailProtocol)
            #expect(hostile.status == 0, "\(hostile.output)")
            let bound = usual.peakMB + Double(Self.allowedMultiple * Self.maxMessageMB)
            print("peak RSS: ordinary backlog \(usual.peakMB) MB, hostile mail over \(mailProtocol) \(hostile.peakMB) MB, bound \(bound) MB")
            #expect(hostile.peakMB <= bound, "\(mailProtocol): peak \(hostile.peakMB) MB over \(bound) MB")

            // Every message is accounted for, and every one of them is a request with a phone: a lead.
            let database = hostile.database
            #expect(try sqlite(database, "SELECT count(*) FROM mail_message") == "\(Self.hostile.count)")
            let notLeads = try sqlite(database, "SELECT message_id, outcome, reason FROM mail_message WHERE outcome != 'lead'")
            #expect(try sqlite(database, "SELECT count(*) FROM lead") == "\(Self.hostile.count)", "\(mailProtocol): \(notLeads)")
            #expect(try sqlite(database, "SELECT count(*) FROM mail_message WHERE acked = 0") == "0")
            // What was over the limit says so in its text.
            for id in ["huge-header", "long-line", "recipients", "base64"] {
                let text = try sqlite(database, "SELECT text FROM lead WHERE source_ref = '\(id)@firm.ru'")
                #expect(text.contains("over the size limit"), "\(mailProtocol) \(id): \(text.prefix(200))")
            }
            // A text over the text limit is cut, and says so.
            let long = try sqlite(database, "SELECT text FROM lead WHERE source_ref = 'line-under@firm.ru'")
            #expect(long.hasSuffix("[The text is longer than 1024 KB: only its beginning was kept.]"), "\(long.suffix(200))")
        }
    }
}

/// A stable 9-digit number from a string (FNV-1a), for distinct test phones.
enum TestPhoneDigits {
    static func of(_ text: String) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
        return hash % 1_000_000_000
    }
}
