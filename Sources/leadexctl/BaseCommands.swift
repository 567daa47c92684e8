import ArgumentParser
import Foundation
import LeadexControlAPI

struct WhoamiCommand: ControlCommand {
    static let configuration = CommandConfiguration(commandName: "whoami", abstract: "The Leadex user the daemon takes you for.")
    @OptionGroup var options: GlobalOptions

    func execute(_ client: ControlClient) throws {
        let (me, data) = try client.get("/v1/whoami", as: IdentityReply.self)
        output(data) { "\(me.login) (\(me.name)), \(me.role), as Unix user \(me.unixUser)" }
    }
}

struct AddCommand: ControlCommand {
    static let configuration = CommandConfiguration(
        commandName: "add", abstract: "A lead taken by phone or at an exhibition: onto the exchange, or --take it yourself.")
    @OptionGroup var options: GlobalOptions
    @Option(help: "The client's name.") var name: String
    @Option(help: "Phone, any format (8 912 345-67-89, +7 (912) 345 67 89).") var phone: String
    @Option(help: "Email.") var email: String?
    @Option(help: "What they asked about.") var note: String?
    @Flag(help: "Take it straight away instead of putting it on the exchange.") var take = false

    func execute(_ client: ControlClient) throws {
        let request = NewLeadRequest(name: name, phone: phone, email: email, note: note, take: take)
        let (reply, data) = try client.post("/v1/leads", request, as: NewLeadReply.self)
        output(data) {
            let whose = reply.lead.owner.map { "yours (\($0))" } ?? "on the exchange"
            return "Lead \(reply.lead.id) added, \(whose); contact \(reply.lead.contactId) \(reply.newContact ? "is new" : "was already in the base")."
        }
    }
}

struct ContactsCommand: ControlCommand {
    static let configuration = CommandConfiguration(
        commandName: "contacts", abstract: "Search contacts by name, phone (any format) or email, within what you may see.")
    @OptionGroup var options: GlobalOptions
    @Argument(help: "A name, a phone or part of it, an email.") var query: String

    func execute(_ client: ControlClient) throws {
        let (contacts, data) = try client.get("/v1/contacts?q=\(queryValue(query))", as: [ContactReply].self)
        output(data) {
            guard !contacts.isEmpty else { return "No contacts match." }
            var table = Table("ID", "NAME", "PHONES", "EMAILS", "LEADS")
            for contact in contacts {
                let leads = (contact.leads ?? []).map { "\($0.id) \(Format.status($0))" }.joined(separator: "; ")
                table.add("\(contact.id)", contact.name, contact.phones.joined(separator: ", "), contact.emails.joined(separator: ", "), leads)
            }
            return table.text
        }
    }
}

struct UsersCommand: ControlCommand {
    static let configuration = CommandConfiguration(commandName: "users", abstract: "QA/head/admin: each user's open deals against their cap.")
    @OptionGroup var options: GlobalOptions

    func execute(_ client: ControlClient) throws {
        let (users, data) = try client.get("/v1/users", as: [UserLoadReply].self)
        output(data) {
            var table = Table("LOGIN", "NAME", "ROLE", "OPEN", "CAP", "LOAD", "REFUSALS")
            for user in users {
                let sells = user.role == "manager" || user.role == "head"
                let load = sells && user.cap > 0 ? "\(user.openDeals * 100 / user.cap)%" : "-"
                table.add(user.login, user.name, user.role, "\(user.openDeals)", sells ? "\(user.cap)" : "-", load, "\(user.refusals)")
            }
            return table.text
        }
    }
}

struct ExportCommand: ControlCommand {
    static let configuration = CommandConfiguration(
        commandName: "export", abstract: "The whole base (needs the export right, admin or not; refused and logged otherwise).")
    @OptionGroup var options: GlobalOptions
    @Option(help: "csv or json.") var format: String = "csv"

    func validate() throws {
        guard ["csv", "json"].contains(format) else { throw ValidationError("--format is csv or json") }
    }

    func execute(_ client: ControlClient) throws {
        let data = try client.send("GET", "/v1/export")
        if format == "json" || options.json {
            writeOut(data)
            return
        }
        let rows: [ExportRow]
        do { rows = try Wire.decoder().decode([ExportRow].self, from: data) } catch {
            throw CommandFailure(status: .failure, message: "cannot read leadexd's reply: \(error)")
        }
        var csv = "lead_id,status,owner,stage,source,created_at,title,contact_id,name,company,phones,emails\r\n"
        let iso = ISO8601DateFormatter()
        for row in rows {
            let fields = [
                "\(row.lead.id)", row.lead.status, row.lead.owner ?? "", row.lead.stage, row.lead.source, iso.string(from: row.lead.createdAt),
                row.lead.title, "\(row.contact.id)", row.contact.name, row.contact.company ?? "", row.contact.phones.joined(separator: " "),
                row.contact.emails.joined(separator: " "),
            ]
            csv += fields.map(csvField).joined(separator: ",") + "\r\n"
        }
        writeOut(Data(csv.utf8))
    }

    private func csvField(_ text: String) -> String {
        guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}

struct ReportCommand: ControlCommand {
    static let configuration = CommandConfiguration(commandName: "report", abstract: "QA/head/admin: the funnel, refusal reasons, or managers for a period.")
    @OptionGroup var options: GlobalOptions
    @Argument(help: "funnel, refusals or managers.") var kind: String
    @Option(help: "Start of the period: an ISO date or date-time (2026-11-01); default: 7 days ago.")
    var since: String?

    func validate() throws {
        guard ["funnel", "refusals", "managers"].contains(kind) else { throw ValidationError("the report is funnel, refusals or managers") }
    }

    func execute(_ client: ControlClient) throws {
        var path = "/v1/report"
        if let since { path += "?since=\(try sinceQuery(since))" }
        let (report, data) = try client.get(path, as: ReportReply.self)
        output(data) {
            var lines = ["\(Format.time(report.since)) – \(Format.time(report.until)): \(report.newLeads) new leads, \(report.onExchangeNow) on the exchange now"]
            switch kind {
            case "funnel":
                var table = Table("STAGE", "ENTERED", "MOVED ON", "DROPPED", "WON", "CONVERSION", "MEDIAN TIME")
                for stage in report.stages {
                    table.add(
                        stage.title, "\(stage.entered)", "\(stage.movedOn)", "\(stage.dropped)", "\(stage.won)",
                        stage.conversion.map(Format.percent) ?? "-",
                        stage.medianSecondsInStage.map { Format.age(since: Date(timeIntervalSinceNow: -$0)) } ?? "-")
                }
                lines.append(table.text)
            case "refusals":
                var table = Table("KIND", "REASON", "COUNT")
                for reason in report.refusalReasons { table.add("refusal", reason.title, "\(reason.count)") }
                for reason in report.disqualifyReasons { table.add("disqualified", reason.title, "\(reason.count)") }
                lines.append(table.text)
            default:
                var table = Table("LOGIN", "NAME", "OPEN", "CAP", "TAKEN", "WON", "MEDIAN TIME TO TAKE")
                for manager in report.managers {
                    table.add(
                        manager.login, manager.name, "\(manager.openDeals)", "\(manager.cap)", "\(manager.taken)", "\(manager.won)",
                        manager.medianSecondsToTake.map { Format.age(since: Date(timeIntervalSinceNow: -$0)) } ?? "-")
                }
                lines.append(table.text)
            }
            return lines.joined(separator: "\n")
        }
    }
}

struct StatusCommand: ControlCommand {
    static let configuration = CommandConfiguration(commandName: "status", abstract: "QA/head/admin: inboxes, web forms and timed jobs — last run, next run, failures.")
    @OptionGroup var options: GlobalOptions

    func execute(_ client: ControlClient) throws {
        let (status, data) = try client.get("/v1/status", as: StatusReply.self)
        output(data) {
            var jobs = Table("JOB", "LAST RUN", "OUTCOME", "NEXT RUN", "DETAIL")
            for job in status.jobs {
                jobs.add(
                    job.name, job.lastSlot.map(Format.time) ?? "never", job.lastOutcome ?? "-", job.nextRun.map(Format.time) ?? "-",
                    String((job.lastDetail ?? "").prefix(60)))
            }
            var lines = [jobs.text, ""]
            if status.inboxes.isEmpty {
                lines.append("No inboxes configured.")
            } else {
                var inboxes = Table("INBOX", "URL", "LAST MAIL", "LAST PASS", "FAILING SINCE", "ERROR")
                for inbox in status.inboxes {
                    inboxes.add(
                        inbox.name, inbox.url, inbox.lastAdvanced.map(Format.time) ?? "never", inbox.lastPass.map(Format.time) ?? "-",
                        inbox.failingSince.map(Format.time) ?? "-", String((inbox.lastError ?? "").prefix(60)))
                }
                lines.append(inboxes.text)
            }
            lines.append("")
            if status.forms.isEmpty {
                lines.append("No web forms configured.")
            } else {
                var forms = Table("FORM", "LAST POLL", "LAST REQUEST", "LAST PROBE", "HEALTH")
                for form in status.forms {
                    let probe = form.lastProbe.map { "\($0) \(form.lastProbeAt.map(Format.time) ?? "")" } ?? "-"
                    forms.add(
                        form.name, form.url == nil ? "no feed" : form.lastPoll.map(Format.time) ?? "never", form.lastSubmission.map(Format.time) ?? "never", probe,
                        String(form.health.prefix(60)))
                }
                lines.append(forms.text)
            }
            lines.append("")
            lines.append("Outbox: \(status.outboxPending) waiting, \(status.outboxSent) sent.")
            return lines.joined(separator: "\n")
        }
    }
}

struct ImportCommand: ControlCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Admin/head: import a CSV of clients into the base (all or nothing).",
        discussion: """
            Columns are found by their header names, Russian or English (ФИО/Имя/Name, Телефон/Phone, Email/Почта, \
            Компания/Company, Комментарий/Note); the file may be UTF-8 or windows-1251, separated by ';', ',' or tabs. \
            Phones in any format are normalized; a row sharing a phone or email with a contact in the base, or with an \
            earlier row, is merged into it.

            Run with --dry-run first: it shows what would be created, merged or rejected and why, and changes nothing. \
            The real run writes everything in one transaction, and refuses the whole file if any row would be rejected, \
            unless --skip-rejected.
            """)
    @OptionGroup var options: GlobalOptions
    @Argument(help: "The CSV file.") var file: String
    @Flag(help: "Show what would happen; change nothing.") var dryRun = false
    @Flag(help: "Import the good rows even though some are rejected.") var skipRejected = false
    @Option(help: "How many lines of each kind to list (all with --json).") var show: Int = 10

    func validate() throws {
        guard show >= 0 else { throw ValidationError("--show is a number of lines, 0 or more") }
    }

    func execute(_ client: ControlClient) throws {
        let name = (file as NSString).lastPathComponent
        // Said before reading it all into memory and sending it, to be refused at the other end.
        if let size = (try? FileManager.default.attributesOfItem(atPath: file))?[.size] as? Int, size > Wire.maxBodyBytes {
            throw CommandFailure(status: .invalid, message: ImportReply.tooLarge(name))
        }
        let body: Data
        do { body = try Data(contentsOf: URL(fileURLWithPath: file)) } catch {
            throw CommandFailure(status: .invalid, message: "cannot read \(file): \(error.localizedDescription)")
        }
        var path = "/v1/import?file=\(queryValue(name))"
        if dryRun { path += "&dry_run=1" }
        if skipRejected { path += "&skip_rejected=1" }
        let data = try client.send("POST", path, body: body, contentType: "text/csv")
        let reply: ImportReply
        do { reply = try Wire.decoder().decode(ImportReply.self, from: data) } catch {
            throw CommandFailure(status: .failure, message: "cannot read leadexd's reply: \(error)")
        }
        output(data) {
            var lines = [
                "\(reply.file) (\(reply.encoding), '\(reply.delimiter == "\t" ? "tab" : reply.delimiter)'-separated): "
                    + reply.columns.map { "\($0.header) → \($0.field)" }.joined(separator: ", "),
            ]
            if !reply.ignoredColumns.isEmpty { lines.append("ignored columns: " + reply.ignoredColumns.joined(separator: ", ")) }
            let verb = reply.dryRun ? "would be" : "were"
            lines.append(
                "\(reply.created) contacts \(verb) created, \(reply.merged) merged into contacts in the base, "
                    + "\(reply.mergedInFile) merged with an earlier line, \(reply.rejected) rejected")
            for (action, title) in [("rejected", "Rejected"), ("merged", "Merged into the base"), ("merged_with_line", "Merged with an earlier line")] {
                let chosen = reply.lines.filter { $0.action == action }
                guard !chosen.isEmpty else { continue }
                lines.append("\(title):")
                for line in chosen.prefix(show) {
                    switch action {
                    case "rejected": lines.append("  line \(line.line): \(line.reason ?? "")")
                    case "merged": lines.append("  line \(line.line): contact \(line.contactId ?? 0) (same \(line.matchedBy ?? ""))")
                    default: lines.append("  line \(line.line): with line \(line.withLine ?? 0) (same \(line.matchedBy ?? ""))")
                    }
                }
                if chosen.count > show { lines.append("  … and \(chosen.count - show) more (--show N, or --json)") }
            }
            if reply.dryRun { lines.append("Nothing was changed (dry run).") }
            return lines.joined(separator: "\n")
        }
    }
}
