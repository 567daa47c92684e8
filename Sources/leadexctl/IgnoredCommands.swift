import ArgumentParser
import Foundation
import LeadexControlAPI

struct IgnoredCommand: ControlCommand {
    static let configuration = CommandConfiguration(
        commandName: "ignored",
        abstract: "Head/admin: mail intake did not make a lead of, and why; restore-ignored ID turns one into a lead.",
        discussion: """
            Every mail intake reads is either a lead, a line on an open deal, or ignored with a reason: an auto-reply, \
            a bounce, no email or phone, a mail loop, a web form's health probe. This lists the ignored ones, oldest first, \
            with the mailbox, the sender, the subject, the reason, and the lead a restored one became.
            """)
    @OptionGroup var options: GlobalOptions
    @Option(help: "Only mail received since then: an ISO date or date-time (2026-11-01, \"today 09:00\"); default: all of it.")
    var since: String?

    func execute(_ client: ControlClient) throws {
        var path = "/v1/ignored"
        if let since { path += "?since=\(try sinceQuery(since, client))" }
        let (mails, data) = try client.get(path, as: [IgnoredMailReply].self)
        let speech = client.speech
        output(data) {
            let say = speech.say
            guard !mails.isEmpty else {
                return since == nil ? say("Пропущенных писем нет.", "No ignored mail.") : say("С \(since ?? "") пропущенных писем нет.", "No ignored mail since \(since ?? "").")
            }
            var table = Table(
                "ID", say("ПОЛУЧЕНО", "RECEIVED"), say("ЯЩИК", "INBOX"), say("ОТ", "FROM"), say("ТЕМА", "SUBJECT"), say("ПРИЧИНА", "REASON"),
                say("ВОССТАНОВЛЕНО", "RESTORED"))
            for mail in mails {
                let restored = mail.restored.map {
                    say("заявка ", "lead ") + ($0.leadId.map { "\($0)" } ?? say("удалена", "deleted")) + say(", кто: ", " by ") + $0.restoredBy
                }
                table.add(
                    "\(mail.id)", speech.time(mail.receivedAt), mail.mailbox, mail.sender ?? "", String((mail.subject ?? "").prefix(40)),
                    String(mail.reason.prefix(60)) + (mail.originalBytes == nil ? say(" (оригинал не сохранён)", " (original not kept)") : ""), restored ?? "-")
            }
            return table.text
        }
    }
}

struct RestoreIgnoredCommand: ControlCommand {
    static let configuration = CommandConfiguration(
        commandName: "restore-ignored",
        abstract: "Head/admin: turn an ignored mail into a lead, read again from its kept original.",
        discussion: """
            The mail becomes what intake would have made of a request: a new lead on the exchange, or a line on the open \
            deal it continues (a reply, or a known contact writing again). Restoring twice makes one lead. When the \
            original was not kept (over keep_original_kb, or a message over max_message_mb), the lead is made from its sender and subject, and says so. \
            The history records who restored it and why it had been ignored.
            """)
    @OptionGroup var options: GlobalOptions
    @Argument(help: "The mail's id, from leadexctl ignored.") var id: Int64

    func execute(_ client: ControlClient) throws {
        let data = try client.send("POST", "/v1/ignored/\(id)/restore")
        let reply: RestoredMailReply = try client.decode(data)
        let speech = client.speech
        output(data) {
            let say = speech.say
            let lead = reply.leadId.map { say("заявка \($0)", "lead \($0)") } ?? say("заявка, удалённая с тех пор", "a lead deleted since")
            let mail = reply.mailId
            var text =
                if reply.earlier {
                    say(
                        "Письмо \(mail) уже восстановил \(reply.restoredBy) \(speech.time(reply.restoredAt)): \(lead).",
                        "Mail \(mail) was already restored by \(reply.restoredBy) at \(speech.time(reply.restoredAt)): \(lead).")
                } else {
                    switch reply.outcome {
                    case "history": say("Письмо \(mail) добавлено к открытой сделке: \(lead).", "Mail \(mail) added to the open deal \(lead).")
                    case "duplicate": say("Письмо \(mail) уже было: \(lead).", "Mail \(mail) already was \(lead).")
                    default: say("Письмо \(mail) теперь \(lead), на бирже.", "Mail \(mail) is now \(lead), on the exchange.")
                    }
                }
            if !reply.fromOriginal {
                text += say(" Оригинал не сохранён: в заявке только отправитель и тема.", " Its original was not kept: the lead holds only the sender and subject.")
            }
            return text
        }
    }
}

/// A `--since` argument as the query value the daemon reads (ISO 8601, UTC).
func sinceQuery(_ since: String, _ client: ControlClient) throws -> String {
    guard let date = ReminderTime.parse(since, now: Date()) else {
        throw CommandFailure(status: .invalid, message: client.speechAsked().say("не понял дату «\(since)» (например, 2026-11-01)", "cannot read the date '\(since)' (try 2026-11-01)"))
    }
    return queryValue(ISO8601DateFormatter().string(from: date))
}
