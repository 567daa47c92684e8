import Foundation
import GRDB
import LeadexTesting
import Testing

/// What people type through leadexctl, and what others see of it: refused with a reason when it
/// would garble someone's terminal or is not what it claims to be; neutralised when it is already
/// stored (mail and forms bring their own).
@Suite(.serialized, .enabled(if: LocalAccounts.available, "creates Unix users with useradd: run as root (CI does)"))
struct ControlInputTests {
    static let controls = ["\u{1B}", "\u{07}", "\u{08}", "\r", "\u{9B}", "\u{7F}", "\0"]

    @Test func controlCharactersInNamesAndNotesAreRefusedAndNeverPrinted() async throws {
        let leadex = try await ControlDaemon.start()
        for (field, value) in [("--name", "Ив\u{1B}[2Jан"), ("--name", "bell\u{07}"), ("--name", "two\nlines"), ("--note", "x\u{1B}[H"), ("--note", "cr\rlf")] {
            let name = field == "--name" ? value : "Клиент"
            let arguments = ["add", "--name", name, "--phone", "+7 912 000-00-09"] + (field == "--note" ? ["--note", value] : [])
            let added = try await leadex.ctl("lxpetrov", arguments)
            #expect(added.status == 5 && added.error.contains("control character U+"), "\(field) \(value.debugDescription): \(added)")
            #expect(!Self.controls.contains { added.error.contains($0) }, "the refusal names the character, never prints it")
        }
        // Notes keep their lines; the title is the first.
        let multiline = try await leadex.ctl("lxpetrov", ["add", "--name", "Клиент", "--phone", "+7 912 000-00-10", "--note", "Нужен расчёт\nна 50 шт.\tсрочно", "--take", "--json"])
        #expect(multiline.status == 0 && multiline.output.contains("\"title\":\"Нужен расчёт\""), "\(multiline)")
        let id = try #require(multiline.output.firstMatch(of: /"id":(\d+)/).map { String($0.1) })
        for arguments in [["refuse", id, "--reason", "other", "--note", "ждёт\u{1B}[5m"], ["stage", id, "call\u{1B}"], ["remind", id, "--at", "tomorrow 10:00", "--note", "bell\u{07}"]] {
            let refused = try await leadex.ctl("lxpetrov", arguments)
            #expect(refused.status == 5 && refused.error.contains("U+001B") || refused.error.contains("U+0007"), "\(arguments): \(refused)")
        }

        // What is already stored (from mail, from an older version) is shown, not acted on.
        let ids = try await [leadex.addLead(name: "Старый", phone: "+7 912 000-00-11"), leadex.addLead(name: "Отказ", phone: "+7 912 000-00-12")]
        #expect(try await leadex.ctl("lxpetrov", "take", "\(ids[1])").status == 0)
        #expect(try await leadex.ctl("lxpetrov", "refuse", "\(ids[1])", "--reason", "other", "--note", "дорого").status == 0)
        let queue = try DatabaseQueue(path: leadex.database)
        try await queue.write { db in
            try db.execute(sql: "UPDATE lead SET title = ?, last_activity_at = '2026-12-01 09:00:00.001' WHERE id IN (?, ?)", arguments: ["Заявка\u{1B}[2J\u{1B}[H\r\u{07}\u{08}", ids[0], ids[1]])
            try db.execute(sql: "UPDATE lead SET reason_note = ? WHERE id = ?", arguments: ["дорого\u{1B}]0;pwned\u{07}", ids[1]])
            try db.execute(sql: "UPDATE contact SET name = ? WHERE id = (SELECT contact_id FROM lead WHERE id = ?)", arguments: ["Иван\u{1B}[31m\nПетров", ids[0]])
            try db.execute(
                sql: "INSERT INTO history (lead_id, at, actor, action, note) VALUES (?, '2026-12-01 10:00:00.000', NULL, 'note', ?)",
                arguments: [ids[0], "из письма\u{1B}[2K\r"])
        }
        for arguments in [["exchange"], ["contacts", "Иван"], ["refusals"], ["show", "\(ids[0])"], ["show", "\(ids[1])"]] {
            let user = arguments[0] == "refusals" ? "lxokk" : "lxpetrov"
            let shown = try await leadex.ctl(user, arguments)
            #expect(shown.status == 0 && shown.output.contains("␛"), "\(arguments): \(shown)")
            #expect(!Self.controls.contains { shown.output.contains($0) }, "\(arguments): \(shown.output.debugDescription)")
        }
        _ = await leadex.stop()
    }

    @Test func addressesArgumentsAndReminderTimesAreCheckedOneWayEverywhere() async throws {
        let leadex = try await ControlDaemon.start()
        for email in ["x@", "a@b@c", "a@b@c.ru", "@firm.ru", "a b@firm.ru", "a@firm"] {
            let added = try await leadex.ctl("lxpetrov", ["add", "--name", "Клиент", "--phone", "+7 912 000-00-20", "--email", email])
            #expect(added.status == 5 && added.error.contains("is not an email address"), "\(email): \(added)")
        }
        #expect(try await leadex.ctl("lxpetrov", ["add", "--name", "Клиент", "--phone", "+7 912 000-00-21", "--email", "Client@Firm.RU"]).status == 0)

        // Bytes that are not UTF-8 are refused before anything is sent, not turned into U+FFFD.
        let shell = "exec \"$0\" add --name \"$(printf 'Ив\\377ан')\" --phone '+7 912 000-00-22'"
        let invalid = try await ChildProcess.runDetached(
            executable: "/bin/sh", arguments: ["-c", shell, leadex.leadexctl], environment: ["LEADEX_SOCKET": leadex.socket])
        #expect(invalid.status == 64 && (invalid.error.contains("argument 3 is not valid UTF-8") || invalid.error.contains("аргумент 3 не в UTF-8")), "\(invalid)")
        #expect(try await leadex.ctl(nil, "contacts", "Ив").output.contains("\u{FFFD}") == false)
        // A count that cannot be one is a wrong argument, not a crash of leadexctl.
        let sheet = leadex.directory.file("few.csv")
        FileManager.default.createFile(atPath: sheet, contents: Data("Name;Phone\nА;8 912 000-00-30\nБ;нет\n".utf8))
        chmod(sheet, 0o644)
        let negative = try await leadex.ctl(nil, "import", sheet, "--dry-run", "--show=-1")
        #expect(negative.status == 64 && negative.error.contains("--show"), "\(negative)")

        // Reminders: not in the past, not more than five years ahead, zones without seconds read.
        let id = try await leadex.addLead(name: "Сидоров", phone: "+7 912 000-00-23")
        #expect(try await leadex.ctl("lxpetrov", "take", "\(id)").status == 0)
        let year = Calendar(identifier: .gregorian).component(.year, from: Date())
        for (at, reason) in [
            ("2020-01-01T10:00", "in the past"), ("0000-01-01T10:00Z", "cannot read the time"), ("1969-12-31T23:00:00Z", "in the past"),
            ("+999999d", "years ahead"), ("+6 years", "years ahead"), ("99999-01-01", "years ahead"), ("\(year + 6)-01-01T10:00+03:00", "years ahead"),
        ] {
            let set = try await leadex.ctl("lxpetrov", "remind", "\(id)", "--at", at, "--note", "перезвонить")
            #expect(set.status == 5 && set.error.contains(reason), "\(at): \(set)")
        }
        // The issue's case: a manager, through curl, with a year leadexctl would not even read.
        for at in ["0000-01-01T00:00:00Z", "-0001-06-01T00:00:00Z", "1900-01-01T00:00:00Z", "9999-12-31T23:59:59Z"] {
            let (executable, arguments) = LocalAccounts.command(
                as: "lxpetrov", "/usr/bin/curl",
                ["-s", "-w", "\n%{http_code}", "--unix-socket", leadex.socket, "-H", "Content-Type: application/json",
                 "-d", "{\"at\": \"\(at)\", \"note\": \"x\"}", "http://leadexd/v1/leads/\(id)/reminders"])
            let curl = try await ChildProcess.runDetached(executable: executable, arguments: arguments)
            #expect(curl.output.hasSuffix("\n422") || curl.output.hasSuffix("\n400"), "\(at): \(curl)")
            #expect(leadex.isRunning, "\(at) stopped the daemon: \(leadex.log.suffix(1000))")
        }
        #expect(leadex.isRunning)
        let zoned = try await leadex.ctl("lxpetrov", "remind", "\(id)", "--at", "\(year + 1)-12-20T15:00+03:00", "--note", "перезвонить", "--json")
        #expect(zoned.status == 0 && zoned.output.contains("\"due_at\":\"\(year + 1)-12-20T12:00:00Z\""), "\(zoned)")
        let shown = try await leadex.ctl("lxpetrov", "show", "\(id)")
        #expect(shown.output.components(separatedBy: "set a reminder").count == 2, "only the good reminder was stored: \(shown.output)")
        _ = await leadex.stop()
    }
}
