import ArgumentParser
import Foundation
import LeadexControlAPI

struct ExchangeCommand: ControlCommand {
    static let configuration = CommandConfiguration(
        commandName: "exchange", abstract: "Leads on the exchange, oldest first: the client, their phone, the request, its source and age.")
    @OptionGroup var options: GlobalOptions
    @Option(help: "Only this source: a kind (mail, form, manual, import) or a code (form:site).") var source: String?
    @Option(help: "Only leads waiting longer than this: 30m, 2h, 3d, 1w.") var olderThan: String?
    @Option(help: "At most this many leads.") var limit: Int?
    @Flag(help: "Newest first (with --limit: the newest ones).") var newest = false

    func validate() throws {
        if let limit, limit < 1 { throw ValidationError(Speech().say("--limit — число заявок, 1 или больше", "--limit is a number of leads, 1 or more")) }
        if let olderThan, Self.seconds(olderThan) == nil {
            throw ValidationError(Speech().say("--older-than: например 30m, 2h, 3d, 1w", "--older-than is like 30m, 2h, 3d, 1w"))
        }
    }

    /// "2h" → 7200: the offset ``ReminderTime`` reads, measured from now.
    static func seconds(_ text: String) -> Double? {
        let now = Date()
        return ReminderTime.parse("+" + text, now: now).map { $0.timeIntervalSince(now) }
    }

    func execute(_ client: ControlClient) throws {
        let (all, data) = try client.get("/v1/exchange", as: [LeadSummary].self)
        let speech = client.speech
        var leads = all
        if let source {
            let wanted = source.lowercased()
            leads = leads.filter { $0.source.lowercased() == wanted || $0.source.lowercased().hasPrefix(wanted + ":") }
        }
        if let olderThan, let seconds = Self.seconds(olderThan) {
            leads = leads.filter { speech.now.timeIntervalSince($0.createdAt) > seconds }
        }
        if newest { leads.reverse() }
        if let limit { leads = Array(leads.prefix(limit)) }
        let empty = all.isEmpty ? speech.say("На бирже нет заявок.", "The exchange is empty.") : speech.say("Таких заявок на бирже нет.", "No such leads on the exchange.")
        output(data) {
            guard !leads.isEmpty else { return empty }
            let say = speech.say
            var table = Table(
                "ID", say("ЖДЁТ", "AGE"), say("КЛИЕНТ", "CLIENT"), say("КОМПАНИЯ", "COMPANY"), say("ТЕЛЕФОН", "PHONE"), say("ИСТОЧНИК", "SOURCE"),
                say("ЗАЯВКА", "TITLE"))
            for lead in leads {
                table.add(
                    "\(lead.id)", speech.age(since: lead.createdAt), lead.clientName ?? "", lead.clientCompany ?? "",
                    lead.clientPhone.map(speech.phone) ?? "", speech.source(lead), lead.title)
            }
            var text = table.text
            if leads.count < all.count { text += "\n" + say("Показано \(leads.count) из \(all.count).", "\(leads.count) of \(all.count) shown.") }
            return text
        }
    }
}

struct MineCommand: ControlCommand {
    static let configuration = CommandConfiguration(
        commandName: "mine",
        abstract: "Your deals being worked and your refusals awaiting review (QA and the head: everyone's), those over their stage's norm first.")
    @OptionGroup var options: GlobalOptions
    @Option(help: "Only deals in this stage (its id or title).") var stage: String?

    func execute(_ client: ControlClient) throws {
        let (all, data) = try client.get("/v1/mine", as: [LeadSummary].self)
        let speech = client.speech
        var leads = all
        if let stage {
            let wanted = stage.lowercased()
            leads = leads.filter { $0.stage.lowercased() == wanted || $0.stageTitle.lowercased() == wanted }
        }
        // What needs attention first: overdue reminders, then the furthest over its stage's norm,
        // then the longest in its stage.
        func overNorm(_ lead: LeadSummary) -> Double {
            guard let norm = lead.stageNormSeconds, norm > 0 else { return 0 }
            return max(0, speech.now.timeIntervalSince(lead.stageEnteredAt) / norm - 1)
        }
        leads.sort { ($0.overdueReminders ?? 0, overNorm($0), $1.stageEnteredAt) > ($1.overdueReminders ?? 0, overNorm($1), $0.stageEnteredAt) }
        output(data) { speech.leads(leads, empty: speech.say("Открытых сделок нет.", "No open deals.")) }
    }
}

struct RefusalsCommand: ControlCommand {
    static let configuration = CommandConfiguration(
        commandName: "refusals", abstract: "Conditional refusals awaiting review by QA or the head, oldest first.")
    @OptionGroup var options: GlobalOptions

    func execute(_ client: ControlClient) throws {
        let (leads, data) = try client.get("/v1/refusals", as: [LeadSummary].self)
        let speech = client.speech
        output(data) {
            guard !leads.isEmpty else { return speech.say("Условных отказов на проверке нет.", "No refusals awaiting review.") }
            var table = Table(
                "ID", speech.say("МЕНЕДЖЕР", "OWNER"), speech.say("ПРИЧИНА", "REASON"), speech.say("ЖДЁТ", "SINCE"), speech.say("КОММЕНТАРИЙ", "NOTE"),
                speech.say("ЗАЯВКА", "TITLE"))
            for lead in leads {
                table.add(
                    "\(lead.id)", lead.ownerName ?? lead.owner ?? "", lead.reasonTitle ?? lead.reason ?? "", speech.age(since: lead.lastActivityAt),
                    lead.reasonNote ?? "", lead.title)
            }
            return table.text
        }
    }
}

struct ShowCommand: ControlCommand {
    static let configuration = CommandConfiguration(commandName: "show", abstract: "A deal: contact, stage and time in it, reminders, full history.")
    @OptionGroup var options: GlobalOptions
    @Argument(help: "The lead's id.") var id: Int64

    func execute(_ client: ControlClient) throws {
        let (detail, data) = try client.get("/v1/leads/\(id)", as: LeadDetail.self)
        let speech = client.speech
        output(data) {
            let lead = detail.lead
            // One line per field: a line break or an escape stored in a title or a note must not
            // start a line of its own or act on the terminal (the text keeps its lines).
            let line = { (text: String) in TerminalText.safe(text) }
            let say = speech.say
            var lines = [
                say("Заявка", "Lead") + " \(lead.id): \(line(lead.title))",
                "  " + say("статус:   ", "status:   ") + speech.status(lead),
                "  " + say("этап:     ", "stage:    ") + "\(lead.stageTitle), " + say("уже ", "for ") + speech.age(since: lead.stageEnteredAt),
                "  " + say("источник: ", "source:   ") + "\(speech.source(lead)), \(speech.time(lead.createdAt)) ("
                    + say("\(speech.age(since: lead.createdAt)) назад", "\(speech.age(since: lead.createdAt)) ago") + ")",
                "  " + say("клиент:   ", "contact:  ") + "\(line(detail.contact.name))\(detail.contact.company.map { ", \(line($0))" } ?? "") ("
                    + say("контакт", "contact") + " \(detail.contact.id))",
            ]
            if let amount = lead.amountTitle { lines.insert("  " + say("сумма:    ", "amount:   ") + amount, at: 3) }
            for phone in detail.contact.phones { lines.append("            \(line(speech.phone(phone)))") }
            for email in detail.contact.emails { lines.append("            \(line(email))") }
            if !detail.text.isEmpty {
                lines.append("  " + say("текст:    ", "text:     ") + detail.text.split(separator: "\n").prefix(10).joined(separator: "\n            "))
            }
            if !detail.reminders.isEmpty {
                lines.append(say("Напоминания:", "Reminders:"))
                for reminder in detail.reminders {
                    let state = reminder.sentAt == nil ? say("ждёт    ", "pending ") : say("отправл.", "sent    ")
                    lines.append("  \(speech.time(reminder.dueAt))  \(state)  \(line(reminder.note))")
                }
            }
            lines.append(say("История:", "History:"))
            for entry in detail.history {
                lines.append("  \(speech.time(entry.at))  \(line(entry.text ?? Self.plain(entry)))")
            }
            return lines.joined(separator: "\n")
        }
    }

    /// A history line from its ids, for a daemon that does not word them.
    static func plain(_ entry: HistoryLine) -> String {
        var what = (entry.actor ?? "leadex") + ": " + entry.action
        if let from = entry.fromStage, let to = entry.toStage { what += " \(from) → \(to)" } else if let to = entry.toStage { what += " → \(to)" }
        if let reason = entry.reason { what += " [\(reason)]" }
        if let note = entry.note, !note.isEmpty { what += ": \(note)" }
        return what
    }
}

/// The commands that act on one lead and print it as it became.
protocol LeadActionCommand: ControlCommand {
    var id: Int64 { get }
    var route: String { get }
    var request: ActionRequest { get }
    func done(_ lead: LeadSummary, _ speech: Speech) -> String
}

extension LeadActionCommand {
    func execute(_ client: ControlClient) throws {
        let (lead, data) = try client.post("/v1/leads/\(id)/\(route)", request, as: LeadSummary.self)
        let speech = client.speech
        output(data) { done(lead, speech) }
    }
}

struct TakeCommand: LeadActionCommand {
    static let configuration = CommandConfiguration(
        commandName: "take", abstract: "Take a lead from the exchange (exit 4 with the winner's name if someone was first).")
    @OptionGroup var options: GlobalOptions
    @Argument(help: "The lead's id.") var id: Int64
    var route: String { "take" }
    var request: ActionRequest { ActionRequest() }
    func done(_ lead: LeadSummary, _ s: Speech) -> String { s.say("Заявка \(lead.id) ваша: \(lead.title)", "Lead \(lead.id) is yours: \(lead.title)") }
}

struct ReturnCommand: LeadActionCommand {
    static let configuration = CommandConfiguration(commandName: "return", abstract: "Hand your deal back to the exchange.")
    @OptionGroup var options: GlobalOptions
    @Argument(help: "The lead's id.") var id: Int64
    @Option(help: "Why, for whoever takes it next.") var note: String?
    var route: String { "return" }
    var request: ActionRequest { ActionRequest(note: note) }
    func done(_ lead: LeadSummary, _ s: Speech) -> String { s.say("Заявка \(lead.id) снова на бирже.", "Lead \(lead.id) is back on the exchange.") }
}

struct KeepCommand: LeadActionCommand {
    static let configuration = CommandConfiguration(commandName: "keep", abstract: "Mark your deal to be kept through the next exchange sweep.")
    @OptionGroup var options: GlobalOptions
    @Argument(help: "The lead's id.") var id: Int64
    @Flag(help: "Clear the mark instead.") var clear = false
    var route: String { "keep" }
    var request: ActionRequest { ActionRequest(keep: !clear) }
    func done(_ lead: LeadSummary, _ s: Speech) -> String {
        clear
            ? s.say("Со сделки \(lead.id) снята отметка «держать».", "Lead \(lead.id) is no longer marked keep.")
            : s.say("Сделка \(lead.id) останется за вами после следующей чистки.", "Lead \(lead.id) is kept through the next sweep.")
    }
}

struct StageCommand: LeadActionCommand {
    static let configuration = CommandConfiguration(commandName: "stage", abstract: "Move your deal to another pipeline stage.")
    @OptionGroup var options: GlobalOptions
    @Argument(help: "The lead's id.") var id: Int64
    @Argument(help: "The stage id (as in the config: call, needs, proposal, meeting, revision, closing, ...).") var stage: String
    var route: String { "stage" }
    var request: ActionRequest { ActionRequest(stage: stage) }
    func done(_ lead: LeadSummary, _ s: Speech) -> String { s.say("Сделка \(lead.id) на этапе «\(lead.stageTitle)».", "Lead \(lead.id) is now in \(lead.stageTitle).") }
}

struct WinCommand: LeadActionCommand {
    static let configuration = CommandConfiguration(commandName: "win", abstract: "The client bought: close your deal as won.")
    @OptionGroup var options: GlobalOptions
    @Argument(help: "The lead's id.") var id: Int64
    @Option(help: "A note for the history.") var note: String?
    var route: String { "win" }
    var request: ActionRequest { ActionRequest(note: note) }
    func done(_ lead: LeadSummary, _ s: Speech) -> String { s.say("Сделка \(lead.id) выиграна.", "Lead \(lead.id) is won.") }
}

struct NoteCommand: LeadActionCommand {
    static let configuration = CommandConfiguration(
        commandName: "note", abstract: "Add a note to your deal's history: a call made, no answer, what was agreed.")
    @OptionGroup var options: GlobalOptions
    @Argument(help: "The lead's id.") var id: Int64
    @Argument(help: "The note (quote it).") var text: String
    var route: String { "note" }
    var request: ActionRequest { ActionRequest(note: text) }
    func done(_ lead: LeadSummary, _ s: Speech) -> String { s.say("Сделка \(lead.id): заметка добавлена.", "Lead \(lead.id): note added.") }
}

struct RefuseCommand: LeadActionCommand {
    static let configuration = CommandConfiguration(
        commandName: "refuse", abstract: "Set a conditional refusal (условный отказ); QA or the head reviews it.")
    @OptionGroup var options: GlobalOptions
    @Argument(help: "The lead's id.") var id: Int64
    @Option(help: "A reason id from the configured list (expensive, small-budget, competitor, no-need, unreachable, timing, postponed, other).")
    var reason: String
    @Option(help: "What happened (required for 'other').") var note: String?
    var route: String { "refuse" }
    var request: ActionRequest { ActionRequest(note: note, reason: reason) }
    func done(_ lead: LeadSummary, _ s: Speech) -> String {
        s.say("Сделка \(lead.id): условный отказ (\(reason)), ждёт проверки ОКК.", "Lead \(lead.id): conditional refusal (\(reason)), awaiting review.")
    }
}

struct DisqualifyCommand: LeadActionCommand {
    static let configuration = CommandConfiguration(commandName: "disqualify", abstract: "Not a real lead: spam, wrong number, outdated, duplicate.")
    @OptionGroup var options: GlobalOptions
    @Argument(help: "The lead's id.") var id: Int64
    @Option(help: "A reason id (wrong-number, outdated, spam, duplicate).") var reason: String
    @Option(help: "A note for the history.") var note: String?
    var route: String { "disqualify" }
    var request: ActionRequest { ActionRequest(note: note, reason: reason) }
    func done(_ lead: LeadSummary, _ s: Speech) -> String { s.say("Заявка \(lead.id) дисквалифицирована (\(reason)).", "Lead \(lead.id) is disqualified (\(reason)).") }
}

struct CloseLostCommand: LeadActionCommand {
    static let configuration = CommandConfiguration(commandName: "close-lost", abstract: "QA/head: confirm a conditional refusal; the deal is closed and not realized.")
    @OptionGroup var options: GlobalOptions
    @Argument(help: "The lead's id.") var id: Int64
    @Option(help: "What the review found.") var note: String?
    var route: String { "close-lost" }
    var request: ActionRequest { ActionRequest(note: note) }
    func done(_ lead: LeadSummary, _ s: Speech) -> String { s.say("Сделка \(lead.id) закрыта как проигранная.", "Lead \(lead.id) is closed as lost.") }
}

struct ReopenCommand: LeadActionCommand {
    static let configuration = CommandConfiguration(commandName: "reopen", abstract: "QA/head: bring a refused or lost deal back to work.")
    @OptionGroup var options: GlobalOptions
    @Argument(help: "The lead's id.") var id: Int64
    @Option(help: "Give it to this manager (login) instead of the exchange.") var to: String?
    @Option(help: "What the client told QA, for the manager who gets the deal (required).") var note: String?
    var route: String { "reopen" }
    var request: ActionRequest { ActionRequest(note: note, to: to) }
    func done(_ lead: LeadSummary, _ s: Speech) -> String {
        s.say(
            "Сделка \(lead.id) снова в работе: \(lead.owner.map { "у \($0)" } ?? "на бирже").",
            "Lead \(lead.id) is back in work: \(lead.owner.map { "with \($0)" } ?? "on the exchange").")
    }
}

struct RemindCommand: ControlCommand {
    static let configuration = CommandConfiguration(commandName: "remind", abstract: "Set a callback reminder on a deal.")
    @OptionGroup var options: GlobalOptions
    @Argument(help: "The lead's id.") var id: Int64
    @Option(help: "When: an ISO date-time (2026-12-01T10:00, local time unless a zone is given: 2026-12-20T15:00+03:00), \"tomorrow 10:00\", \"monday 10:00\", 10:00 (today, or tomorrow once past), \"+2 months\", \"in 2 hours\", \"+3d\", and the same in Russian (docs/texts.md); at most a minute past and five years ahead.")
    var at: String
    @Option(help: "Whom to call and about what.") var note: String

    func execute(_ client: ControlClient) throws {
        guard let due = ReminderTime.parse(at, now: Date()) else {
            throw CommandFailure(
                status: .invalid,
                message: client.speechAsked().say(
                    "не понял время «\(at)»; так можно: \(ReminderTime.examples.joined(separator: ", "))",
                    "cannot read the time '\(at)'; these work: \(ReminderTime.examples.joined(separator: ", "))"))
        }
        let (reminder, data) = try client.post("/v1/leads/\(id)/reminders", ReminderRequest(at: due, note: note), as: ReminderReply.self)
        let speech = client.speech
        output(data) {
            speech.say(
                "Напоминание \(reminder.id) по заявке \(id): \(speech.time(reminder.dueAt)) — \(reminder.note)",
                "Reminder \(reminder.id) on lead \(id) at \(speech.time(reminder.dueAt)): \(reminder.note)")
        }
    }
}
