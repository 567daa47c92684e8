import Foundation
@testable import LeadexControl
import LeadexControlAPI
import LeadexCore
import LeadexStore
import LeadexTesting
import Testing

@Suite("/v1/report carries the report's figures: totals against the period before, speed to lead, sellers")
struct ReportReplyTests {
    @Test func theReportsFiguresReachTheWire() async throws {
        let f = try await StoreFixture(defaultCap: 10)
        let start = f.clock.now()
        let lead = try await f.incoming(name: "Клиент")
        f.clock.advance(by: .seconds(600))
        try await f.store.perform(.take, on: lead, by: SamplePolicy.ivanov)
        try await f.store.perform(.refuse(reason: "expensive", note: nil), on: lead, by: SamplePolicy.ivanov)
        try await f.store.perform(.reopen(to: SamplePolicy.ivanov, note: "клиент передумал"), on: lead, by: SamplePolicy.qa)
        f.clock.advance(by: .seconds(3600))
        let report = try await f.store.salesReport(since: start, until: f.clock.now(), as: SamplePolicy.head)
        let data = try Wire.encoder().encode(ReportReply(report))
        let reply = try Wire.decoder().decode(ReportReply.self, from: data)
        #expect(reply.totals == .init(received: 1, taken: 1, won: 0, refused: 1, lost: 0, disqualified: 0, conversion: 0))
        #expect(reply.previous == .init(received: 0, taken: 0, won: 0, refused: 0, lost: 0, disqualified: 0, conversion: nil))
        #expect(reply.speed == .init(takes: 1, medianSeconds: 600, p90Seconds: 600))
        #expect(reply.untakenAlerts == 0)
        let ivanov = try #require(reply.managers.first { $0.login == "ivanov" })
        #expect((ivanov.refused, ivanov.reopenedByQA, ivanov.overdueReminders, ivanov.normBreaches) == (1, 1, 0, 0))
        #expect(!reply.managers.contains { ["head", "okk", "admin"].contains($0.login) }, "sellers only")
        #expect(reply.stages.first?.disqualified == 0)
        // A reply from an older daemon, without these figures, still reads.
        let old = #"{"since":"2026-11-23T06:00:00Z","until":"2026-11-30T06:00:00Z","new_leads":0,"on_exchange_now":0,"stages":[],"refusal_reasons":[],"disqualify_reasons":[],"managers":[]}"#
        let decoded = try Wire.decoder().decode(ReportReply.self, from: Data(old.utf8))
        #expect(decoded.totals == nil && decoded.speed == nil)
    }
}
