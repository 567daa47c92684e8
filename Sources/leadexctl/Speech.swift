import Foundation
import LeadexControlAPI
import LeadexCore

/// The language and clocks of what leadexctl prints: those the daemon's replies name
/// (`Content-Language`, `Leadex-Time-Zone`, from the configured `language` and `timezone`);
/// before any reply (arguments, the socket cannot be reached), ``InstallLanguage``'s.
struct Speech {
    var language: TextLanguage = InstallLanguage.current
    var zone = ZoneRules(TimeZone.current)
    var now = Date()

    /// "Europe/Moscow": the zone the times are in.
    var zoneName: String { zone.timeZone.identifier }

    /// The Russian text or the English one.
    func say(_ ru: String, _ en: String) -> String { language == .ru ? ru : en }

    /// "сегодня 10:04", "8 дек, 10:04": local, to the minute.
    func time(_ date: Date) -> String { LocalTimeText(zone: zone, language: language).format(date, now: now) }

    /// "2 д 1 ч": how long since `date`.
    func age(since date: Date) -> String { DurationText.spoken(now.timeIntervalSince(date), language) }

    func duration(_ seconds: Double) -> String { DurationText.spoken(seconds, language) }

    /// "150 000 ₽".
    func money(_ kopecks: Int64) -> String { MoneyText.written(kopecks, language) }

    /// `+7 916 100-04-04`; E.164 stays in `--json`.
    func phone(_ e164: String) -> String { PhoneNumber(trustedE164: e164).written }

    /// "в работе (ivanov), держать", "условный отказ: expensive".
    func status(_ lead: LeadSummary) -> String {
        let titles: [String: (String, String)] = [
            "exchange": ("на бирже", "on the exchange"), "owned": ("в работе", "being worked"),
            "refused": ("условный отказ", "conditional refusal"), "won": ("выиграна", "won"), "lost": ("проиграна", "lost"),
            "disqualified": ("дисквалифицирована", "disqualified"),
        ]
        var text = titles[lead.status].map { say($0.0, $0.1) } ?? lead.status
        if let owner = lead.ownerName ?? lead.owner { text += " (\(owner))" }
        if lead.keep { text += say(", держать", ", keep") }
        if let reason = lead.reasonTitle ?? lead.reason { text += ": \(reason)" }
        if let overdue = lead.overdueReminders, overdue > 0 { text += say(", просрочено напоминаний: \(overdue) !", ", \(overdue) overdue reminders !") }
        return text
    }

    /// "менеджер", "ОКК": a role as the team calls it.
    func role(_ id: String) -> String {
        let titles = ["manager": "менеджер", "qa": "ОКК", "head": "руководитель", "admin": "администратор"]
        return language == .ru ? titles[id] ?? id : id
    }

    /// "42%", or "-" for a ratio that is not a number.
    func percent(_ ratio: Double) -> String {
        let value = ratio * 100
        return value.isFinite && abs(value) < 1e12 ? "\(Int(value.rounded()))%" : "-"
    }

    /// The lead's source as the daemon titles it, else from its code.
    func source(_ lead: LeadSummary) -> String { lead.sourceTitle ?? source(lead.source) }

    /// "Почта sales", "Форма site", "Вручную (ivanov)", "Импорт clients.csv" for a source code.
    func source(_ code: String) -> String {
        guard let colon = code.firstIndex(of: ":") else { return code }
        let name = String(code[code.index(after: colon)...])
        switch code[..<colon] {
        case "mail": return say("Почта ", "Mailbox ") + name
        case "form": return say("Форма ", "Form ") + name
        case "manual": return say("Вручную (", "Manual (") + name + ")"
        case "import": return say("Импорт ", "Import ") + name
        default: return code
        }
    }

    func leads(_ leads: [LeadSummary], empty: String) -> String {
        guard !leads.isEmpty else { return empty }
        var table = Table("ID", say("ВОЗРАСТ", "AGE"), say("ИСТОЧНИК", "SOURCE"), say("ЭТАП", "STAGE"), say("НА ЭТАПЕ", "IN STAGE"), say("СТАТУС", "STATUS"), say("ЗАЯВКА", "TITLE"))
        for lead in leads {
            // Over the stage's norm: marked, and said by how much the norm is.
            var inStage = age(since: lead.stageEnteredAt)
            if let norm = lead.stageNormSeconds, norm > 0, now.timeIntervalSince(lead.stageEnteredAt) > norm {
                inStage += say(" (норма ", " (norm ") + duration(norm) + ") !"
            }
            table.add("\(lead.id)", age(since: lead.createdAt), source(lead), lead.stageTitle, inStage, status(lead), lead.title)
        }
        return table.text
    }
}
