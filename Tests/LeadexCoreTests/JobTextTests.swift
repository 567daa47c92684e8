import LeadexCore
import Testing

/// The ledger's English job details, as a Russian admin reads them in `leadexctl status` and on
/// the status page; what is not known stays as it was.
@Suite struct JobTextTests {
    @Test(arguments: [
        ("3 reminders", "напоминаний отправлено: 3"),
        ("0 owner alerts, 0 head alerts", "оповещений менеджерам: 0, оповещений руководителю: 0"),
        ("2 untaken leads reported", "невзятых заявок в оповещении: 2"),
        ("5 deals returned to the exchange", "сделок возвращено на биржу: 5"),
        ("2 probes sent, 1 refused by the site", "проверочных заявок отправлено: 2, сайт отклонил: 1"),
        ("3 probes settled: 2 came back, 1 failed", "проверок завершено: 3, вернулись: 2, не вернулись: 1"),
        ("4 forms checked for silence, 1 newly silent", "форм проверено на тишину: 4, замолчали: 1"),
        ("report for 2026-11-23 08:00 – 2026-11-30 08:00 to 2 recipients", "отчёт за 2026-11-23 08:00 – 2026-11-30 08:00, получателей: 2"),
        (
            "/var/lib/leadex/backups/leadex-2026.sqlite3.gz: 12 contacts, 3 leads, 40 history lines, 2 users, 40960 bytes compressed",
            "/var/lib/leadex/backups/leadex-2026.sqlite3.gz: контактов: 12, заявок: 3, записей истории: 40, пользователей: 2, байт в архиве: 40960"
        ),
        ("something new happened", "something new happened"),
        ("3 reminders, 2 unknowns", "3 reminders, 2 unknowns"),
    ])
    func russian(detail: String, expected: String) {
        #expect(JobText.detail(detail, language: .ru) == expected)
        #expect(JobText.detail(detail, language: .en) == detail)
    }

    @Test func titlesAndOutcomes() {
        #expect(JobText.title("untaken-alerts", language: .ru) == "Невзятые заявки")
        #expect(JobText.title("custom", language: .ru) == "custom")
        #expect(JobText.outcome(nil, language: .ru) == "не запускалась")
        #expect(JobText.outcome("ok", language: .en) == "ok")
    }
}
