public import Foundation

/// Everything people read about the exchange, in the department's language and terms: titles
/// of stages, reasons, sources and actions instead of their ids, local times to the minute,
/// durations and phones as people write them. One place for the mails, the report and
/// `leadexctl`, so each says the same thing the same way. Ids stay in JSON.
public struct Wording: Sendable {
    public let language: TextLanguage
    public let times: LocalTimeText
    public let policy: ExchangePolicy
    /// Titles of mailboxes and forms by source (`form:site` → "Сайт: форма обратного звонка"):
    /// the policy's configured ones, and any given here; a source without one reads as its kind
    /// and name ("Форма site").
    public let sourceTitles: [String: String]

    public init(language: TextLanguage, zone: ZoneRules, policy: ExchangePolicy, sourceTitles: [String: String] = [:]) {
        self.language = language
        self.times = LocalTimeText(zone: zone, language: language)
        self.policy = policy
        self.sourceTitles = policy.sourceTitles.merging(sourceTitles) { _, given in given }
    }

    private var ru: Bool { language == .ru }

    public func time(_ date: Date, now: Date? = nil) -> String { times.format(date, now: now) }

    public func duration(_ seconds: TimeInterval) -> String { DurationText.spoken(seconds, language) }

    public func duration(_ duration: Duration) -> String { DurationText.spoken(duration, language) }

    public func phone(_ phone: PhoneNumber) -> String { phone.written }

    public func stage(_ id: StageID) -> String { policy.pipeline.stage(id)?.title ?? id.rawValue }

    /// A refusal or disqualification reason's title (the id when the config no longer lists it).
    public func reason(_ id: ReasonID) -> String {
        (policy.refusalReason(id) ?? policy.disqualifyReason(id))?.title ?? id.rawValue
    }

    /// A user's name (the login of someone no longer configured).
    public func user(_ login: UserLogin) -> String { policy.users[login]?.name ?? login.rawValue }

    /// "Сайт: форма обратного звонка", "Почта sales", "Вручную (Руководитель)", "Импорт clients.csv".
    public func source(_ source: LeadSource) -> String {
        if let title = sourceTitles[source.description] { return title }
        switch source.kind {
        case .mail: return (ru ? "Почта " : "Mailbox ") + source.name
        case .form: return (ru ? "Форма " : "Form ") + source.name
        case .manual: return (ru ? "Вручную (" : "Manual (") + user(UserLogin(rawValue: source.name)) + ")"
        case .import: return (ru ? "Импорт " : "Import ") + source.name
        }
    }

    /// What happened, as a phrase after the actor's name: "взял в работу", "перевёл на этап".
    public func action(_ action: HistoryAction) -> String {
        switch action {
        case .created: ru ? "заявка поступила" : "request received"
        case .taken: ru ? "взял в работу" : "took it"
        case .returned: ru ? "вернул на биржу" : "returned it to the exchange"
        case .kept: ru ? "отметил: держать до следующей чистки" : "marked it to keep through the next sweep"
        case .unkept: ru ? "снял отметку «держать»" : "removed the keep mark"
        case .stageChanged: ru ? "перевёл на этап" : "moved it to"
        case .refused: ru ? "условный отказ" : "conditional refusal"
        case .closedLost: ru ? "закрыл как проигранную" : "closed it as lost"
        case .reopened: ru ? "вернул в работу" : "reopened it"
        case .won: ru ? "сделка выиграна" : "won"
        case .disqualified: ru ? "дисквалифицировал" : "disqualified it"
        case .note: ru ? "заметка" : "note"
        case .mailReceived: ru ? "пришло письмо клиента" : "the client's mail arrived"
        case .reminderSet: ru ? "поставил напоминание" : "set a reminder"
        case .swept: ru ? "возвращена на биржу чисткой" : "returned to the exchange by the sweep"
        case .mailRestored: ru ? "восстановил пропущенное письмо" : "restored an ignored mail"
        case .reassigned: ru ? "передал сделку" : "reassigned it"
        case .amountSet: ru ? "сумма сделки" : "amount"
        }
    }

    /// One history line: "сегодня 10:04  Иван Иванов: перевёл на этап «Звонок»", "вчера 18:30
    /// Иван Иванов: условный отказ (Дорого) — позже".
    public func history(_ entry: HistoryEntry, now: Date? = nil) -> String {
        time(entry.at, now: now) + "  " + event(entry, now: now)
    }

    /// What a history line says, without its time: "Иван Иванов: условный отказ (Дорого) —
    /// позже". The notes Leadex itself writes in English for the journal's sake (a sweep's, a
    /// reminder's UTC due time) are reworded, not quoted.
    public func event(_ entry: HistoryEntry, now: Date? = nil) -> String {
        var text = entry.actor.map { user($0) + ": " } ?? ""
        text += action(entry.action)
        if let to = entry.toStage, entry.action != .created { text += " «\(stage(to))»" }
        if let reason = entry.reason { text += " (\(self.reason(reason)))" }
        var note = entry.note ?? ""
        // A known contact writing again may have brought a new phone, address or fuller name.
        let gains = [.created, .mailReceived, .mailRestored].contains(entry.action) ? ContactGains.gains(in: note) : nil
        switch entry.action {
        case .swept, .created:
            // Leadex's own words for the journal ("from form:site").
            note = ""
        case .mailRestored:
            // "ignored mail 12 restored (it was ignored as: REASON)…": the reason is what the
            // reader needs, to see whether the classifier erred.
            let first = note.split(separator: "\n", maxSplits: 1).first.map(String.init) ?? ""
            if let start = first.range(of: "(it was ignored as: "), let end = first.range(of: ")", options: .backwards),
                start.upperBound <= end.lowerBound
            {
                note = (ru ? "было пропущено как: " : "it had been ignored as: ") + first[start.upperBound..<end.lowerBound]
            } else {
                note = ""
            }
        case .mailReceived:
            // The store keeps "Subject: …" and the mail's text: the subject is what a line needs.
            let first = note.split(separator: "\n", maxSplits: 1).first.map(String.init) ?? ""
            note = first.hasPrefix("Subject: ") ? "«" + first.dropFirst(9) + "»" : first
        case .reminderSet:
            if let (due, rest) = Self.storedTimePrefix(note) {
                note = (ru ? "на " : "for ") + time(due, now: now) + (rest.isEmpty ? "" : ": " + rest)
            }
        case .reopened:
            // ExchangeRules appends "to the exchange" or "to LOGIN" to the reviewer's note.
            if let (rest, last) = Self.lastPart(note), last.hasPrefix("to ") {
                let target = last.dropFirst(3)
                text += target == "the exchange"
                    ? (ru ? " на биржу" : " to the exchange") : (ru ? ", ответственный " : " to ") + user(UserLogin(rawValue: String(target)))
                note = rest
            }
        case .returned:
            // The head returning someone's deal: ExchangeRules appends "returned from LOGIN".
            if let (rest, last) = Self.lastPart(note), last.hasPrefix("returned from ") {
                text += (ru ? " (ответственный " : " (from ") + user(UserLogin(rawValue: String(last.dropFirst(14)))) + ")"
                note = rest
            }
        case .amountSet:
            // ExchangeRules writes "150000.50" or "cleared", then "; was 100000.00".
            let parts = note.components(separatedBy: "; was ")
            if parts[0] == "cleared" {
                text += ru ? " убрана" : " cleared"
            } else if let amount = DealAmount.canonical(parts[0]) {
                text += " " + money(amount.kopecks)
            }
            if parts.count > 1, let was = DealAmount.canonical(parts[1]) { text += (ru ? " (было " : " (was ") + money(was.kopecks) + ")" }
            note = ""
        case .reassigned:
            // ExchangeRules appends "from LOGIN to LOGIN" (or "to the exchange") to the head's note.
            if let (rest, last) = Self.lastPart(note), last.hasPrefix("from "), let to = last.range(of: " to ") {
                let from = user(UserLogin(rawValue: String(last[last.index(last.startIndex, offsetBy: 5)..<to.lowerBound])))
                let target = last[to.upperBound...]
                text += ": " + from + " → "
                    + (target == "the exchange" ? (ru ? "биржа" : "the exchange") : user(UserLogin(rawValue: String(target))))
                note = rest
            }
        default:
            break
        }
        note = Self.oneLine(note, limit: Self.noteLimit)
        if !note.isEmpty { text += " — " + note }
        if let gains, !gains.isEmpty { text += "; " + self.gains(gains) }
        return text
    }

    /// "150 000 ₽", "150 000,50 ₽" (English: "150,000.50 ₽"): a sum in roubles, kopecks only
    /// when there are any.
    public func money(_ kopecks: Int64) -> String { MoneyText.written(kopecks, language) }

    /// "контакт дополнен: телефон +7 916 000-00-02, имя Иван Петров (было: Иван)".
    func gains(_ gains: [ContactGains.Gain]) -> String {
        let parts = gains.map { gain -> String in
            let kind: String =
                switch gain.kind {
                case .phone: ru ? "телефон" : "phone"
                case .email: ru ? "почта" : "email"
                case .name: ru ? "имя" : "name"
                case .company: ru ? "компания" : "company"
                }
            let value = gain.kind == .phone ? PhoneNumber(gain.value).map(phone) ?? gain.value : Self.oneLine(gain.value, limit: 80)
            return kind + " " + value + (gain.was.map { (ru ? " (было: " : " (was: ") + Self.oneLine($0, limit: 80) + ")" } ?? "")
        }
        return (ru ? "контакт дополнен: " : "contact gained: ") + parts.joined(separator: ", ")
    }

    /// How much of a note a history line shows; the deal's page shows the rest.
    public static let noteLimit = 160

    /// `text` on one line (line breaks and other control characters as spaces, runs of spaces
    /// as one), cut to `limit` characters with "…".
    public static func oneLine(_ text: String, limit: Int) -> String {
        var result = ""
        var pendingSpace = false
        var count = 0
        for character in text {
            let blank = character.isWhitespace || character.unicodeScalars.allSatisfy { $0.properties.generalCategory == .control }
            if blank {
                pendingSpace = !result.isEmpty
                continue
            }
            if pendingSpace {
                result.append(" ")
                count += 1
                pendingSpace = false
            }
            guard count < limit else { return result + "…" }
            result.append(character)
            count += 1
        }
        return result
    }

    /// A note's last "; "-separated part and what precedes it.
    static func lastPart(_ note: String) -> (String, Substring)? {
        guard !note.isEmpty else { return nil }
        guard let range = note.range(of: "; ", options: .backwards) else { return ("", note[...]) }
        return (String(note[..<range.lowerBound]), note[range.upperBound...])
    }

    /// The store writes a reminder's history note as `2026-12-08 07:00:00.000 UTC: note`: the due
    /// instant and the note, or `nil` when `note` does not start that way.
    public static func storedTimePrefix(_ note: String) -> (Date, String)? {
        let bytes = Array(note.utf8.prefix(29))
        let marker = Array(" UTC: ".utf8)
        guard bytes.count >= 29, Array(bytes[23..<29]) == marker else { return nil }
        func number(_ range: Range<Int>) -> Int? {
            var value = 0
            for byte in bytes[range] {
                guard (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) else { return nil }
                value = value * 10 + Int(byte - UInt8(ascii: "0"))
            }
            return value
        }
        guard let year = number(0..<4), let month = number(5..<7), let day = number(8..<10), let hour = number(11..<13),
            let minute = number(14..<16), let second = number(17..<19), (1...12).contains(month), (1...31).contains(day),
            hour < 24, minute < 60, second < 61
        else { return nil }
        let local = CivilTime(year: year, month: month, day: day, hour: hour, minute: minute, second: second).localSeconds
        return (Date(timeIntervalSince1970: TimeInterval(local)), String(note.utf8.dropFirst(29)) ?? "")
    }
}
