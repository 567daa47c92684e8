import Foundation
import LeadexControlAPI
import LeadexCore
import LeadexStore
import LeadexTesting
import NIOCore
import Testing
@testable import LeadexControl

/// The cached exchange list is, after every change, exactly the list read afresh.
@Suite struct ExchangeListCacheTests {
    func fresh(_ store: ExchangeStore) async throws -> [LeadSummary] {
        let mapping = WireMapping(pipeline: store.policy.pipeline)
        return try await store.exchange(withText: false).map(mapping.summary)
    }

    func cached(_ cache: ExchangeListCache, _ store: ExchangeStore) async throws -> [LeadSummary] {
        let body = try await cache.body(from: store)
        return try Wire.decoder().decode([LeadSummary].self, from: Data(body.readableBytesView))
    }

    func same(_ a: [LeadSummary], _ b: [LeadSummary]) -> Bool {
        a.map { "\($0.id) \($0.status) \($0.stageTitle) \($0.lastActivityAt)" } == b.map { "\($0.id) \($0.status) \($0.stageTitle) \($0.lastActivityAt)" }
    }

    @Test func followsTakesReturnsArrivalsAndReloads() async throws {
        let fixture = try await StoreFixture(defaultCap: 10)
        let store = fixture.store
        let cache = ExchangeListCache()
        var ids: [LeadID] = []
        for _ in 0..<5 { ids.append(try await fixture.incoming()) }
        #expect(same(try await cached(cache, store), try await fresh(store)))
        #expect(try await cached(cache, store).count == 5)

        fixture.clock.advance(by: .seconds(60))
        try await store.perform(.take, on: ids[1], by: SamplePolicy.ivanov)
        #expect(try await cached(cache, store).map(\.id) == [ids[0], ids[2], ids[3], ids[4]].map(\.rawValue))

        fixture.clock.advance(by: .seconds(60))
        try await store.perform(.returnToExchange(note: nil), on: ids[1], by: SamplePolicy.ivanov)
        let sixth = try await fixture.incoming()
        let afterReturn = try await cached(cache, store)
        #expect(same(afterReturn, try await fresh(store)))
        #expect(afterReturn.count == 6 && afterReturn.last?.id == sixth.rawValue)

        // A reload renaming a stage renders every lead again.
        var policy = store.policy
        var stages = policy.pipeline.stages
        stages[0].title = "Свежая заявка"
        policy.pipeline = try Pipeline(stages)
        try await store.apply(policy: policy)
        #expect(try await cached(cache, store).allSatisfy { $0.stageTitle == "Свежая заявка" })
    }
}
