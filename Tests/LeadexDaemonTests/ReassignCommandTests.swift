import Foundation
import LeadexTesting
import Testing

/// `leadexctl reassign` against the real daemon, as the head's Unix account.
@Suite(.serialized, .enabled(if: LocalAccounts.available, "creates Unix users with useradd: run as root (CI does)"))
struct ReassignCommandTests {
    static let head = "lxhead"

    /// The daemon with a head of sales mapped to `lxhead`.
    static func start(language: String = "en", defaultCap: Int = 100) async throws -> ControlDaemon {
        try LocalAccounts.ensure(group: ControlSocketTests.group, users: [head])
        return try await ControlDaemon.start(defaultCap: defaultCap, language: language) { _ in
            """
            [[user]]
            login = "head"
            name = "Руководитель"
            role = "head"
            unix_user = "\(head)"
            """
        }
    }

    @Test func theHeadHandsADealOnAndReturnsAllOfAManagersDeals() async throws {
        let leadex = try await Self.start(defaultCap: 3)
        var ids: [Int64] = []
        for i in 0..<3 {
            let id = try await leadex.addLead(name: "Клиент \(i)", phone: "8 912 400-00-0\(i)")
            #expect(try await leadex.ctl("lxivanov", "take", "\(id)").status == 0)
            ids.append(id)
        }
        #expect(try await leadex.ctl("lxivanov", "refuse", "\(ids[2])", "--reason", "expensive").status == 0)

        let moved = try await leadex.ctl(Self.head, "reassign", "\(ids[0])", "--to", "petrov", "--note", "Иванов в отпуске")
        #expect(moved.status == 0, "\(moved.error)")
        #expect(moved.output.contains("Lead \(ids[0]) is now Пётр Петров's."), "\(moved.output)")
        let shown = try await leadex.ctl("lxpetrov", "show", "\(ids[0])")
        #expect(shown.output.contains("Руководитель: reassigned it: Иван Иванов → Пётр Петров — Иванов в отпуске"), "\(shown.output)")

        let all = try await leadex.ctl(Self.head, "reassign", "--all-of", "ivanov", "--to-exchange", "--note", "уволился")
        #expect(all.status == 0, "\(all.error)")
        #expect(all.output.contains("Returned to the exchange from Иван Иванов: 1 (\(ids[1]))."), "\(all.output)")
        #expect(all.output.contains("Left for QA, conditional refusals awaiting review: 1 (\(ids[2]))."), "\(all.output)")
        let exchange = try await leadex.ctl("lxpetrov", "exchange", "--json")
        #expect(exchange.output.contains("\"id\":\(ids[1])"), "\(exchange.output)")

        // A manager may not; a note is required; QA cannot be given deals.
        let manager = try await leadex.ctl("lxpetrov", "reassign", "\(ids[0])", "--to", "ivanov", "--note", "не хочу")
        #expect(manager.status == 2)
        #expect(manager.error.contains("a manager may not reassign deals"), "\(manager.error)")
        let noNote = try await leadex.ctl(Self.head, "reassign", "\(ids[0])", "--to", "ivanov", "--note", " ")
        #expect(noNote.status == 5)
        #expect(noNote.error.contains("a reassignment needs a note saying why"))
        let refusalDeal = try await leadex.ctl(Self.head, "reassign", "\(ids[2])", "--to", "petrov", "--note", "x")
        #expect(refusalDeal.status == 4)
        #expect(refusalDeal.error.contains("it is a conditional refusal awaiting review"), "\(refusalDeal.error)")
        let usage = try await leadex.ctl(Self.head, "reassign", "--all-of", "ivanov", "--note", "x")
        #expect(usage.status == 64)

        let log = await leadex.stop()
        #expect(log.contains("user=head") && log.contains("lead_id=\(ids[0])") && log.contains("action=reassigned"))
        #expect(log.split(separator: "\n").contains { $0.contains("rule=role") && $0.contains("user=petrov") && $0.contains("lead_id=\(ids[0])") })
        #expect(log.split(separator: "\n").contains { $0.contains("rule=reassign.note-required") && $0.contains("user=head") })
    }

    @Test func theReceiversCapIsSaidInRussian() async throws {
        let leadex = try await Self.start(language: "ru", defaultCap: 1)
        let first = try await leadex.addLead(name: "Клиент А", phone: "8 912 400-01-01")
        let second = try await leadex.addLead(name: "Клиент Б", phone: "8 912 400-01-02")
        #expect(try await leadex.ctl("lxivanov", "take", "\(first)").status == 0)
        #expect(try await leadex.ctl("lxpetrov", "take", "\(second)").status == 0)
        let full = try await leadex.ctl(Self.head, "reassign", "\(first)", "--to", "petrov", "--note", "перегружен")
        #expect(full.status == 4)
        #expect(full.error.contains("У Пётр Петров уже 1 открытых сделок — это его предел"), "\(full.error)")
        let none = try await leadex.ctl(Self.head, "reassign", "--all-of", "okk", "--to-exchange", "--note", "в отпуске")
        #expect(none.status == 0, "\(none.error)")
        #expect(none.output.contains("У Ольга (ОКК) нет сделок в работе"), "\(none.output)")
        let log = await leadex.stop()
        #expect(log.split(separator: "\n").contains { $0.contains("rule=exchange.cap") && $0.contains("user=head") && $0.contains("lead_id=\(first)") })
    }
}
