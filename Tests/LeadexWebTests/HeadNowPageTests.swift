import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdCore
import HummingbirdTesting
import LeadexConfig
import LeadexCore
import LeadexJobs
import LeadexStore
import LeadexTesting
@testable import LeadexWeb
import NIOCore
import Testing

@Suite struct HeadNowPageTests {
    /// Around the clock, 30 minutes: the alert's threshold without working hours in the way.
    static var untaken: JobsSettings.UntakenAlerts {
        var settings = JobsSettings().untakenAlerts
        settings.workingHours = nil
        return settings
    }

    @Test func theHeadSeesTheExchangeTheTeamsLoadOverdueCallsDealsOverTheNormAndRefusals() async throws {
        let web = try await WebFixture(untaken: Self.untaken)
        let store = web.store.store
        let waiting = try await web.store.incoming(name: "Давно ждёт")
        web.store.clock.advance(by: .seconds(45 * 60))
        _ = try await web.store.incoming(name: "Только что")
        let deal = try await web.store.incoming(name: "Сделка Ивана")
        try await store.perform(.take, on: deal, by: SamplePolicy.ivanov)
        try await store.setReminder(on: deal, at: web.store.clock.now().addingTimeInterval(600), note: "Перезвонить", by: SamplePolicy.ivanov)
        let refusal = try await web.store.incoming(name: "Отказ Петра")
        try await store.perform(.take, on: refusal, by: SamplePolicy.petrov)
        try await store.perform(.refuse(reason: "expensive", note: nil), on: refusal, by: SamplePolicy.petrov)
        // Two hours on: the reminder is owed, and the deal has sat in «Новая заявка» past its 1 h norm.
        web.store.clock.advance(by: .seconds(2 * 3600))
        try await web.test { client in
            let head = try await client.logIn(SamplePolicy.head)
            let response = try await client.get("/head/now", cookie: head.cookie)
            #expect(response.status == .ok)
            let page = String(buffer: response.body)
            #expect(page.contains(#"<script src="/static/live."#))
            #expect(page.contains(#"data-live-events="/head/now/events""#))
            let exchange = page.between(#"id="now-exchange">"#, "</a>") ?? ""
            #expect(exchange.contains(#"<span class="value">2</span>"#))
            #expect(exchange.contains("самая старая ждёт 2 ч 45 мин"))
            let past = page.between(#"id="now-past"><span class="value">"#, "</span>")
            #expect(past == "2")
            #expect(page.contains("ждут дольше порога (30 мин)"))
            #expect(page.between(#"id="now-overdue"><span class="value">"#, "</span>") == "1")
            #expect(page.between(#"id="now-over-norm"><span class="value">"#, "</span>") == "1")
            #expect(page.between(#"id="now-refusals"><span class="value">"#, "</span>") == "1")
            // The cells' labels (for the phone's stacked rows) aside.
            let cells = page.replacing(#/ data-label="[^"]*"/#, with: "")
            let ivanov = cells.between(#"id="seller-ivanov""#, "</tr>") ?? ""
            #expect(ivanov.contains("1/3"))
            #expect(ivanov.contains("<td>1</td><td>1</td><td>0</td>"))
            let petrov = cells.between(#"id="seller-petrov""#, "</tr>") ?? ""
            #expect(petrov.contains("0/1"))
            #expect(petrov.hasSuffix("<td>0</td><td>0</td><td>1</td>"))
            #expect(!page.contains(#"id="seller-okk""#))
            // The poll's answer carries the same figures.
            let figures = String(buffer: try await client.get("/head/now/figures", cookie: head.cookie).body)
            #expect(figures.hasPrefix(#"{"html":"#))
            #expect(figures.contains("seller-ivanov"))
        }
        _ = waiting
    }

    @Test func theNowPageIsLiveALeadLandingReachesAnOpenStreamAndWaitsGrowOnTheKeepAliveTick() async throws {
        let fixture = try await StoreFixture()
        let page = HeadNowPage(
            store: fixture.store, renderer: PageRenderer(language: .ru), clock: fixture.clock, keepAlive: .seconds(60), untaken: Self.untaken)
        var stream = LiveStream(store: fixture.store, clock: fixture.clock, keepAlive: .seconds(60), event: "now") {
            try await page.frame(SamplePolicy.head)
        }
        stream.refreshOnKeepAlive = true
        let (received, sink) = AsyncStream.makeStream(of: String.self)
        let task = Task {
            var writer: any ResponseBodyWriter = CollectingWriter(sink: sink)
            try await stream.run(&writer)
        }
        defer { task.cancel() }
        var events = received.makeAsyncIterator()
        #expect(await events.next() == "retry: 3000\n\n")
        let initial = try #require(await events.next())
        #expect(initial.hasPrefix("event: now\ndata: {"))
        #expect(initial.contains(#"id=\"now-exchange\"><span class=\"value\">0<"#))

        let lead = try await fixture.incoming(name: "Новый клиент")
        let landed = try #require(await events.next())
        #expect(landed.contains(#"id=\"now-exchange\"><span class=\"value\">1<"#))
        #expect(landed.contains("самая старая ждёт только что"))

        // No commit, but the wait has grown: the tick sends the figures again instead of a comment.
        fixture.clock.advance(by: .seconds(60))
        let aged = try #require(await events.next())
        #expect(aged.contains("самая старая ждёт 1 мин"))
        // Taken: nothing left that ages, so the next tick is a keep-alive comment only.
        try await fixture.store.perform(.take, on: lead, by: SamplePolicy.ivanov)
        let taken = try #require(await events.next())
        #expect(taken.contains(#"id=\"now-exchange\"><span class=\"value\">0<"#))
        fixture.clock.advance(by: .seconds(60))
        #expect(await events.next() == ": keep-alive\n\n")
    }

    @Test func theDepartmentNowIsTheHeadsOnlyAndTheRefusalIsLogged() async throws {
        let fixture = try await StoreFixture()
        for login in [SamplePolicy.ivanov, SamplePolicy.qa, SamplePolicy.admin] {
            await #expect(throws: RuleViolation.self) { try await fixture.store.departmentNow(at: fixture.clock.now(), as: login) }
        }
        _ = try await fixture.store.departmentNow(at: fixture.clock.now(), as: SamplePolicy.head)
        #expect(fixture.logs.entries.filter { $0.metadata["rule"] == "role" && $0.metadata["action"] == "now" }.count == 3)
    }
}
