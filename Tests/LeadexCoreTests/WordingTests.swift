import Foundation
import LeadexCore
import LeadexTesting
import Testing

@Suite("What people read: local times, durations, phones and titles in both languages")
struct WordingTests {
    static let moscow = ZoneRules(TimeZone(identifier: "Europe/Moscow")!)

    /// A wall-clock time in Moscow (UTC+3 all year).
    static func at(_ y: Int, _ m: Int, _ d: Int, _ h: Int, _ min: Int, _ s: Int = 0) -> Date {
        Date(timeIntervalSince1970: TimeInterval(CivilTime(year: y, month: m, day: d, hour: h, minute: min, second: s).localSeconds - 3 * 3600))
    }

    static func wording(_ language: TextLanguage) -> Wording {
        Wording(
            language: language, zone: moscow, policy: SamplePolicy.make(),
            sourceTitles: ["form:callback": "Сайт: форма обратного звонка"])
    }

    @Test("local times to the minute, today and yesterday by the local calendar, not UTC's")
    func localTimes() {
        let ru = LocalTimeText(zone: Self.moscow, language: .ru)
        let en = LocalTimeText(zone: Self.moscow, language: .en)
        let now = Self.at(2026, 12, 8, 0, 30)
        // 00:10 Moscow is the previous day in UTC: still "today" here.
        #expect(ru.format(Self.at(2026, 12, 8, 0, 10, 59), now: now) == "сегодня 00:10")
        #expect(ru.format(Self.at(2026, 12, 7, 18, 30), now: now) == "вчера 18:30")
        #expect(ru.format(Self.at(2026, 12, 6, 23, 59), now: now) == "6 дек, 23:59")
        #expect(ru.format(Self.at(2026, 5, 8, 10, 4), now: now) == "8 мая, 10:04")
        #expect(ru.format(Self.at(2025, 12, 8, 10, 4), now: now) == "8 дек 2025, 10:04")
        #expect(ru.format(Self.at(2026, 12, 8, 10, 4)) == "8 дек 2026, 10:04")
        #expect(en.format(Self.at(2026, 12, 8, 0, 10), now: now) == "today 00:10")
        #expect(en.format(Self.at(2026, 12, 7, 18, 30), now: now) == "yesterday 18:30")
        #expect(en.format(Self.at(2026, 1, 8, 9, 5), now: now) == "8 Jan, 09:05")
        #expect(en.format(Self.at(2025, 12, 8, 10, 4), now: now) == "8 Dec 2025, 10:04")
        // A report's week: the last day is the one before midnight.
        #expect(ru.period(since: Self.at(2026, 11, 30, 0, 0), until: Self.at(2026, 12, 7, 0, 0)) == "30 ноя – 6 дек 2026")
        #expect(en.period(since: Self.at(2025, 12, 29, 0, 0), until: Self.at(2026, 1, 5, 0, 0)) == "29 Dec 2025 – 4 Jan 2026")
        // The default schedule's week, Monday 08:00 to Monday 08:00: both ends with their time.
        #expect(ru.period(since: Self.at(2026, 11, 30, 8, 0), until: Self.at(2026, 12, 7, 8, 0)) == "30 ноя, 08:00 – 7 дек 2026, 08:00")
    }

    @Test("durations as people say them; negative and non-finite read as zero instead of trapping")
    func durations() {
        let cases: [(TimeInterval, String, String)] = [
            (0, "0 мин", "0 min"),
            (29, "0 мин", "0 min"),
            (25 * 60, "25 мин", "25 min"),
            (3600, "1 ч", "1 h"),
            (6 * 3600 + 13 * 60, "6 ч 13 мин", "6 h 13 min"),
            (373 * 60, "6 ч 13 мин", "6 h 13 min"),
            (2 * 86_400 + 3600 + 59 * 60, "2 д 1 ч", "2 d 1 h"),
            (86_400, "1 д", "1 d"),
            (-500, "0 мин", "0 min"),
            (.nan, "0 мин", "0 min"),
            (.infinity, "0 мин", "0 min"),
            (1e300, "11574074 д 1 ч", "11574074 d 1 h"),
        ]
        for (seconds, ru, en) in cases {
            #expect(DurationText.spoken(seconds, .ru) == ru, "\(seconds)")
            #expect(DurationText.spoken(seconds, .en) == en, "\(seconds)")
        }
        #expect(DurationText.spoken(Duration.seconds(5 * 86_400), .ru) == "5 д")
    }

    @Test("phones as people write them; what Leadex cannot group stays as stored")
    func phones() {
        #expect(PhoneNumber("89161000404")?.written == "+7 916 100-04-04")
        #expect(PhoneNumber("8 800 555 35 35")?.written == "+7 800 555-35-35")
        #expect(PhoneNumber("+375291234567")?.written == "+375 29 123-45-67")
        #expect(PhoneNumber("+380441234567")?.written == "+380 44 123-45-67")
        #expect(PhoneNumber("+4930123456")?.written == "+4930123456")
        #expect(PhoneNumber(trustedE164: "garbage").written == "garbage")
        #expect(PhoneNumber(trustedE164: "+7").written == "+7")
    }

    @Test("titles instead of ids: stages, reasons, sources, users; unknown ids shown as they are")
    func titles() {
        let ru = Self.wording(.ru)
        let en = Self.wording(.en)
        #expect(ru.stage("call") == "Звонок")
        #expect(ru.stage("gone") == "gone")
        #expect(ru.reason("expensive") == "Дорого")
        #expect(ru.reason("spam") == "Спам")
        #expect(ru.reason("retired") == "retired")
        #expect(ru.source(LeadSource(kind: .form, name: "callback")) == "Сайт: форма обратного звонка")
        #expect(ru.source(LeadSource(kind: .manual, name: "head")) == "Вручную (Руководитель)")
        #expect(en.source(LeadSource(kind: .manual, name: "head")) == "Manual (Руководитель)")
        #expect(ru.source(LeadSource(kind: .mail, name: "sales")) == "Почта sales")
        #expect(en.source(LeadSource(kind: .mail, name: "sales")) == "Mailbox sales")
        #expect(ru.source(LeadSource(kind: .import, name: "clients.csv")) == "Импорт clients.csv")
        #expect(ru.action(.taken) == "взял в работу")
        #expect(en.action(.taken) == "took it")
        for action in HistoryAction.allCases {
            #expect(!ru.action(action).contains("_"), "\(action)")
            #expect(ru.action(action) != en.action(action), "\(action)")
        }
    }

    @Test("history lines: local time, the actor's name, titles; Leadex's own English notes reworded")
    func historyLines() {
        let ru = Self.wording(.ru)
        let en = Self.wording(.en)
        let now = Self.at(2026, 12, 8, 12, 0)
        let lead = LeadID(7)
        let moved = HistoryEntry(leadID: lead, at: Self.at(2026, 12, 8, 10, 4, 31), actor: SamplePolicy.ivanov, action: .stageChanged, fromStage: "new", toStage: "call")
        #expect(ru.history(moved, now: now) == "сегодня 10:04  Иван Иванов: перевёл на этап «Звонок»")
        #expect(en.history(moved, now: now) == "today 10:04  Иван Иванов: moved it to «Звонок»")
        let refused = HistoryEntry(leadID: lead, at: Self.at(2026, 12, 7, 18, 30), actor: SamplePolicy.ivanov, action: .refused, reason: "expensive", note: "вернуться весной")
        #expect(ru.history(refused, now: now) == "вчера 18:30  Иван Иванов: условный отказ (Дорого) — вернуться весной")
        // 07:00 UTC is 10:00 in Moscow.
        let reminder = HistoryEntry(leadID: lead, at: Self.at(2026, 12, 1, 9, 0), actor: SamplePolicy.ivanov, action: .reminderSet, note: "2026-12-09 07:00:00.000 UTC: обсудить КП")
        #expect(ru.history(reminder, now: now) == "1 дек, 09:00  Иван Иванов: поставил напоминание — на 9 дек, 10:00: обсудить КП")
        #expect(en.history(reminder, now: now) == "1 Dec, 09:00  Иван Иванов: set a reminder — for 9 Dec, 10:00: обсудить КП")
        let odd = HistoryEntry(leadID: lead, at: Self.at(2026, 12, 1, 9, 0), actor: nil, action: .reminderSet, note: "2026-1x-09 07:00:00.000 UTC: x")
        #expect(ru.history(odd, now: now) == "1 дек, 09:00  поставил напоминание — 2026-1x-09 07:00:00.000 UTC: x")
        let swept = HistoryEntry(leadID: lead, at: Self.at(2026, 12, 8, 3, 0), actor: nil, action: .swept, note: "returned from ivanov: no activity for 15 days")
        #expect(ru.history(swept, now: now) == "сегодня 03:00  возвращена на биржу чисткой")
        let created = HistoryEntry(leadID: lead, at: Self.at(2026, 12, 8, 9, 0), actor: nil, action: .created, toStage: "new", note: "from form:site")
        #expect(ru.history(created, now: now) == "сегодня 09:00  заявка поступила")
        let reopened = HistoryEntry(leadID: lead, at: Self.at(2026, 12, 8, 9, 0), actor: SamplePolicy.qa, action: .reopened, note: "клиент передумал; to the exchange")
        #expect(ru.event(reopened) == "Ольга ОКК: вернул в работу на биржу — клиент передумал")
        #expect(en.event(reopened) == "Ольга ОКК: reopened it to the exchange — клиент передумал")
        let handed = HistoryEntry(leadID: lead, at: Self.at(2026, 12, 8, 9, 0), actor: SamplePolicy.qa, action: .reopened, note: "to petrov")
        #expect(ru.event(handed) == "Ольга ОКК: вернул в работу, ответственный Пётр Петров")
        let returned = HistoryEntry(leadID: lead, at: Self.at(2026, 12, 8, 9, 0), actor: SamplePolicy.head, action: .returned, note: "returned from ivanov")
        #expect(ru.event(returned) == "Руководитель: вернул на биржу (ответственный Иван Иванов)")
        let own = HistoryEntry(leadID: lead, at: Self.at(2026, 12, 8, 9, 0), actor: SamplePolicy.ivanov, action: .returned, note: "не мой профиль")
        #expect(ru.event(own) == "Иван Иванов: вернул на биржу — не мой профиль")
        // A client's mail: its subject, not its whole text; long or multi-line notes on one line, cut.
        let mail = HistoryEntry(leadID: lead, at: Self.at(2026, 12, 8, 9, 0), actor: nil, action: .mailReceived, note: "Subject: Re: КП\nДобрый день,\nпришлите счёт")
        #expect(ru.event(mail) == "пришло письмо клиента — «Re: КП»")
        let restored = HistoryEntry(leadID: lead, at: Self.at(2026, 12, 8, 9, 0), actor: SamplePolicy.admin, action: .mailRestored, note: "ignored mail 3 restored (it was ignored as: bounce)")
        #expect(en.event(restored) == "Администратор: restored an ignored mail — it had been ignored as: bounce")
        #expect(ru.event(restored) == "Администратор: восстановил пропущенное письмо — было пропущено как: bounce")
        let long = HistoryEntry(leadID: lead, at: Self.at(2026, 12, 8, 9, 0), actor: SamplePolicy.ivanov, action: .note, note: "строка\r\n\u{1}вторая\t" + String(repeating: "я", count: 10_000))
        let line = ru.event(long)
        #expect(line.hasPrefix("Иван Иванов: заметка — строка вторая яяя"))
        #expect(line.hasSuffix("я…"))
        #expect(!line.contains("\n") && !line.contains("\u{1}"))
        #expect(line.count == "Иван Иванов: заметка — ".count + Wording.noteLimit + 1)
        #expect(Wording.oneLine("  \n ", limit: 5) == "")
        #expect(Wording.oneLine("абвгд", limit: 5) == "абвгд")
        #expect(Wording.oneLine("абвгде", limit: 5) == "абвгд…")
    }

    @Test func aKnownContactsGainsAreSaidInItsHistoryLine() {
        let (ru, en) = (Self.wording(.ru), Self.wording(.en))
        let lead = LeadID(1)
        let gained = ContactGains.line([
            .init(.phone, "+79160000002"), .init(.name, "Иван Петров", was: "Иван"), .init(.email, "ivan@firm.ru"), .init(.company, "ООО Вектор"),
        ])
        let mail = HistoryEntry(leadID: lead, at: Self.at(2026, 12, 8, 9, 0), actor: nil, action: .mailReceived, note: "Subject: Заказ\nТекст\n\n" + gained)
        #expect(ru.event(mail) == "пришло письмо клиента — «Заказ»; контакт дополнен: телефон \(PhoneNumber(trustedE164: "+79160000002").written), имя Иван Петров (было: Иван), почта ivan@firm.ru, компания ООО Вектор")
        #expect(en.event(mail).hasSuffix("; contact gained: phone \(PhoneNumber(trustedE164: "+79160000002").written), name Иван Петров (was: Иван), email ivan@firm.ru, company ООО Вектор"))
        let created = HistoryEntry(leadID: lead, at: Self.at(2026, 12, 8, 9, 0), actor: nil, action: .created, toStage: "new", note: "from mail:sales\n" + ContactGains.line([.init(.phone, "+79160000002")]))
        #expect(ru.event(created).hasSuffix("; контакт дополнен: телефон \(PhoneNumber(trustedE164: "+79160000002").written)"))
        #expect(ContactGains.gains(in: "Subject: x\nтекст") == nil)
    }
}
