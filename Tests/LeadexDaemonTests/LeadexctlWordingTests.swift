import Foundation
import GRDB
import LeadexTesting
import Testing

/// What leadexctl prints, whole, in the department's language: the real leadexd configured
/// `language = "ru"` or `"en"` and the real leadexctl run as the test's Unix users. Times and
/// ages depend on when the test runs, so they are masked before comparing.
@Suite(.serialized, .enabled(if: LocalAccounts.available, "creates Unix users with useradd: run as root (CI does)"))
struct LeadexctlWordingTests {
    /// Clock times and ages as placeholders: "сегодня 10:04" → "сегодня HH:MM", "0 мин" → "N мин".
    static func masked(_ text: String) -> String {
        text.replacingOccurrences(of: #"\d\d:\d\d"#, with: "HH:MM", options: .regularExpression)
            .replacingOccurrences(of: #"\b\d+ (мин|min)\b"#, with: "N $1", options: .regularExpression)
    }

    /// Leads with a long title, a wide one (CJK and emoji) and a plain one, taken by ivanov.
    static func leads(_ leadex: ControlDaemon) async throws -> (long: Int64, wide: Int64, plain: Int64) {
        func add(_ name: String, _ phone: String, _ note: String) async throws -> Int64 {
            let result = try await leadex.ctl(nil, "add", "--name", name, "--phone", phone, "--note", note, "--json")
            guard let id = result.output.firstMatch(of: /"id":(\d+)/).flatMap({ Int64($0.1) }) else { throw TestFailure("add: \(result)") }
            return id
        }
        let long = try await add("Сидоров", "8 (912) 000-00-01", String(repeating: "Очень длинная заявка ", count: 500))
        let wide = try await add("王小明", "+7 912 000 00 02", "报价请求 🚀 срочно")
        let plain = try await add("Козлова", "+7 (495) 000-00-03", "Счёт на 10 мест")
        return (long, wide, plain)
    }

    @Test func russianByDefaultEverywhereAPersonReads() async throws {
        let leadex = try await ControlDaemon.start(language: "ru")
        let (long, wide, plain) = try await Self.leads(leadex)

        // The exchange: Russian headers, local times and ages, the long title cut with "…" to
        // the width, CJK and emoji counted as two columns so the columns after them line up.
        let exchange = try await leadex.ctl("lxpetrov", ["exchange"], columns: 100)
        #expect(exchange.status == 0)
        let lines = exchange.output.split(separator: "\n").map(String.init)
        let header = lines.first?.split(separator: "  ").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        #expect(header == ["ID", "ЖДЁТ", "КЛИЕНТ", "КОМПАНИЯ", "ТЕЛЕФОН", "ИСТОЧНИК", "ЗАЯВКА"], "\(exchange.output)")
        #expect(lines.allSatisfy { DisplayColumns.of($0) <= 100 }, "cut to the terminal: \(exchange.output)")
        let longLine = try #require(lines.first { $0.hasPrefix("\(long) ") })
        #expect(longLine.hasSuffix("…") && longLine.contains("Очень длинная"))
        #expect(longLine.contains("Сидоров") && longLine.contains("+7 912 000-00-01") && longLine.contains("Вручную (Администратор)"), "\(longLine)")
        let wideLine = try #require(lines.first { $0.hasPrefix("\(wide) ") })
        let plainLine = try #require(lines.first { $0.hasPrefix("\(plain) ") })
        // The title column starts at the same display column on every row.
        let titleColumn = { (line: String, title: String) in DisplayColumns.of(String(line[..<line.range(of: title)!.lowerBound])) }
        #expect(titleColumn(wideLine, "报价请求") == titleColumn(plainLine, "Счёт на 10 мест"), "\(exchange.output)")

        // Filters that keep a list of 200 usable.
        let newestOne = try await leadex.ctl("lxpetrov", ["exchange", "--limit", "1", "--newest"], columns: 100)
        #expect(newestOne.output.hasPrefix("ID") && newestOne.output.contains("\n\(plain) ") && newestOne.output.hasSuffix("Показано 1 из 3.\n"), "\(newestOne)")
        let oldestOne = try await leadex.ctl("lxpetrov", ["exchange", "--limit", "1"], columns: 100)
        #expect(oldestOne.output.contains("\n\(long) ") && !oldestOne.output.contains("\n\(plain) "), "\(oldestOne)")
        #expect(try await leadex.ctl("lxpetrov", "exchange", "--source", "manual").output.contains("\n\(wide) "))
        #expect(try await leadex.ctl("lxpetrov", "exchange", "--source", "form").output == "Таких заявок на бирже нет.\n")
        #expect(try await leadex.ctl("lxpetrov", "exchange", "--older-than", "2h").output == "Таких заявок на бирже нет.\n")
        let badAge = try await leadex.ctl("lxpetrov", "exchange", "--older-than", "давно")
        #expect(badAge.status != 0 && badAge.error.contains("--older-than: например 30m, 2h, 3d, 1w"), "\(badAge)")
        // A phone search on too few digits says so instead of finding nothing.
        let short = try await leadex.ctl("lxpetrov", "contacts", "91")
        #expect(short.status == 5 && short.error == "leadexctl: для поиска по телефону нужно не меньше 4 цифр (здесь 2)\n", "\(short)")
        let found = try await leadex.ctl("lxpetrov", "contacts", "0003")
        #expect(found.output.contains("Козлова") && found.output.contains("+7 495 000-00-03") && found.output.contains("на бирже"), "\(found)")

        // A request the daemon cannot take, said in Russian; the phone echoed as typed.
        let badPhone = try await leadex.ctl("lxpetrov", "add", "--name", "X", "--phone", "12")
        #expect(badPhone.status == 5 && badPhone.error.hasPrefix("leadexctl: «12» — не номер телефона"), "\(badPhone)")

        let escape = try await leadex.ctl("lxpetrov", "add", "--name", "X\u{1b}[2J", "--phone", "+7 912 000 00 09")
        #expect(escape.status == 5 && escape.error == "leadexctl: Имя содержит управляющий символ U+001B: он испортит другим терминал\n", "\(escape)")

        // A refusal by the rules, in Russian, naming the person; the exit status as before.
        #expect(try await leadex.ctl("lxivanov", "take", "\(plain)").output == "Заявка \(plain) ваша: Счёт на 10 мест\n")
        let grab = try await leadex.ctl("lxpetrov", "take", "\(plain)")
        #expect(grab.status == 4 && grab.error == "leadexctl: Сделка \(plain) уже взята: Иван Иванов\n", "\(grab)")
        let peek = try await leadex.ctl("lxpetrov", "show", "\(plain)")
        #expect(peek.status == 2 && peek.error.contains("не ваша: менеджер видит только биржу и свои сделки"), "\(peek)")
        let stage = try await leadex.ctl("lxivanov", "stage", "\(plain)", "nowhere")
        #expect(stage.status == 5 && stage.error.contains("В воронке нет этапа «nowhere»"), "\(stage)")

        // Reminder phrases people type; an unreadable one lists what works; control characters
        // in what is echoed back never reach the terminal.
        for phrase in ["завтра в 10:00", "+3 часа", "через 2 часа", "+1 неделя", "+2 месяца", "в понедельник 10:00", "10:00"] {
            let set = try await leadex.ctl("lxivanov", "remind", "\(plain)", "--at", phrase, "--note", "перезвонить")
            #expect(set.status == 0 && set.output.hasPrefix("Напоминание "), "\(phrase): \(set)")
        }
        let unreadable = try await leadex.ctl("lxivanov", "remind", "\(plain)", "--at", "когда-нибудь\u{1b}[2J", "--note", "x")
        #expect(unreadable.status == 5, "\(unreadable)")
        #expect(unreadable.error.contains("не понял время «когда-нибудь") && unreadable.error.contains("\"завтра в 10:00\", \"в понедельник 10:00\""))
        #expect(!unreadable.error.contains("\u{1b}"), "the escape is neutralised")

        // The deal: Russian labels, the phone as people write it, history by titles and names.
        #expect(try await leadex.ctl("lxivanov", "stage", "\(plain)", "call").status == 0)
        let show = try await leadex.ctl("lxivanov", "show", "\(plain)")
        #expect(show.status == 0)
        let shown = Self.masked(show.output)
        for line in [
            "Заявка \(plain): Счёт на 10 мест",
            "  статус:   в работе (Иван Иванов)",
            "  источник: Вручную (Администратор), сегодня HH:MM (N мин назад)",
            "  клиент:   Козлова (контакт",
            "            +7 495 000-00-03",
            "Напоминания:",
            "История:",
            "  сегодня HH:MM  Иван Иванов: взял в работу",
            "  сегодня HH:MM  Иван Иванов: перевёл на этап «Звонок»",
        ] {
            #expect(shown.contains(line), "show has \(line):\n\(shown)")
        }
        #expect(!show.output.contains("taken") && !show.output.contains("+74950000003"), "ids stay in --json")
        #expect(try await leadex.ctl("lxivanov", "show", "\(plain)", "--json").output.contains("\"action\":\"stage_changed\""))

        // Who is not a user, and who may not open the socket at all.
        let stranger = try await leadex.ctl("lxstranger", "exchange")
        #expect(stranger.status == 2 && stranger.error.contains("Пользователь Unix «lxstranger» не зарегистрирован в Leadex"), "\(stranger)")
        let outsider = try await leadex.ctl("lxoutsider", "exchange")
        #expect(outsider.status == 6, "\(outsider)")
        #expect(outsider.error.contains("попросите администратора") && outsider.error.contains("usermod -aG lxtest lxoutsider"), "\(outsider)")
        #expect(!outsider.error.contains("curl"), "\(outsider)")

        // A refusal reviewed by QA: the reason by its title, the manager by name.
        #expect(try await leadex.ctl("lxivanov", "refuse", "\(long)", "--reason", "expensive").status == 2, "on the exchange: not his")
        #expect(try await leadex.ctl("lxivanov", "take", "\(long)").status == 0)
        #expect(try await leadex.ctl("lxivanov", "refuse", "\(long)", "--reason", "expensive", "--note", "дорого").status == 0)
        let refusals = try await leadex.ctl("lxokk", "refusals")
        #expect(refusals.output.hasPrefix("ID  МЕНЕДЖЕР     ПРИЧИНА  ЖДЁТ   КОММЕНТАРИЙ  ЗАЯВКА\n"), "\(refusals)")
        #expect(refusals.output.contains("\(long)   Иван Иванов  Дорого   "), "\(refusals)")

        // mine: a reminder fallen due with nothing done since puts its deal first, whatever its age.
        #expect(try await leadex.ctl("lxivanov", "take", "\(wide)").status == 0)
        let before = try await leadex.ctl("lxivanov", "mine").output.split(separator: "\n").dropFirst().map { $0.prefix(while: { $0 != " " }) }
        #expect(before == ["\(long)", "\(wide)", "\(plain)"], "the longest in its stage first")
        try await DatabaseQueue(path: leadex.database).write { db in
            try db.execute(sql: "UPDATE reminder SET due_at = '2026-01-02 09:00:00.000' WHERE lead_id = ?", arguments: [plain])
            try db.execute(sql: "UPDATE lead SET last_activity_at = '2026-01-01 09:00:00.000' WHERE id = ?", arguments: [plain])
        }
        let mine = try await leadex.ctl("lxivanov", "mine")
        let after = mine.output.split(separator: "\n").dropFirst().map { $0.prefix(while: { $0 != " " }) }
        #expect(after == ["\(plain)", "\(long)", "\(wide)"], "\(mine)")
        #expect(mine.output.contains("в работе (Иван Иванов), просрочено напоминаний: 7 !"), "\(mine)")

        // mine: by stage, id or title.
        #expect(try await leadex.ctl("lxivanov", "mine", "--stage", "call").output.contains("\n\(plain) "))
        #expect(try await leadex.ctl("lxivanov", "mine", "--stage", "Звонок").output.contains("\n\(plain) "))
        let fresh = try await leadex.ctl("lxivanov", "mine", "--stage", "new").output
        #expect(fresh.contains("\n\(long) ") && !fresh.contains("\n\(plain) "), "the refused deal is still in its stage: \(fresh)")
        #expect(try await leadex.ctl("lxivanov", "mine", "--stage", "meeting").output == "Открытых сделок нет.\n")

        // The team's tables.
        let users = try await leadex.ctl("lxokk", "users")
        #expect(users.output.hasPrefix("ЛОГИН    ИМЯ            РОЛЬ           В РАБОТЕ  ЛИМИТ  ЗАГРУЗКА  ОТКАЗЫ\n"), "\(users)")
        #expect(users.output.contains("\nivanov   Иван Иванов    менеджер       2         100    2%        1\n"), "\(users)")
        let status = try await leadex.ctl("lxokk", "status")
        #expect(status.output.hasPrefix("Время: Europe/Moscow\nЗАДАЧА") && status.output.contains("Исходящие письма:"), "\(status)")
        // The last backup, as the admin's status page shows it too.
        #expect(status.output.contains("\nРезервных копий ещё нет.\n") || status.output.hasSuffix("\nРезервных копий ещё нет."), "\(status)")
        #expect(try await leadex.ctl("lxokk", "report", "funnel").output.contains("ЭТАП"))
        _ = await leadex.stop()
    }

    @Test func englishWhenConfiguredSo() async throws {
        let leadex = try await ControlDaemon.start(language: "en")
        let (_, wide, plain) = try await Self.leads(leadex)
        let exchange = try await leadex.ctl("lxpetrov", ["exchange"], columns: 80)
        #expect(exchange.output.hasPrefix("ID  AGE    CLIENT   COMPANY  PHONE"), "\(exchange)")
        #expect(exchange.output.split(separator: "\n").allSatisfy { DisplayColumns.of(String($0)) <= 80 }, "\(exchange.output)")
        #expect(exchange.output.contains("Manual (Администратор)") && exchange.output.contains("报价请求"))
        #expect(try await leadex.ctl("lxivanov", "take", "\(plain)").status == 0)
        let grab = try await leadex.ctl("lxpetrov", "take", "\(plain)")
        #expect(grab.error == "leadexctl: deal \(plain) is already taken by ivanov\n", "\(grab)")
        let shown = Self.masked(try await leadex.ctl("lxivanov", "show", "\(plain)").output)
        for line in ["  status:   being worked (Иван Иванов)", "            +7 495 000-00-03", "History:", "  today HH:MM  Иван Иванов: took it"] {
            #expect(shown.contains(line), "show has \(line):\n\(shown)")
        }
        let short = try await leadex.ctl("lxpetrov", "contacts", "12")
        #expect(short.error == "leadexctl: a phone search needs at least 4 digits (this one has 2)\n", "\(short)")
        let unreadable = try await leadex.ctl("lxivanov", "remind", "\(plain)", "--at", "someday", "--note", "x")
        #expect(unreadable.error.contains("cannot read the time 'someday'; these work: 2026-12-01T10:00"), "\(unreadable)")
        // Never reaching the daemon, leadexctl cannot learn the language: Russian, the default.
        let outsider = try await leadex.ctl("lxoutsider", "exchange")
        #expect(outsider.error.contains("попросите администратора добавить его в группу lxtest (usermod -aG lxtest lxoutsider)"), "\(outsider)")
        #expect(try await leadex.ctl("lxpetrov", "show", "\(wide)").status == 0)
        _ = await leadex.stop()
    }
}

/// Terminal columns, counted independently of leadexctl's own code: East Asian wide characters
/// and emoji take two.
enum DisplayColumns {
    static func of(_ text: String) -> Int {
        text.reduce(0) { total, character in
            let wide = character.unicodeScalars.contains { scalar in
                scalar.properties.isEmojiPresentation || (0x4E00...0x9FFF).contains(scalar.value) || (0x3000...0x303F).contains(scalar.value)
            }
            return total + (wide ? 2 : 1)
        }
    }
}
