internal import Foundation

/// What people read about a timed job: its title, a run's outcome and the run's detail, for
/// `leadexctl status` and the admins' status page alike. The ledger keeps the detail in English,
/// as the journal greps it ("3 reminders", "2 probes sent, 1 refused by the site"); in Russian
/// each counted part is reworded as "what: N", which needs no plural forms. A detail this does
/// not know stays as it is rather than being lost.
public enum JobText {
    public static func title(_ name: String, language: TextLanguage) -> String {
        let ru = language == .ru
        switch name {
        case "reminders": return ru ? "Напоминания о звонках" : "Callback reminders"
        case "stage-alerts": return ru ? "Сделки дольше нормы этапа" : "Deals over their stage norm"
        case "untaken-alerts": return ru ? "Невзятые заявки" : "Untaken leads"
        case "sweep": return ru ? "Возврат заброшенных сделок на биржу" : "Sweep of idle deals"
        case "weekly-report": return ru ? "Недельный отчёт" : "Weekly report"
        case "backup": return ru ? "Резервная копия" : "Backup"
        case "form-probes": return ru ? "Проверочные заявки с форм" : "Form probes"
        case "form-deadlines": return ru ? "Ожидание проверочных заявок" : "Form probe deadlines"
        case "form-silence": return ru ? "Тишина веб-форм" : "Web form silence"
        default: return name
        }
    }

    /// A run's outcome (`ok`, `failed`, `interrupted`, `running`; nil: never ran).
    public static func outcome(_ outcome: String?, language: TextLanguage) -> String {
        let ru = language == .ru
        switch outcome {
        case nil: return ru ? "не запускалась" : "never ran"
        case "ok": return ru ? "успешно" : "ok"
        case "failed": return ru ? "ошибка" : "failed"
        case "interrupted": return ru ? "прервана" : "interrupted"
        case "running": return ru ? "выполняется" : "running"
        case let other?: return other
        }
    }

    /// The run's detail in `language`.
    public static func detail(_ detail: String, language: TextLanguage) -> String {
        guard language == .ru, !detail.isEmpty else { return detail }
        if let rest = detail.dropping(prefix: "report for "), let range = rest.range(of: " to ", options: .backwards),
            let count = rest[range.upperBound...].dropping(suffix: " recipients")
        {
            return "отчёт за \(rest[..<range.lowerBound]), получателей: \(count)"
        }
        if detail.hasPrefix("no recipients:") { return "некому отправить: нет руководителя с email и не задан [jobs.report] to" }
        // A backup's "FILE: 12 contacts, …, 40960 bytes compressed": the file stays as it is.
        var file = ""
        var counted = Substring(detail)
        if detail.hasPrefix("/"), let colon = detail.range(of: ": ", options: .backwards) {
            file = detail[..<colon.upperBound].description
            counted = detail[colon.upperBound...]
        }
        // "2 probes sent, 1 refused by the site", "3 probes settled: 2 came back, 1 failed".
        var parts: [String] = []
        for piece in counted.replacingOccurrences(of: ": ", with: ", ").components(separatedBy: ", ") {
            guard let space = piece.firstIndex(of: " "), let count = Int(piece[..<space]),
                let label = labels[String(piece[piece.index(after: space)...])]
            else { return detail }
            parts.append("\(label): \(count)")
        }
        return file + parts.joined(separator: ", ")
    }

    /// The counted parts of the ledger's details, by what follows the number.
    private static let labels: [String: String] = [
        "reminders": "напоминаний отправлено",
        "owner alerts": "оповещений менеджерам", "head alerts": "оповещений руководителю",
        "untaken leads reported": "невзятых заявок в оповещении",
        "deals returned to the exchange": "сделок возвращено на биржу",
        "probes sent": "проверочных заявок отправлено", "refused by the site": "сайт отклонил",
        "probes settled": "проверок завершено", "came back": "вернулись", "failed": "не вернулись",
        "forms checked for silence": "форм проверено на тишину", "newly silent": "замолчали",
        "receiving requests again": "снова принимают заявки",
        "contacts": "контактов", "leads": "заявок", "history lines": "записей истории", "users": "пользователей",
        "bytes compressed": "байт в архиве",
    ]
}

extension StringProtocol {
    fileprivate func dropping(prefix: String) -> String? { hasPrefix(prefix) ? String(dropFirst(prefix.count)) : nil }
    fileprivate func dropping(suffix: String) -> String? { hasSuffix(suffix) ? String(dropLast(suffix.count)) : nil }
}
