import Foundation
import LeadexCore
import LeadexStore
import LeadexTesting
import Logging
import Testing

@Suite struct ExchangeStoreTests {
    @Test func aDealsLifeIsWrittenToItsHistory() async throws {
        let fixture = try await StoreFixture()
        let store = fixture.store
        let id = try await fixture.incoming()
        fixture.clock.advance(by: .seconds(60))
        try await store.perform(.take, on: id, by: SamplePolicy.ivanov)
        fixture.clock.advance(by: .seconds(3600))
        let moved = try await store.perform(.moveToStage("call"), on: id, by: SamplePolicy.ivanov)
        #expect(moved.stageEnteredAt == fixture.clock.now())
        try await store.perform(.refuse(reason: "expensive", note: "бюджет 50к"), on: id, by: SamplePolicy.ivanov)
        try await store.perform(.reopen(to: SamplePolicy.petrov, note: "реальный бюджет 550к"), on: id, by: SamplePolicy.qa)
        let won = try await store.perform(.win(note: nil), on: id, by: SamplePolicy.petrov)
        #expect(won.status == .won(by: SamplePolicy.petrov))

        let history = try await store.history(of: id, as: SamplePolicy.head)
        #expect(history.map(\.action) == [.created, .taken, .stageChanged, .refused, .reopened, .won])
        #expect(history.map(\.actor) == [nil, SamplePolicy.ivanov, SamplePolicy.ivanov, SamplePolicy.ivanov, SamplePolicy.qa, SamplePolicy.petrov])
        #expect(history[2].fromStage == "new" && history[2].toStage == "call")
        #expect(history[3].reason == "expensive")
        // Read back from the file, the deal is what the rules made it.
        #expect(try await store.lead(id, as: SamplePolicy.petrov) == won)
    }

    @Test func concurrentTakesOfOneLeadHaveExactlyOneWinner() async throws {
        let fixture = try await StoreFixture(defaultCap: 100)
        for round in 0..<20 {
            let id = try await fixture.incoming("race-\(round)")
            let takers: [UserLogin] = [SamplePolicy.ivanov, SamplePolicy.exporter, SamplePolicy.trainee, SamplePolicy.head]
            let results = await withTaskGroup(of: (UserLogin, Result<Lead, RuleViolation>).self) { group in
                for index in 0..<32 {
                    let taker = takers[index % takers.count]
                    group.addTask {
                        do {
                            return (taker, .success(try await fixture.store.perform(.take, on: id, by: taker)))
                        } catch {
                            return (taker, .failure(error as! RuleViolation))
                        }
                    }
                }
                return await group.reduce(into: []) { $0.append($1) }
            }
            let winners = results.filter { if case .success = $0.1 { true } else { false } }
            #expect(winners.count == 1)
            let winner = winners[0].0
            for case (let loser, .failure(let violation)) in results {
                #expect(violation.rule == .alreadyTaken)
                if loser == winner {
                    #expect(violation.description.contains("already yours"))
                } else {
                    #expect(violation.takenBy == winner)
                    #expect(violation.description.contains("already taken by \(winner)"))
                }
            }
            let history = try await fixture.store.history(of: id, as: SamplePolicy.head)
            #expect(history.filter { $0.action == .taken }.count == 1)
        }
    }

    @Test func separateConnectionsToOneFileAlsoHaveOneWinner() async throws {
        // Two processes on one file: each ExchangeStore here has its own connection pool, so the
        // race is decided by SQLite's locking, not by the in-process writer queue.
        let fixture = try await StoreFixture(defaultCap: 100)
        let others = try await (0..<3).asyncMap { _ in
            try await ExchangeStore(
                database: LeadexDatabase(path: fixture.database.path), policy: SamplePolicy.make(defaultCap: 100),
                clock: fixture.clock, logger: Logger(label: "other"))
        }
        let stores = [fixture.store] + others
        for round in 0..<10 {
            let id = try await fixture.incoming("multi-\(round)")
            let wins = await withTaskGroup(of: Bool.self) { group in
                for index in 0..<16 {
                    let store = stores[index % stores.count]
                    let taker = index % 2 == 0 ? SamplePolicy.ivanov : SamplePolicy.trainee
                    group.addTask { (try? await store.perform(.take, on: id, by: taker)) != nil }
                }
                return await group.reduce(0) { $0 + ($1 ? 1 : 0) }
            }
            #expect(wins == 1)
        }
    }

    @Test func theCapHoldsUnderConcurrentTakes() async throws {
        let fixture = try await StoreFixture(defaultCap: 3)
        let ids = try await (0..<10).asyncMap { try await fixture.incoming("cap-\($0)") }
        let taken = await withTaskGroup(of: Bool.self) { group in
            for id in ids {
                group.addTask { (try? await fixture.store.perform(.take, on: id, by: SamplePolicy.ivanov)) != nil }
            }
            return await group.reduce(0) { $0 + ($1 ? 1 : 0) }
        }
        #expect(taken == 3)
        #expect(try await fixture.store.openDeals(as: SamplePolicy.ivanov).count == 3)
        // Refusing one frees a slot.
        let mine = try await fixture.store.openDeals(as: SamplePolicy.ivanov)
        try await fixture.store.perform(.refuse(reason: "competitor", note: nil), on: mine[0].id!, by: SamplePolicy.ivanov)
        let next = try await fixture.store.exchange()[0].id!
        try await fixture.store.perform(.take, on: next, by: SamplePolicy.ivanov)
    }

    @Test func everyRefusalIsLoggedWithTheRuleItBroke() async throws {
        let fixture = try await StoreFixture()
        let id = try await fixture.incoming()
        try await fixture.store.perform(.take, on: id, by: SamplePolicy.ivanov)
        let violation = await refusal { try await fixture.store.perform(.take, on: id, by: SamplePolicy.petrov) }
        #expect(violation?.rule == .alreadyTaken)
        let closeLost = await refusal { try await fixture.store.perform(.closeLost(note: nil), on: id, by: SamplePolicy.ivanov) }
        #expect(closeLost?.rule == .refusalReview)
        let peek = await refusal { _ = try await fixture.store.lead(id, as: SamplePolicy.petrov) }
        #expect(peek?.rule == .visibility)
        let export = await refusal { _ = try await fixture.store.export(as: SamplePolicy.ivanov) }
        #expect(export?.rule == .right)
        let stranger = await refusal { try await fixture.store.perform(.take, on: id, by: "mallory") }
        #expect(stranger?.rule == .unknownUser)

        let warnings = fixture.logs.entries.filter { $0.level == .warning }
        #expect(warnings.map { $0.metadata["rule"] } == ["exchange.taken", "refusal.review", "visibility", "right", "user.unknown"])
        #expect(warnings[0].metadata["user"] == "petrov")
        #expect(warnings[0].metadata["lead_id"] == "\(id)")
        #expect(warnings[0].metadata["action"] == "taken")
        #expect(warnings[0].message == "refused: deal \(id) is already taken by ivanov")
        // A refused action changed nothing.
        #expect(try await fixture.store.history(of: id, as: SamplePolicy.head).map(\.action) == [.created, .taken])
    }

    @Test func managersListOnlyTheirOwnDeals() async throws {
        let fixture = try await StoreFixture()
        let a = try await fixture.incoming()
        let b = try await fixture.incoming()
        _ = try await fixture.incoming()
        try await fixture.store.perform(.take, on: a, by: SamplePolicy.ivanov)
        try await fixture.store.perform(.take, on: b, by: SamplePolicy.petrov)
        #expect(try await fixture.store.openDeals(as: SamplePolicy.ivanov).map(\.id) == [a])
        #expect(try await fixture.store.openDeals(as: SamplePolicy.qa).map(\.id) == [a, b])
        #expect(try await fixture.store.exchange().count == 1)
        let history = await refusal { _ = try await fixture.store.history(of: b, as: SamplePolicy.ivanov) }
        #expect(history?.rule == .visibility)
    }

    @Test func exportAndDeletionNeedRightsAndAreAudited() async throws {
        let fixture = try await StoreFixture()
        let id = try await fixture.incoming(email: "client@firm.ru", phone: "89161234567")
        let rows = try await fixture.store.export(as: SamplePolicy.exporter)
        #expect(rows.count == 1)
        #expect(rows[0].contact.emails == ["client@firm.ru"])
        let headExport = await refusal { _ = try await fixture.store.export(as: SamplePolicy.head) }
        #expect(headExport?.rule == .right)
        let contact = try await fixture.store.contact(ofLead: id, as: SamplePolicy.admin)
        let managerDelete = await refusal { try await fixture.store.delete(contact: contact.id!, as: SamplePolicy.exporter) }
        #expect(managerDelete?.rule == .right)
        try await fixture.store.delete(contact: contact.id!, as: SamplePolicy.admin)
        let gone = await refusal { _ = try await fixture.store.lead(id, as: SamplePolicy.admin) }
        #expect(gone?.rule == .notFound)
        let audit = try fixture.database.auditTrail()
        #expect(audit.map(\.action) == ["export", "delete"])
        #expect(audit.map(\.actor) == ["analyst", "admin"])
    }
}
