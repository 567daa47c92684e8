import Foundation
import GRDB
import LeadexCore
@testable import LeadexStore
import LeadexTesting
import Testing

/// Deal amounts in the store: v9-deal-amounts on an earlier database, the amount kept through
/// every later change of the deal, refusals logged and changing nothing.
@Suite struct DealAmountStoreTests {
    @Test func migrationV9AddsAnEmptyAmountToEveryLeadAndBoundsIt() async throws {
        let directory = try TemporaryDirectory()
        let path = try await databaseFile(migratedUpTo: "v8-health-check", in: directory) { db in
            try db.execute(sql: "INSERT INTO stage (id, title, position) VALUES ('new', 'Новая заявка', 0)")
            try db.execute(sql: "INSERT INTO contact (id, name, created_at, updated_at) VALUES (1, 'Клиент', '2026-11-01 10:00:00.000', '2026-11-01 10:00:00.000')")
            try db.execute(
                sql: """
                    INSERT INTO lead (id, contact_id, source_kind, source_name, title, text, stage, status, created_at, stage_entered_at, last_activity_at)
                    VALUES (1, 1, 'form', 'site', 'Заявка', '', 'new', 'exchange', '2026-11-01 10:00:00.000', '2026-11-01 10:00:00.000', '2026-11-01 10:00:00.000')
                    """)
        }
        let database = try LeadexDatabase(path: path)
        #expect(try database.appliedMigrations().contains("v9-deal-amounts"))
        let store = try await ExchangeStore(database: database, policy: SamplePolicy.make(), clock: ManualWallClock(), logger: LogCapture().logger())
        let lead = try await store.lead(LeadID(1), as: SamplePolicy.head)
        #expect(lead.amount == nil && lead.title == "Заявка")
        try await database.pool.write { db in
            for bad in ["0", "-100", "1000000000001", "1.5"] {
                #expect(throws: DatabaseError.self, "\(bad)") { try db.execute(sql: "UPDATE lead SET amount_kopecks = \(bad) WHERE id = 1") }
            }
            try db.execute(sql: "UPDATE lead SET amount_kopecks = 1000000000000 WHERE id = 1")
        }
        #expect(try database.integrityCheck() == "ok")
    }

    @Test func theOwnerSetsItAndItStaysThroughTheDealsLife() async throws {
        let fixture = try await StoreFixture()
        let store = fixture.store
        let id = try await fixture.incoming()
        try await store.perform(.take, on: id, by: SamplePolicy.ivanov)
        let set = try await store.setAmount("150 000,50", on: id, by: SamplePolicy.ivanov)
        #expect(set.amount?.kopecks == 15_000_050)
        try await store.perform(.moveToStage("call"), on: id, by: SamplePolicy.ivanov)
        try await store.perform(.win(note: nil), on: id, by: SamplePolicy.ivanov)
        #expect(try await store.lead(id, as: SamplePolicy.head).amount?.kopecks == 15_000_050, "later changes keep the amount")
        try await store.setAmount("1,5 млн", on: id, by: SamplePolicy.head)
        #expect(try await store.lead(id, as: SamplePolicy.ivanov).amount?.kopecks == 150_000_000)
        let history = try await store.history(of: id, as: SamplePolicy.head).filter { $0.action == .amountSet }
        #expect(history.map(\.note) == ["150000.50", "1500000.00; was 150000.50"])
        #expect(history.map(\.actor) == [SamplePolicy.ivanov, SamplePolicy.head])
    }

    @Test func aRefusedAmountIsLoggedAndChangesNothing() async throws {
        let fixture = try await StoreFixture()
        let store = fixture.store
        let id = try await fixture.incoming()
        try await store.perform(.take, on: id, by: SamplePolicy.ivanov)
        try await store.setAmount("100 000", on: id, by: SamplePolicy.ivanov)
        let before = try await store.history(of: id, as: SamplePolicy.head)
        let cases: [(String?, UserLogin, RuleViolation.Rule)] = [
            ("-5", SamplePolicy.ivanov, .amount), ("1,500", SamplePolicy.ivanov, .amount), ("100 000", SamplePolicy.ivanov, .sameAmount),
            ("5", SamplePolicy.petrov, .visibility), ("5", SamplePolicy.qa, .role),
        ]
        for (typed, login, rule) in cases {
            let violation = await refusal { try await store.setAmount(typed, on: id, by: login) }
            #expect(violation?.rule == rule, "\(typed ?? "clear") by \(login)")
            #expect(fixture.logs.entries.contains { $0.metadata["rule"] == rule.rawValue && $0.metadata["lead_id"] == "\(id)" && $0.metadata["user"] == login.rawValue })
        }
        #expect(try await store.history(of: id, as: SamplePolicy.head) == before)
        #expect(try await store.lead(id, as: SamplePolicy.head).amount?.kopecks == 10_000_000)
    }
}
