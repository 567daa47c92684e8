import Foundation
import LeadexCore
import Testing

@Suite struct PipelineTests {
    @Test func refusesEmptyAndDuplicateStages() {
        #expect(throws: Pipeline.Problem.empty) { try Pipeline([]) }
        #expect(throws: Pipeline.Problem.duplicateStage("a")) {
            try Pipeline([Stage(id: "a", title: "A"), Stage(id: "a", title: "A again")])
        }
    }

    @Test func newLeadsEnterTheFirstStageOnTheExchange() throws {
        let pipeline = try Pipeline([Stage(id: "new", title: "Новая заявка"), Stage(id: "call", title: "Звонок")])
        let lead = Lead.incoming(
            contactID: ContactID(1), source: LeadSource(kind: .mail, name: "sales"), sourceRef: "<a@b>",
            title: "Запрос цены", text: "", pipeline: pipeline, at: .init(timeIntervalSince1970: 0)
        )
        #expect(lead.stage == "new")
        #expect(lead.status == .exchange)
        #expect(lead.status.owner == nil)
        #expect(lead.stageEnteredAt == lead.createdAt)
    }
}
