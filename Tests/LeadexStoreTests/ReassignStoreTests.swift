import Foundation
import LeadexCore
import LeadexStore
import LeadexTesting
import Testing

/// Reassigning in the store: one transaction per call, refusals logged and changing nothing.
@Suite struct ReassignStoreTests {
    @Test func theHeadHandsADealOnAndTheHistorySaysWhoAndWhy() async throws {
        let fixture = try await StoreFixture()
        let store = fixture.store
        let id = try await fixture.incoming()
        try await store.perform(.take, on: id, by: SamplePolicy.ivanov)
        fixture.clock.advance(by: .seconds(600))
        let lead = try await store.perform(.reassign(to: SamplePolicy.exporter, note: "в отпуске"), on: id, by: SamplePolicy.head)
        #expect(lead.status == .owned(by: SamplePolicy.exporter, keep: false))
        #expect(try await store.lead(id, as: SamplePolicy.exporter) == lead)
        let last = try await store.history(of: id, as: SamplePolicy.head).last
        #expect(last?.action == .reassigned && last?.actor == SamplePolicy.head && last?.note == "в отпуске; from ivanov to analyst")
        #expect(fixture.logs.entries.contains { $0.metadata["action"] == "reassigned" && $0.metadata["lead_id"] == "\(id)" && $0.metadata["user"] == "head" })
    }

    @Test func aRefusedReassignmentChangesNothingAndIsLogged() async throws {
        let fixture = try await StoreFixture()
        let store = fixture.store
        let (first, second) = (try await fixture.incoming(), try await fixture.incoming())
        try await store.perform(.take, on: first, by: SamplePolicy.petrov)  // petrov's cap is 1
        try await store.perform(.take, on: second, by: SamplePolicy.ivanov)
        let before = try await store.history(of: second, as: SamplePolicy.head)
        let cases: [(UserLogin, UserLogin, String, RuleViolation.Rule)] = [
            (SamplePolicy.head, SamplePolicy.petrov, "перегружен", .cap),
            (SamplePolicy.ivanov, SamplePolicy.exporter, "сам отдаю", .role),
            (SamplePolicy.head, SamplePolicy.exporter, " ", .reassignNote),
            (SamplePolicy.head, "nobody", "x", .unknownUser),
        ]
        for (actor, target, note, rule) in cases {
            let violation = await refusal { try await store.perform(.reassign(to: target, note: note), on: second, by: actor) }
            #expect(violation?.rule == rule)
            #expect(fixture.logs.entries.contains {
                $0.metadata["rule"] == rule.rawValue && $0.metadata["lead_id"] == "\(second)" && $0.metadata["user"] == actor.rawValue
            })
        }
        #expect(try await store.lead(second, as: SamplePolicy.head).status == .owned(by: SamplePolicy.ivanov, keep: false))
        #expect(try await store.history(of: second, as: SamplePolicy.head) == before)
    }

    @Test func returningAllOfALeavingManagersDealsLeavesRefusalsAndClosedDeals() async throws {
        let fixture = try await StoreFixture(defaultCap: 10)
        let store = fixture.store
        var ids: [LeadID] = []
        for _ in 0..<5 {
            let id = try await fixture.incoming()
            try await store.perform(.take, on: id, by: SamplePolicy.ivanov)
            ids.append(id)
        }
        try await store.perform(.refuse(reason: "expensive", note: nil), on: ids[1], by: SamplePolicy.ivanov)
        try await store.perform(.win(note: nil), on: ids[2], by: SamplePolicy.ivanov)
        let petrovs = try await fixture.incoming()
        try await store.perform(.take, on: petrovs, by: SamplePolicy.petrov)
        // Ivanov has left: the admin took him out of the config before the head got to his deals.
        var policy = SamplePolicy.make(defaultCap: 10)
        policy.users[SamplePolicy.ivanov] = nil
        try await store.apply(policy: policy)
        fixture.clock.advance(by: .seconds(3600))

        let outcome = try await store.returnAllDeals(of: SamplePolicy.ivanov, note: "уволился", by: SamplePolicy.head)
        #expect(outcome.returned.map(\.id) == [ids[0], ids[3], ids[4]])
        #expect(outcome.skipped.map(\.id) == [ids[1]])
        #expect(outcome.closed == 1)
        #expect(try await store.exchange().map(\.id) == [ids[0], ids[3], ids[4]])
        #expect(try await store.lead(petrovs, as: SamplePolicy.head).status.owner == SamplePolicy.petrov)
        #expect(try await store.lead(ids[1], as: SamplePolicy.head).status.kind == .conditionalRefusal)
        let last = try await store.history(of: ids[3], as: SamplePolicy.head).last
        #expect(last?.action == .reassigned && last?.note == "уволился; from ivanov to the exchange")

        // Speed to lead counts from the return, not from the first arrival an hour before.
        fixture.clock.advance(by: .seconds(300))
        try await store.perform(.take, on: ids[0], by: SamplePolicy.exporter)
        let report = try await store.salesReport(since: fixture.clock.now().addingTimeInterval(-60), until: fixture.clock.now().addingTimeInterval(60))
        #expect(report.managers.first { $0.user.login == SamplePolicy.exporter }?.medianTimeToTake == 300)
    }

    @Test func returnAllIsRefusedWithoutTheHeadANoteOrAKnownUser() async throws {
        let fixture = try await StoreFixture()
        let store = fixture.store
        let id = try await fixture.incoming()
        try await store.perform(.take, on: id, by: SamplePolicy.ivanov)
        let cases: [(UserLogin, UserLogin, String, RuleViolation.Rule)] = [
            (SamplePolicy.qa, SamplePolicy.ivanov, "x", .role),
            (SamplePolicy.head, SamplePolicy.ivanov, "", .reassignNote),
            (SamplePolicy.head, "nobody", "x", .unknownUser),
        ]
        for (actor, owner, note, rule) in cases {
            let violation = await refusal { _ = try await store.returnAllDeals(of: owner, note: note, by: actor) }
            #expect(violation?.rule == rule)
            #expect(fixture.logs.entries.contains { $0.metadata["rule"] == rule.rawValue && $0.metadata["action"] == "return-all" })
        }
        #expect(try await store.lead(id, as: SamplePolicy.head).status.owner == SamplePolicy.ivanov)
        // Nothing to return is not an error: it says so.
        let none = try await store.returnAllDeals(of: SamplePolicy.petrov, note: "в отпуске", by: SamplePolicy.head)
        #expect(none.returned.isEmpty && none.skipped.isEmpty && none.closed == 0)
    }
}
