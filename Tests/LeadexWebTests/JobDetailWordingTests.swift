import LeadexConfig
@testable import LeadexWeb
import Testing

/// The jobs' summaries of a good run, which they write in English for the journal, read in
/// Russian on the status page; an error's own text stays as it came.
@Suite struct JobDetailWordingTests {
    @Test func eachJobsSummaryIsWordedAndErrorsStayAsTheyAre() {
        let ru = WebText(language: .ru)
        #expect(ru.jobDetail("0 untaken leads reported") == "невзятых заявок в оповещении: 0")
        #expect(ru.jobDetail("2 owner alerts, 1 head alerts") == "оповещений менеджерам: 2, руководителю: 1")
        #expect(ru.jobDetail("3 reminders") == "напоминаний отправлено: 3")
        #expect(ru.jobDetail("4 deals returned to the exchange") == "возвращено на биржу сделок: 4")
        #expect(ru.jobDetail("/var/backups/leadex-1.tar.gz: 10 leads, 20480 bytes compressed") == "/var/backups/leadex-1.tar.gz: 10 leads, сжато байт: 20480")
        #expect(ru.jobDetail("disk full") == "disk full")
        #expect(WebText(language: .en).jobDetail("3 reminders") == "3 reminders")
    }
}
