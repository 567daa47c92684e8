import ArgumentParser
import Foundation
import LeadexControlAPI

/// `leadexctl reassign`: the head hands a deal to another manager, or returns all of one
/// manager's deals to the exchange. The daemon decides whether they may.
struct ReassignCommand: ControlCommand {
    static let configuration = CommandConfiguration(
        commandName: "reassign",
        abstract: "Head of sales: hand a deal to another manager, or return all of a manager's deals to the exchange.",
        discussion: """
            reassign ID --to LOGIN --note TEXT gives the deal to LOGIN, within LOGIN's cap. \
            reassign --all-of LOGIN --to-exchange --note TEXT returns every deal LOGIN is working to the exchange; \
            conditional refusals awaiting QA and closed deals stay where they are.
            """)
    @OptionGroup var options: GlobalOptions
    @Argument(help: "The lead's id (not with --all-of).") var id: Int64?
    @Option(help: "The manager (login) to give the deal to.") var to: String?
    @Option(help: "Return all of this manager's (login) open deals to the exchange.") var allOf: String?
    @Flag(help: "With --all-of: to the exchange (the only place all of a manager's deals go at once).") var toExchange = false
    @Option(help: "Why (on leave, leaving, overloaded): required, the next manager reads it.") var note: String

    func validate() throws {
        let say = Speech().say
        if allOf != nil {
            guard id == nil, to == nil, toExchange else {
                throw ValidationError(say(
                    "--all-of ЛОГИН идёт вместе с --to-exchange, без номера сделки и без --to",
                    "--all-of LOGIN goes with --to-exchange, without a lead id or --to"))
            }
        } else {
            guard id != nil, to != nil, !toExchange else {
                throw ValidationError(say(
                    "нужно: reassign НОМЕР --to ЛОГИН --note ТЕКСТ или reassign --all-of ЛОГИН --to-exchange --note ТЕКСТ",
                    "use: reassign ID --to LOGIN --note TEXT, or reassign --all-of LOGIN --to-exchange --note TEXT"))
            }
        }
    }

    func execute(_ client: ControlClient) throws {
        if let owner = allOf {
            let path = "/v1/users/\(owner.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? owner)/return-all"
            let (reply, data) = try client.post(path, ActionRequest(note: note), as: ReturnAllReply.self)
            let speech = client.speech
            output(data) { Self.text(reply, speech) }
        } else if let id, let to {
            let (lead, data) = try client.post("/v1/leads/\(id)/reassign", ActionRequest(note: note, to: to), as: LeadSummary.self)
            let speech = client.speech
            output(data) {
                let owner = lead.ownerName ?? lead.owner ?? to
                return speech.say("Сделка \(lead.id) передана: \(owner).", "Lead \(lead.id) is now \(owner)'s.")
            }
        }
    }

    /// What went back and what stayed, each said once.
    static func text(_ reply: ReturnAllReply, _ speech: Speech) -> String {
        let say = speech.say
        let ids = { (leads: [LeadSummary]) in leads.map { "\($0.id)" }.joined(separator: ", ") }
        var lines = [
            reply.returned.isEmpty
                ? say("У \(reply.ownerName) нет сделок в работе: на биржу ничего не возвращено.", "\(reply.ownerName) has no deals being worked: nothing returned.")
                : say(
                    "На биржу возвращено сделок \(reply.ownerName): \(reply.returned.count) (\(ids(reply.returned))).",
                    "Returned to the exchange from \(reply.ownerName): \(reply.returned.count) (\(ids(reply.returned))).")
        ]
        if !reply.skipped.isEmpty {
            lines.append(say(
                "Не тронуты условные отказы на проверке ОКК: \(reply.skipped.count) (\(ids(reply.skipped))).",
                "Left for QA, conditional refusals awaiting review: \(reply.skipped.count) (\(ids(reply.skipped)))."))
        }
        if reply.closed > 0 {
            lines.append(say(
                "Закрытые сделки остаются за \(reply.ownerName): \(reply.closed).", "Closed deals stay with \(reply.ownerName): \(reply.closed)."))
        }
        return lines.joined(separator: "\n")
    }
}
