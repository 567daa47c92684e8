import Foundation
import LeadexConfig
import LeadexCore
import LeadexJobs
import LeadexStore
import LeadexTesting
import Testing

/// Every mail links to the page it is about when `[web] public_url` is set, in the text and the
/// HTML part, and reads as before without it; at the real SMTP server.
@Suite("Links in mails to the workspace's pages, with and without public_url")
struct MailLinksTests {
    typealias P = SamplePolicy
    static let base = "https://leads.example.ru"

    /// One morning that sends every kind of mail: a reminder, the stage alerts, an untaken alert,
    /// an admin alert, the weekly report, then a sweep notice to each owner.
    static func morning(_ links: PageLinks, language: Language = .ru) async throws -> (mails: [String: [String]], owned: LeadID, waiting: LeadID) {
        var settings = JobsSettings()
        settings.untakenAlerts.after = .seconds(1800)
        settings.stageAlerts.headGrace = .seconds(3600)
        let f = try await JobsFixture(jobs: settings, language: language, policy: JobsFixture.policyWithHeadAddress(), links: links)
        let clock = f.store.clock
        let owned = try await f.store.incoming(name: "Медленный Клиент")
        let waiting = try await f.store.incoming(name: "Ждущий Клиент")
        try await f.store.store.perform(.take, on: owned, by: P.ivanov)
        try await f.store.store.setReminder(on: owned, at: ReadableMailTests.at(0, 9, 10), note: "узнать бюджет", by: P.ivanov)
        clock.set(ReadableMailTests.at(0, 11, 30))
        let now = clock.now()
        _ = try await f.environment.reminderJob().run(now, now)
        _ = try await f.environment.untakenAlertJob().run(now, now)
        #expect(try await f.environment.stageAlertJob().run(now, now) == "1 owner alerts, 1 head alerts")
        try await f.environment.alertAdmins(subject: "Резервная копия не создана", text: "Проверьте место на диске.", at: now)
        let report = try #require(
            try await f.environment.reportMail(since: ReadableMailTests.at(0, 0), until: ReadableMailTests.at(7, 0), to: [JobsFixture.headAddress], at: now))
        try await f.outbox.enqueue([report], at: now)
        _ = try await f.environment.sweep(at: now, inactiveFor: nil)
        let mails = try await f.deliver()
        var byKind: [String: [String]] = [:]
        for mail in mails {
            let kind = mail.header("X-Leadex-Kind") ?? ""
            let head = kind == "stage_alert" && mail.recipients == [JobsFixture.headAddress] ? "stage_alert_head" : kind
            byKind[head, default: []].append(mail.decodedBody.replacingOccurrences(of: "\r\n", with: "\n"))
        }
        return (byKind, owned, waiting)
    }

    @Test("with public_url each mail links to its page")
    func linksWithPublicURL() async throws {
        let (mails, owned, waiting) = try await Self.morning(PageLinks(publicURL: Self.base))
        let deal = "\(Self.base)/deals/\(owned)"
        #expect(mails["reminder"]?.first?.contains("\n\nОткрыть сделку: \(deal)\n\n-- \nLeadex: leadexctl show \(owned)") == true, "\(mails["reminder"] ?? [])")
        let owner = try #require(mails["stage_alert"]?.first)
        #expect(owner.contains("при норме 1 ч\n  \(deal)\n\nМои сделки: \(Self.base)/deals\n-- "), "\(owner)")
        let head = try #require(mails["stage_alert_head"]?.first)
        #expect(head.contains("при норме 1 ч\n  \(deal)\n-- "), "\(head)")
        let untaken = try #require(mails["untaken_alert"]?.first)
        #expect(untaken.contains("  \(Self.base)/deals/\(waiting)\n\nБиржа: \(Self.base)/exchange\n-- "), "\(untaken)")
        let admin = try #require(mails["admin_alert"]?.first)
        #expect(admin.contains("\nСостояние Leadex: \(Self.base)/admin/status\n-- "), "\(admin)")
        let report = try #require(mails["report"]?.first)
        #expect(report.contains("\nОтчёт в Leadex: \(Self.base)/head/reports?from=2026-11-23&to=2026-11-29\n\n-- "), "the text part")
        #expect(report.contains(#"<p><a href="\#(Self.base)/head/reports?from=2026-11-23&amp;to=2026-11-29">Открыть отчёт в Leadex</a></p>"#), "the HTML part")
        let sweep = try #require(mails["sweep"]?.first)
        #expect(sweep.contains("  \(deal)\n\nБиржа: \(Self.base)/exchange\n-- "), "\(sweep)")
    }

    @Test("in English too")
    func linksInEnglish() async throws {
        let (mails, owned, _) = try await Self.morning(PageLinks(publicURL: Self.base + "/"), language: .en)
        #expect(mails["reminder"]?.first?.contains("Open the deal: \(Self.base)/deals/\(owned)\n") == true)
        #expect(mails["stage_alert"]?.first?.contains("My deals: \(Self.base)/deals\n") == true)
        #expect(mails["untaken_alert"]?.first?.contains("The exchange: \(Self.base)/exchange\n") == true)
        #expect(mails["admin_alert"]?.first?.contains("Leadex status: \(Self.base)/admin/status\n") == true)
        #expect(mails["report"]?.first?.contains("The report in Leadex: \(Self.base)/head/reports?from=2026-11-23&to=2026-11-29\n") == true)
        #expect(mails["sweep"]?.first?.contains("The exchange: \(Self.base)/exchange\n") == true)
    }

    @Test("without public_url no mail has a link, and none an empty line where one would be")
    func noLinksWithoutPublicURL() async throws {
        let (mails, owned, _) = try await Self.morning(.none)
        #expect(Set(mails.keys) == ["reminder", "stage_alert", "stage_alert_head", "untaken_alert", "admin_alert", "report", "sweep"])
        for (kind, bodies) in mails {
            for body in bodies {
                #expect(!body.contains("http"), "\(kind): \(body)")
                #expect(!body.contains("\n\n\n"), "\(kind): \(body)")
            }
        }
        #expect(mails["reminder"]?.first?.contains("узнать бюджет\n\n-- \nLeadex: leadexctl show \(owned)") == true)
        #expect(mails["stage_alert"]?.first?.contains("при норме 1 ч\n-- ") == true)
        #expect(mails["admin_alert"]?.first?.contains("\n-- \nLeadex: journalctl") == true)
    }

    @Test func theReportsPageCoversTheLocalDaysOfThePeriod() {
        let zone = ZoneRules(TimeZone(identifier: "Europe/Moscow")!)
        let monday = ReadableMailTests.at(0, 0)
        #expect(PageLinks.reportPath(since: monday, until: monday.addingTimeInterval(7 * 86_400), zone: zone) == "/head/reports?from=2026-11-23&to=2026-11-29")
        #expect(PageLinks.reportPath(since: monday, until: monday.addingTimeInterval(3600), zone: zone) == "/head/reports?from=2026-11-23&to=2026-11-23")
        #expect(PageLinks.none.deal(LeadID(5)) == nil && PageLinks(publicURL: "").exchange == nil)
        #expect(PageLinks(publicURL: "https://a.example//").deal(LeadID(5)) == "https://a.example/deals/5")
    }
}
