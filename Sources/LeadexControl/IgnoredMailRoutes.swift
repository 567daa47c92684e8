internal import Foundation
internal import Hummingbird
internal import LeadexControlAPI
internal import LeadexCore
public import LeadexStore

/// Reads a kept original as a request whatever intake's classifier said: intake's decider,
/// passed in by the daemon (the control layer does not parse mail).
public typealias MailRestoreDecider = @Sendable (_ mailbox: String, _ original: [UInt8]) -> MailIntakeItem

/// `leadexctl ignored` and `restore-ignored`: the head and admins review what intake ignored and
/// turn a wrong "ignored" back into a lead. The store decides who may and records the restore.
struct IgnoredMailRoutes: Sendable {
    let store: ExchangeStore
    let decide: MailRestoreDecider

    func add(to router: Router<ControlContext>) {
        router.get("/v1/ignored") { request, context in
            let since = try dateParameter("since", of: request)
            let mails = try await store.ignoredMail(since: since, as: context.login)
            return try json(
                mails.map {
                    IgnoredMailReply(
                        id: $0.id, mailbox: $0.mailbox, receivedAt: $0.receivedAt, sender: $0.sender, subject: $0.subject, reason: $0.reason,
                        originalBytes: $0.originalBytes, restored: $0.restored.map(Self.reply))
                })
        }
        router.post("/v1/ignored/:id/restore") { _, context in
            guard let raw = context.parameters.get("id"), let id = Int64(raw), id > 0 else {
                throw ControlRefusal.invalid(
                    "an ignored mail's id is a positive number (leadexctl ignored lists them)",
                    russian: "номер пропущенного письма — положительное число (их список: leadexctl ignored)")
            }
            let restored = try await store.restoreIgnoredMail(id, by: context.login, decide: decide)
            return try json(Self.reply(restored), status: restored.earlier ? .ok : .created)
        }
    }

    private static func reply(_ restored: RestoredMail) -> RestoredMailReply {
        RestoredMailReply(
            mailId: restored.mailID, leadId: restored.leadID?.rawValue, outcome: restored.outcome.rawValue, fromOriginal: restored.fromOriginal,
            restoredBy: restored.by.rawValue, restoredAt: restored.at, earlier: restored.earlier)
    }
}

/// The query parameter `name` as an ISO 8601 date-time from 1970 to 9999, `nil` when absent.
func dateParameter(_ name: String, of request: Request) throws -> Date? {
    try request.uri.queryParameters[Substring(name)].map { text -> Date in
        // FoundationEssentials' parser: Foundation's formatters would load ICU.
        guard let date = try? Date(String(text), strategy: .iso8601) else {
            throw ControlRefusal.invalid(
                "'\(name)' is an ISO 8601 date-time, found '\(text)'", russian: "«\(name)» — дата и время ISO 8601 (2026-12-08T10:00:00+03:00), а здесь «\(text)»")
        }
        // Queries compare it with stored times: years they cannot hold are refused here.
        guard date >= Date(timeIntervalSince1970: 0), date < Date(timeIntervalSince1970: 253_402_300_800) else {
            throw ControlRefusal.invalid(
                "'\(name)' is a date from 1970 to 9999, found '\(text)'", russian: "«\(name)» — дата от 1970 до 9999 года, а здесь «\(text)»")
        }
        return date
    }
}
