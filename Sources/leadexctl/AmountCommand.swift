import ArgumentParser
import Foundation
import LeadexControlAPI

/// `leadexctl amount ID SUM`: what the deal is worth; the daemon reads the sum as typed.
struct AmountCommand: ControlCommand {
    static let configuration = CommandConfiguration(
        commandName: "amount", abstract: "Set what your deal is worth in roubles (the head: any deal's), or clear it.",
        discussion: """
            The sum as you would write it: 150000, "150 000", "150 000,50", 150000.50, 150k, and thousands and millions \
            abbreviated in Russian as well (docs/team-and-amounts.md); quote it when it has spaces. A comma or a dot before exactly \
            three digits (1,500) is refused as ambiguous. More than zero, at most 10 billion.
            """)
    @OptionGroup var options: GlobalOptions
    @Argument(help: "The lead's id.") var id: Int64
    @Argument(help: "The sum in roubles.") var sum: String?
    @Flag(help: "Remove the deal's amount instead.") var clear = false

    func validate() throws {
        guard (sum == nil) == clear else {
            throw ValidationError(Speech().say("укажите сумму или --clear", "give a sum, or --clear"))
        }
    }

    func execute(_ client: ControlClient) throws {
        let request = clear ? AmountRequest(clear: true) : AmountRequest(amount: sum)
        let (lead, data) = try client.post("/v1/leads/\(id)/amount", request, as: LeadSummary.self)
        let speech = client.speech
        output(data) {
            guard let amount = lead.amountTitle else {
                return speech.say("Сделка \(lead.id): сумма убрана.", "Lead \(lead.id): amount cleared.")
            }
            return speech.say("Сделка \(lead.id): сумма \(amount).", "Lead \(lead.id): amount \(amount).")
        }
    }
}
