import Foundation
import LeadexControlAPI
import Testing

@Suite struct LeadListJSONTests {
    @Test func theHandWrittenListIsWhatTheEncoderWrites() throws {
        let at = Date(timeIntervalSince1970: 1_796_000_000.75)
        let leads = [
            LeadSummary(
                id: 42, title: "Запрос КП: \"стулья\" \\ 50 шт\nсрочно\t\u{1}", stage: "new", stageTitle: "Новая заявка", status: "owned",
                owner: "ivanov", keep: true, source: "mail:sales", contactId: 7, reason: nil, reasonNote: nil, createdAt: at,
                stageEnteredAt: at.addingTimeInterval(60), lastActivityAt: at.addingTimeInterval(3600)),
            LeadSummary(
                id: 43, title: "🙂", stage: "call", stageTitle: "Звонок", status: "refused", owner: "petrov", keep: false, source: "form:site",
                contactId: 8, reason: "expensive", reasonNote: "дорого", createdAt: at, stageEnteredAt: at, lastActivityAt: at),
        ]
        let written = Data(LeadSummary.jsonList(leads))
        let viaEncoder = try Wire.encoder().encode(leads)
        let a = try JSONSerialization.jsonObject(with: written) as! NSArray
        let b = try JSONSerialization.jsonObject(with: viaEncoder) as! NSArray
        #expect(a == b)
        let decoded = try Wire.decoder().decode([LeadSummary].self, from: written)
        #expect(decoded.map(\.title) == leads.map(\.title))
        #expect(decoded.first?.createdAt == Date(timeIntervalSince1970: 1_796_000_000))
        #expect(LeadSummary.jsonList([]) == Array("[]".utf8))
    }

    @Test func timesOutsideFourDigitYearsAreWrittenAtTheEdgesNotTrapped() throws {
        for (seconds, year) in [(-62_167_219_200.0, "0001"), (-1e18, "0001"), (1e18, "9999"), (.nan, "1970"), (.infinity, "9999")] {
            let at = Date(timeIntervalSince1970: seconds)
            let lead = LeadSummary(
                id: 1, title: "t", stage: "new", stageTitle: "Новая", status: "exchange", owner: nil, keep: false, source: "mail:sales",
                contactId: 1, reason: nil, reasonNote: nil, createdAt: at, stageEnteredAt: at, lastActivityAt: at)
            let text = String(decoding: LeadSummary.jsonList([lead]), as: UTF8.self)
            #expect(text.contains("\"created_at\":\"\(year)-"), "\(seconds): \(text)")
        }
    }
}
