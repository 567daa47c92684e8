import Foundation
import LeadexConfig
import LeadexCore
import LeadexIntake
import LeadexStore
import LeadexTesting
import Testing

/// `form-status` and `leadexctl status` say a form's health one way: worst first, local times
/// with the zone named, in the department's language.
@Suite struct FormStatusTextTests {
    static let zone = ZoneRules(identifier: "Europe/Moscow")!
    // 2026-12-08 07:04 UTC: 10:04 in Moscow.
    static let sent = Date(timeIntervalSince1970: 1_796_713_440)

    static func wording(_ language: TextLanguage) -> Wording { Wording(language: language, zone: zone, policy: SamplePolicy.make()) }

    /// Failing (its probe lost after a 302) while its feed also fails.
    static var broken: FormStatus {
        var status = FormStatus(form: "site")
        status.failingSince = sent.addingTimeInterval(1800)
        status.failingReason = "stored English reason"
        status.feedProblem = "unreachable: HTTP 500 from the feed"
        status.feedProblemSince = sent
        status.lastPollAt = sent
        let probe = ProbeStatus(
            token: "LEADEX-PROBE-1", expectedIn: "feed", sentAt: sent, deadlineAt: sent.addingTimeInterval(1800), state: .missed,
            detail: "HTTP 302")
        status.lastProbe = probe
        status.lastFailure = probe
        return status
    }

    @Test func aFailingProbeComesBeforeAFeedProblem() {
        let health = FormStatusText.health(Self.broken, wording: Self.wording(.ru))
        #expect(health.state == .failing)
        #expect(health.problem?.summary.hasPrefix("сайт принял проверочную заявку (HTTP 302), но она не пришла в ленту формы за 30 мин") == true)
    }

    @Test func formStatusIsInRussianLocalTimeAndKeepsTheFeedsLine() {
        let lines = FormStatusText.lines(Self.broken, wording: Self.wording(.ru))
        #expect(FormStatusText.zoneLine(Self.wording(.ru)) == "Время: Europe/Moscow")
        #expect(lines[0] == "Форма site (site): не работает с 8 дек 2026, 10:34")
        #expect(lines[1] == "  сайт принял проверочную заявку (HTTP 302), но она не пришла в ленту формы за 30 мин — сайт теряет заявки: проверьте обработчик формы на сайте")
        #expect(lines.contains("  лента: прочитана 8 дек 2026, 10:04"))
        #expect(lines.contains("  сбой ленты с 8 дек 2026, 10:04: сервер ответил HTTP 500 — ошибка на стороне сайта: проверьте, что сайт работает"))
        #expect(lines.contains("  последняя проверка: отправлена 8 дек 2026, 10:04, не вернулась"))
        #expect(!lines.joined().contains("UTC") && !lines.joined().contains("unreachable") && !lines.joined().contains("stored English"), "\(lines)")
    }

    @Test func formStatusInEnglish() {
        let lines = FormStatusText.lines(Self.broken, wording: Self.wording(.en))
        #expect(FormStatusText.zoneLine(Self.wording(.en)) == "Times in Europe/Moscow")
        #expect(lines[0] == "Form site (site): failing since 8 Dec 2026, 10:34")
        #expect(lines[1] == "  the site accepted the probe (HTTP 302) but it never came back in the form's feed within 30 min — the site is dropping submissions: check the site's form handler")
        #expect(lines.contains("  feed problem since 8 Dec 2026, 10:04: the server answered HTTP 500 — an error on the site's side: check that the site works"))
    }

    @Test func aProbeLostOnItsWayToAMailboxNamesTheMailboxAndTheSitesMail() {
        let probe = ProbeStatus(
            token: "t", expectedIn: "mailbox:sales", sentAt: Self.sent, deadlineAt: Self.sent.addingTimeInterval(2 * 3600), state: .missed,
            detail: "HTTP 302")
        let wording = Self.wording(.ru)
        #expect(
            probe.failure(.ru, place: wording.source)?.summary
                == "сайт принял проверочную заявку (HTTP 302), но она не пришла в ящик «Почта sales» за 2 ч — сайт не отправляет письма с заявками: проверьте почтовые настройки сайта")
        let late = ProbeStatus(
            token: "t", expectedIn: "feed", sentAt: Self.sent, deadlineAt: Self.sent.addingTimeInterval(1800), state: .late,
            arrivedAt: Self.sent.addingTimeInterval(6 * 3600 + 13 * 60))
        #expect(late.failure(.ru)?.summary.hasPrefix("проверочная заявка пришла в ленту формы с опозданием: через 6 ч 13 мин при сроке 30 мин") == true)
    }
}
