import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import LeadexConfig
import LeadexCore
import LeadexJobs
import LeadexStore
import LeadexTesting
@testable import LeadexWeb
import NIOCore
import Testing

@Suite struct ReportsPageTests {
    /// A week of work: three requests, one won, one refused and closed, one still on the exchange.
    func week(_ web: WebFixture) async throws {
        let store = web.store.store
        let won = try await web.store.incoming(name: "Купил")
        web.store.clock.advance(by: .seconds(600))
        try await store.perform(.take, on: won, by: SamplePolicy.ivanov)
        try await store.perform(.moveToStage("call"), on: won, by: SamplePolicy.ivanov)
        try await store.perform(.win(note: nil), on: won, by: SamplePolicy.ivanov)
        web.store.clock.advance(by: .seconds(86_400))
        let refused = try await web.store.incoming(name: "Отказался")
        web.store.clock.advance(by: .seconds(1800))
        try await store.perform(.take, on: refused, by: SamplePolicy.petrov)
        try await store.perform(.refuse(reason: "competitor", note: nil), on: refused, by: SamplePolicy.petrov)
        try await store.perform(.closeLost(note: "Подтвердили"), on: refused, by: SamplePolicy.qa)
        _ = try await web.store.incoming(name: "Ждёт")
        web.store.clock.advance(by: .seconds(3600))
    }

    @Test func theReportForTheLastSevenDaysShowsTheWeeklyMailsFiguresAndItsCharts() async throws {
        let web = try await WebFixture()
        try await week(web)
        try await web.test { client in
            let head = try await client.logIn(SamplePolicy.head)
            let response = try await client.get("/head/reports", cookie: head.cookie)
            #expect(response.status == .ok)
            let page = String(buffer: response.body)
            // Today is 24.11 (the clock's 23.11 06:00 plus a day and a half): the 7 days to it.
            #expect(page.contains(#"name="from" type="date" value="2026-11-18""#))
            #expect(page.contains(#"name="to" type="date" value="2026-11-24""#))
            #expect(page.between(#"id="total-received">"#, "<") == "3 (0 ▲)")
            #expect(page.between(#"id="total-won">"#, "<") == "1 (0 ▲)")
            #expect(page.between(#"id="total-lost">"#, "<") == "1 (0 ▲)")
            #expect(page.between(#"id="total-conversion">"#, "<") == "33% (—)")
            #expect(page.between(#"id="on-exchange">"#, "<") == "1")
            for chart in ["chart-funnel", "chart-reasons", "chart-speed"] {
                #expect(page.contains(#"<svg xmlns="http://www.w3.org/2000/svg" class="chart" id="\#(chart)""#), "\(chart)")
            }
            #expect(page.contains("Выбрали конкурента: 1 (100%)"))
            // Inline SVG, no style attributes: the Content-Security-Policy stays strict.
            #expect(!page.contains("style="))

            // The weekly mail for the same days reads the same figures.
            let zone = ZoneRules(TimeZone.current)
            let since = zone.instant(CivilTime(year: 2026, month: 11, day: 18))
            let until = zone.instant(CivilTime(year: 2026, month: 11, day: 25))
            let report = try await web.store.store.salesReport(since: since, until: until, zone: zone)
            let wording = Wording(language: .ru, zone: zone, policy: web.store.store.policy)
            let mail = try MailTemplates(language: .ru, directory: nil).render("weekly_report", report.templateValues(wording)).text
            for line in mail.split(separator: "\n") where line.hasPrefix("  ") && line.contains(": ") && !line.contains("взято ") {
                let parts = line.split(separator: ":", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
                // The funnel's line is a table row on the page: "3 / 1 / 0" are its cells.
                let figure = parts[1].contains(" / ")
                    ? #"<th scope="row">\#(parts[0])</th>"# + parts[1].components(separatedBy: " / ").map { "<td>\($0)</td>" }.joined()
                    : parts[1]
                #expect(page.contains(figure.replacingOccurrences(of: "&", with: "&amp;")), "mail line «\(line)» not on the page")
            }
        }
    }

    @Test func aPeriodThatIsNotOneIsRefusedWithAClearErrorAndTheFieldsKept() async throws {
        let web = try await WebFixture()
        try await web.test { client in
            let head = try await client.logIn(SamplePolicy.head)
            for query in [
                "from=2026-13-01&to=2026-12-01", "from=2026-02-30&to=2026-03-01", "from=2026-11-20&to=2026-11-10",
                "from=2020-01-01&to=2026-01-01", "from=abc&to=2026-11-10", "from=2026-1-01&to=2026-11-10", "from=%2B2026-01-01&to=2026-11-10",
                "from=99999-01-01&to=2026-11-10",
            ] {
                let response = try await client.get("/head/reports?\(query)", cookie: head.cookie)
                #expect(response.status == .unprocessableContent, "\(query)")
                let page = String(buffer: response.body)
                #expect(page.contains("Период — две даты ГГГГ-ММ-ДД"), "\(query)")
                #expect(!page.contains("total-received"), "\(query)")
            }
            let kept = String(buffer: try await client.get("/head/reports?from=abc%22%3E&to=2026-11-10", cookie: head.cookie).body)
            #expect(kept.contains(#"value="abc&quot;&gt;""#))
            let one = try await client.get("/head/reports?from=2026-11-23&to=2026-11-23", cookie: head.cookie)
            #expect(one.status == .ok)
        }
    }

    @Test func chartsEscapeTheirTextAndScaleToTheLargestValue() {
        let svg = ReportCharts.bars(
            [ReportCharts.Bar(label: "<script>&\"", value: 4, text: "4"), ReportCharts.Bar(label: "Два", value: 2, text: "2"),
             ReportCharts.Bar(label: "Ноль", value: .nan, text: "—")], title: "Причины «x»", id: "c")
        #expect(svg.contains("&lt;script&gt;&amp;&quot;"))
        #expect(!svg.contains("<script>"))
        #expect(svg.contains(#"width="260.0""#))
        #expect(svg.contains(#"width="130.0""#))
        #expect(svg.contains(#"width="1.0""#))
        #expect(ReportCharts.bars([], title: "t", id: "e").isEmpty)
        let days = ReportCharts.columns((1...90).map { ReportCharts.Bar(label: "\($0)", value: Double($0), text: "\($0)") }, title: "t", id: "d")
        #expect(days.count(of: "<rect") == 90)
        #expect(days.count(of: "class=\"chart-label\"") < 10)
    }

    @Test func periodsParseOnlyRealDays() {
        let today = CivilTime(year: 2026, month: 11, day: 24, hour: 15)
        #expect(ReportPeriod.parse(from: nil, to: nil, today: today) == ReportPeriod(from: CivilTime(year: 2026, month: 11, day: 18), to: CivilTime(year: 2026, month: 11, day: 24)))
        #expect(ReportPeriod.parse(from: "2024-02-29", to: "2024-03-01", today: today) != nil)
        #expect(ReportPeriod.parse(from: "2025-02-29", to: "2025-03-01", today: today) == nil)
        #expect(ReportPeriod.parse(from: "2025-01-01", to: "2025-12-31", today: today) != nil)
        #expect(ReportPeriod.parse(from: "2024-01-01", to: "2025-01-01", today: today) == nil)
        #expect(ReportPeriod.parse(from: "２０２５-01-01", to: nil, today: today) == nil)
    }
}
