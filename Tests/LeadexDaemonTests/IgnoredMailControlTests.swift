import Foundation
import LeadexTesting
import Testing

/// A wrong "ignored" costs minutes, not a client: the real leadexd reads mail from a real
/// Dovecot, and the head and an admin, through the real leadexctl as their Unix users, list what
/// it ignored and turn it into leads; a manager and QA are refused.
@Suite(.serialized, .enabled(if: LocalAccounts.available, "creates Unix users with useradd: run as root (CI does)"))
struct IgnoredMailControlTests {
    static func mail(from: String, id: String, subject: String, body: String, autoReply: Bool) -> [UInt8] {
        Array(
            """
            From: \(from)\r
            To: sales@example.ru\r
            Subject: \(subject)\r
            Message-ID: <\(id)>\r
            \(autoReply ? "Auto-Submitted: auto-replied\r\n" : "")MIME-Version: 1.0\r
            Content-Type: text/plain; charset=utf-8\r
            Content-Transfer-Encoding: 8bit\r
            \r
            \(body)\r

            """.utf8)
    }

    @Test func theHeadAndAdminsListIgnoredMailAndRestoreItAsLeads() async throws {
        try LocalAccounts.ensure(group: ControlSocketTests.group, users: ["lxhead"])
        let dovecot = try DovecotFixture.start(users: ["sales", "big"])
        defer { dovecot.stop() }
        // A client's real request that carries an auto-reply header (a CRM template, a mail
        // client's setting): the classifier ignores it.
        try dovecot.deliver(
            user: "sales",
            bytes: Self.mail(
                from: "Анна Смирнова <anna@client.ru>", id: "auto1@client.ru", subject: "Нужен расчёт на 40 стульев",
                body: "Добрый день! Посчитайте, пожалуйста, 40 стульев. Телефон +7 912 345-67-89", autoReply: true))
        try dovecot.deliver(
            user: "sales",
            bytes: Self.mail(from: "Пётр <petr@firm.ru>", id: "req1@firm.ru", subject: "Запрос цены", body: "Сколько стоит?", autoReply: false))
        // The second mailbox keeps no originals.
        try dovecot.deliver(
            user: "big",
            bytes: Self.mail(from: "Олег <oleg@big.ru>", id: "auto2@big.ru", subject: "Тендер", body: "Большое письмо", autoReply: true))

        let leadex = try await ControlDaemon.start { directory in
            try directory.write("password", dovecot.password + "\n")
            return """
                [[user]]
                login = "head"
                name = "Руководитель"
                role = "head"
                unix_user = "lxhead"
                [[inbox]]
                name = "sales"
                url = "\(dovecot.url(.imap))"
                user = "sales"
                password_file = "\(directory.file("password"))"
                ca_file = "\(dovecot.caFile)"
                [[inbox]]
                name = "big"
                url = "\(dovecot.url(.imap))"
                user = "big"
                password_file = "\(directory.file("password"))"
                ca_file = "\(dovecot.caFile)"
                keep_original_kb = 0
                """
        }
        // Intake runs on its own: wait until it has recorded both ignored mails and the lead.
        var listed: [[String: Any]] = []
        let deadline = Date().addingTimeInterval(30)
        repeat {
            try await Task.sleep(for: .milliseconds(200))
            let reply = try await leadex.ctl("lxhead", "ignored", "--json")
            listed = (try? JSONSerialization.jsonObject(with: Data(reply.output.utf8)) as? [[String: Any]]) ?? []
        } while listed.count < 2 && Date() < deadline
        let exchange = try await leadex.ctl(nil, "exchange", "--json").output
        #expect(listed.count == 2, "\(listed)")
        #expect(exchange.contains("Запрос цены") && !exchange.contains("Нужен расчёт"), "only the plain request is a lead: \(exchange)")
        let bySender = Dictionary(uniqueKeysWithValues: listed.map { ($0["sender"] as? String ?? "", $0) })
        let anna = try #require(bySender["anna@client.ru"])
        let oleg = try #require(bySender["oleg@big.ru"])
        #expect((anna["reason"] as? String)?.hasPrefix("auto-reply: Auto-Submitted") == true, "\(anna)")
        #expect(anna["mailbox"] as? String == "sales" && (anna["original_bytes"] as? Int ?? 0) > 0, "\(anna)")
        #expect(oleg["mailbox"] as? String == "big" && oleg["original_bytes"] == nil, "not kept: \(oleg)")
        let annaID = try #require(anna["id"] as? Int)
        let olegID = try #require(oleg["id"] as? Int)

        // The table, and --since: a date before lists both, a date after none.
        let table = try await leadex.ctl(nil, "ignored")
        #expect(table.status == 0 && table.output.contains("anna@client.ru") && table.output.contains("(original not kept)"), "\(table)")
        #expect(try await leadex.ctl("lxhead", "ignored", "--since", "2020-01-01").output.contains("oleg@big.ru"))
        let tomorrow = ISO8601DateFormatter().string(from: Date().addingTimeInterval(86_400))
        let none = try await leadex.ctl("lxhead", "ignored", "--since", tomorrow, "--json")
        #expect(none.status == 0 && none.output.trimmingCharacters(in: .whitespacesAndNewlines) == "[]", "\(none)")
        #expect(try await leadex.ctl("lxhead", "ignored", "--since", "soon").status == 5, "an unreadable date is invalid")

        // A manager and QA may neither list nor restore.
        for user in ["lxivanov", "lxokk"] {
            let list = try await leadex.ctl(user, "ignored")
            #expect(list.status == 2 && list.error.contains("may not review ignored mail"), "\(user): \(list)")
            let restore = try await leadex.ctl(user, "restore-ignored", "\(annaID)")
            #expect(restore.status == 2 && restore.error.contains("may not restore ignored mail"), "\(user): \(restore)")
        }

        // The head restores Anna's mail: a lead like any mail lead, read again from the original.
        let restored = try await leadex.ctl("lxhead", "restore-ignored", "\(annaID)", "--json")
        #expect(restored.status == 0, "\(restored)")
        let reply = try #require(try JSONSerialization.jsonObject(with: Data(restored.output.utf8)) as? [String: Any])
        let lead = try #require(reply["lead_id"] as? Int)
        #expect(reply["outcome"] as? String == "lead" && reply["from_original"] as? Bool == true && reply["earlier"] as? Bool == false)
        let shown = try await leadex.ctl("lxhead", "show", "\(lead)")
        #expect(shown.status == 0, "\(shown)")
        // Sources, phones and history as people read them (the ids are in --json).
        for text in ["Нужен расчёт на 40 стульев", "Mailbox sales", "anna@client.ru", "+7 912 345-67-89", "Посчитайте, пожалуйста, 40 стульев",
                     "restored an ignored mail", "it had been ignored as: auto-reply: Auto-Submitted"] {
            #expect(shown.output.contains(text), "show has \(text): \(shown.output)")
        }
        // Twice makes one lead.
        let again = try await leadex.ctl(nil, "restore-ignored", "\(annaID)")
        #expect(again.status == 0 && again.output.contains("already restored by head") && again.output.contains("lead \(lead)"), "\(again)")
        let leads = try await leadex.ctl(nil, "exchange", "--json").output
        #expect(leads.components(separatedBy: "Нужен расчёт на 40 стульев").count == 2, "one lead: \(leads)")
        #expect(try await leadex.ctl(nil, "ignored").output.contains("lead \(lead) by head"))

        // An admin restores the mail whose original was not kept: a lead from its record, and it says so.
        let fromRecord = try await leadex.ctl(nil, "restore-ignored", "\(olegID)")
        #expect(fromRecord.status == 0 && fromRecord.output.contains("original was not kept"), "\(fromRecord)")
        #expect(try await leadex.ctl(nil, "exchange").output.contains("Тендер"))
        let missing = try await leadex.ctl(nil, "restore-ignored", "99999")
        #expect(missing.status == 3 && missing.error.contains("there is no ignored mail 99999"), "\(missing)")
        // What leadexctl never sends, the daemon refuses too: 422 with the reason, nothing written.
        for (method, path) in [("GET", "/v1/ignored?since=soon"), ("POST", "/v1/ignored/-1/restore"), ("POST", "/v1/ignored/99999999999999999999/restore"),
                               ("POST", "/v1/ignored/x/restore")] {
            let raw = try await ChildProcess.runDetached(
                executable: "/usr/bin/curl", arguments: ["-s", "-o", "/dev/stderr", "-w", "%{http_code}", "--unix-socket", leadex.socket, "-X", method, "http://leadexd\(path)"])
            #expect(raw.output == "422" && raw.error.contains("\"kind\":\"invalid\""), "\(method) \(path): \(raw)")
        }

        let log = await leadex.stop()
        let lines = log.split(separator: "\n")
        func logged(_ fields: String...) -> Bool { lines.contains { line in fields.allSatisfy { line.contains($0) } } }
        #expect(logged("ignored mail restored", "user=head", "lead_id=\(lead)", "action=restore-ignored"), "\(log)")
        #expect(logged("ignored mail restored", "user=admin", "mail_id=\(olegID)"))
        for user in ["ivanov", "okk"] {
            #expect(logged("refused", "rule=role", "user=\(user)", "action=ignored"))
            #expect(logged("refused", "rule=role", "user=\(user)", "action=restore-ignored"))
        }
    }
}
