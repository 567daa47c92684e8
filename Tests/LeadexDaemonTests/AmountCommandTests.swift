import Foundation
import LeadexTesting
import Testing

/// `leadexctl amount ID SUM` against the real daemon: set as typed, shown in `show`, summed in
/// the report, refused with the reason.
@Suite(.serialized, .enabled(if: LocalAccounts.available, "creates Unix users with useradd: run as root (CI does)"))
struct AmountCommandTests {
    @Test func theOwnerSetsAnAmountAndTheReportSumsTheWonDeals() async throws {
        let leadex = try await ControlDaemon.start()
        let lead = try await leadex.addLead(name: "Клиент с суммой", phone: "8 912 500-00-01")
        #expect(try await leadex.ctl("lxivanov", "take", "\(lead)").status == 0)
        let set = try await leadex.ctl("lxivanov", "amount", "\(lead)", "150 000,50")
        #expect(set.status == 0, "\(set.error)")
        #expect(set.output.contains("Lead \(lead): amount 150,000.50 ₽."), "\(set.output)")
        let shown = try await leadex.ctl("lxivanov", "show", "\(lead)")
        #expect(shown.output.contains("  amount:   150,000.50 ₽\n"), "\(shown.output)")
        #expect(shown.output.contains("Иван Иванов: amount 150,000.50 ₽"), "\(shown.output)")
        #expect(try await leadex.ctl("lxivanov", "show", "\(lead)", "--json").output.contains("\"amount_kopecks\":15000050"))

        let ambiguous = try await leadex.ctl("lxivanov", "amount", "\(lead)", "1,500")
        #expect(ambiguous.status == 5)
        #expect(ambiguous.error.contains("'1,500' is ambiguous"), "\(ambiguous.error)")
        let negative = try await leadex.ctl("lxivanov", "amount", "\(lead)", "--", "-5")
        #expect(negative.status == 5)
        #expect(negative.error.contains("an amount cannot be negative"), "\(negative.error)")
        let colleague = try await leadex.ctl("lxpetrov", "amount", "\(lead)", "1")
        #expect(colleague.status == 2, "\(colleague.error)")
        #expect(try await leadex.ctl("lxivanov", "amount", "\(lead)").status == 64, "a sum or --clear")

        #expect(try await leadex.ctl("lxivanov", "win", "\(lead)").status == 0)
        let report = try await leadex.ctl("lxokk", "report", "managers")
        #expect(report.status == 0, "\(report.error)")
        #expect(report.output.contains("Won 150,000.50 ₽: 1 deals, 1 with an amount, average deal 150,000.50 ₽"), "\(report.output)")
        let json = try await leadex.ctl("lxokk", "report", "managers", "--json")
        #expect(json.output.contains("\"won\":{\"average_kopecks\":15000050,") || json.output.contains("\"kopecks\":15000050"), "\(json.output)")

        let cleared = try await leadex.ctl("lxivanov", "amount", "\(lead)", "--clear")
        #expect(cleared.status == 0, "\(cleared.error)")
        #expect(cleared.output.contains("Lead \(lead): amount cleared."))
        let log = await leadex.stop()
        #expect(log.split(separator: "\n").contains { $0.contains("rule=amount.invalid") && $0.contains("user=ivanov") && $0.contains("lead_id=\(lead)") })
    }

    @Test func russianOutputWritesRoubles() async throws {
        let leadex = try await ControlDaemon.start(language: "ru")
        let lead = try await leadex.addLead(name: "Клиент", phone: "8 912 500-00-02")
        #expect(try await leadex.ctl("lxivanov", "take", "\(lead)").status == 0)
        let set = try await leadex.ctl("lxivanov", "amount", "\(lead)", "1,5 млн")
        #expect(set.output.contains("Сделка \(lead): сумма 1 500 000 ₽."), "\(set.output)")
        let zero = try await leadex.ctl("lxivanov", "amount", "\(lead)", "0")
        #expect(zero.error.contains("Сумма — больше нуля"), "\(zero.error)")
        _ = await leadex.stop()
    }
}
