import ArgumentParser
import Foundation
import LeadexControlAPI
import LeadexCore

struct WhoamiCommand: ControlCommand {
    static let configuration = CommandConfiguration(commandName: "whoami", abstract: "The Leadex user the daemon takes you for.")
    @OptionGroup var options: GlobalOptions

    func execute(_ client: ControlClient) throws {
        let (me, data) = try client.get("/v1/whoami", as: IdentityReply.self)
        let speech = client.speech
        output(data) {
            speech.say("\(me.login) (\(me.name)), \(speech.role(me.role)), пользователь Unix \(me.unixUser)", "\(me.login) (\(me.name)), \(me.role), as Unix user \(me.unixUser)")
        }
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
        let speech = client.speech
        output(data) {
            speech.say(
                "Заявка \(reply.lead.id) добавлена, \(reply.lead.owner.map { "ваша (\($0))" } ?? "на бирже"); контакт \(reply.lead.contactId) "
                    + (reply.newContact ? "новый." : "уже был в базе."),
                "Lead \(reply.lead.id) added, \(reply.lead.owner.map { "yours (\($0))" } ?? "on the exchange"); contact \(reply.lead.contactId) "
                    + (reply.newContact ? "is new." : "was already in the base."))
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
        let speech = client.speech
        output(data) {
            guard !contacts.isEmpty else { return speech.say("Таких контактов нет.", "No contacts match.") }
            var table = Table("ID", speech.say("ИМЯ", "NAME"), speech.say("ТЕЛЕФОНЫ", "PHONES"), "EMAIL", speech.say("ЗАЯВКИ", "LEADS"))
            for contact in contacts {
                let leads = (contact.leads ?? []).map { "\($0.id) \(speech.status($0))" }.joined(separator: "; ")
                table.add("\(contact.id)", contact.name, contact.phones.map(speech.phone).joined(separator: ", "), contact.emails.joined(separator: ", "), leads)
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
        let speech = client.speech
        output(data) {
            var table = Table(
                speech.say("ЛОГИН", "LOGIN"), speech.say("ИМЯ", "NAME"), speech.say("РОЛЬ", "ROLE"), speech.say("В РАБОТЕ", "OPEN"),
                speech.say("ЛИМИТ", "CAP"), speech.say("ЗАГРУЗКА", "LOAD"), speech.say("ОТКАЗЫ", "REFUSALS"))
            for user in users {
                let sells = user.role == "manager" || user.role == "head"
                let load = sells && user.cap > 0 ? "\(user.openDeals * 100 / user.cap)%" : "-"
                table.add(user.login, user.name, speech.role(user.role), "\(user.openDeals)", sells ? "\(user.cap)" : "-", load, "\(user.refusals)")
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
        guard ["csv", "json"].contains(format) else { throw ValidationError(Speech().say("--format: csv или json", "--format is csv or json")) }
    }

    func execute(_ client: ControlClient) throws {
        let data = try client.send("GET", "/v1/export")
        if format == "json" || options.json {
            writeOut(data)
            return
        }
        let rows: [ExportRow] = try client.decode(data)
        writeOut(Data(ExportRow.csv(rows).utf8))
    }
}

struct ReportCommand: ControlCommand {
    static let configuration = CommandConfiguration(commandName: "report", abstract: "QA/head/admin: the funnel, refusal reasons, or managers for a period.")
    @OptionGroup var options: GlobalOptions
    @Argument(help: "funnel, refusals or managers.") var kind: String
    @Option(help: "Start of the period: an ISO date or date-time (2026-11-01); default: 7 days ago.")
    var since: String?

    func validate() throws {
        guard ["funnel", "refusals", "managers"].contains(kind) else {
            throw ValidationError(Speech().say("отчёт: funnel (воронка), refusals (отказы) или managers (менеджеры)", "the report is funnel, refusals or managers"))
        }
    }

    func execute(_ client: ControlClient) throws {
        var path = "/v1/report"
        if let since { path += "?since=\(try sinceQuery(since, client))" }
        let (report, data) = try client.get(path, as: ReportReply.self)
        let speech = client.speech
        let say = speech.say
        output(data) {
            var lines = [
                "\(speech.time(report.since)) – \(speech.time(report.until)): "
                    + say(RussianPlural.count(report.newLeads, "новая заявка", "новые заявки", "новых заявок") + ", \(report.onExchangeNow) сейчас на бирже", "\(report.newLeads) new leads, \(report.onExchangeNow) on the exchange now"),
            ]
            switch kind {
            case "funnel":
                var table = Table(
                    say("ЭТАП", "STAGE"), say("ВОШЛО", "ENTERED"), say("ДАЛЬШЕ", "MOVED ON"), say("ВЫБЫЛО", "DROPPED"), say("ВЫИГРАНО", "WON"),
                    say("КОНВЕРСИЯ", "CONVERSION"), say("МЕДИАНА НА ЭТАПЕ", "MEDIAN TIME"))
                for stage in report.stages {
                    table.add(
                        stage.title, "\(stage.entered)", "\(stage.movedOn)", "\(stage.dropped)", "\(stage.won)",
                        stage.conversion.map(speech.percent) ?? "-", stage.medianSecondsInStage.map(speech.duration) ?? "-")
                }
                lines.append(table.text)
            case "refusals":
                var table = Table(say("ВИД", "KIND"), say("ПРИЧИНА", "REASON"), say("СКОЛЬКО", "COUNT"))
                for reason in report.refusalReasons { table.add(say("отказ", "refusal"), reason.title, "\(reason.count)") }
                for reason in report.disqualifyReasons { table.add(say("дисквалификация", "disqualified"), reason.title, "\(reason.count)") }
                lines.append(table.text)
            default:
                var table = Table(
                    say("ЛОГИН", "LOGIN"), say("ИМЯ", "NAME"), say("В РАБОТЕ", "OPEN"), say("ЛИМИТ", "CAP"), say("ВЗЯТО", "TAKEN"), say("ВЫИГРАНО", "WON"),
                    say("МЕДИАНА ДО ВЗЯТИЯ", "MEDIAN TIME TO TAKE"), say("СУММА ВЫИГРАННЫХ", "WON SUM"))
                for manager in report.managers {
                    table.add(
                        manager.login, manager.name, "\(manager.openDeals)", "\(manager.cap)", "\(manager.taken)", "\(manager.won)",
                        manager.medianSecondsToTake.map(speech.duration) ?? "-", manager.wonSum.map { speech.money($0.kopecks) } ?? "-")
                }
                lines.append(table.text)
                if let won = report.won {
                    let average = won.averageKopecks.map(speech.money) ?? "-"
                    lines.append(say(
                        "Выиграно на \(speech.money(won.kopecks)): сделок \(won.deals), с суммой \(won.priced), средняя сделка \(average)",
                        "Won \(speech.money(won.kopecks)): \(won.deals) deals, \(won.priced) with an amount, average deal \(average)"))
                }
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
        let speech = client.speech
        let say = speech.say
        output(data) {
            let never = say("никогда", "never")
            var jobs = Table(say("ЗАДАЧА", "JOB"), say("ПОСЛЕДНИЙ ЗАПУСК", "LAST RUN"), say("ИТОГ", "OUTCOME"), say("СЛЕДУЮЩИЙ", "NEXT RUN"), say("ПОДРОБНОСТИ", "DETAIL"))
            for job in status.jobs {
                // The name stays the id: it is what `leadexd run-job` and the config take.
                jobs.add(
                    job.name, job.lastSlot.map(speech.time) ?? never, JobText.outcome(job.lastOutcome, language: speech.language),
                    job.nextRun.map(speech.time) ?? "-", JobText.detail(job.lastDetail ?? "", language: speech.language))
            }
            var lines = [say("Время: \(speech.zoneName)", "Times in \(speech.zoneName)"), jobs.text, ""]
            // What is wrong goes under each table on lines of its own, never cut to the terminal:
            // it is the one line an admin needs.
            var problems: [String] = []
            func problem(_ name: String, _ summary: String?, _ detail: String?) {
                guard let summary else { return }
                problems.append("\(name): \(summary)")
                if let detail { problems.append("  > " + detail) }
            }
            if status.inboxes.isEmpty {
                lines.append(say("Почтовые ящики не настроены.", "No inboxes configured."))
            } else {
                var inboxes = Table(
                    say("ЯЩИК", "INBOX"), "URL", say("ПОСЛЕДНЕЕ ПИСЬМО", "LAST MAIL"), say("ПОСЛЕДНИЙ ПРОХОД", "LAST PASS"), say("СБОЙ С", "FAILING SINCE"),
                    say("СОСТОЯНИЕ", "STATE"))
                for inbox in status.inboxes {
                    let failing = inbox.failingSince != nil
                    inboxes.add(
                        inbox.title ?? inbox.name, inbox.url, inbox.lastAdvanced.map(speech.time) ?? never, inbox.lastPass.map(speech.time) ?? "-",
                        inbox.failingSince.map(speech.time) ?? "-",
                        inbox.problem == nil ? (failing ? inbox.lastError ?? say("сбой", "failing") : say("работает", "ok")) : say("сбой", "failing"))
                    problem(inbox.title ?? inbox.name, inbox.problem, inbox.problemDetail)
                }
                lines.append(inboxes.text)
            }
            lines.append("")
            if status.forms.isEmpty {
                lines.append(say("Веб-формы не настроены.", "No web forms configured."))
            } else {
                var forms = Table(say("ФОРМА", "FORM"), say("ПОСЛЕДНИЙ ОПРОС", "LAST POLL"), say("ПОСЛЕДНЯЯ ЗАЯВКА", "LAST REQUEST"), say("ПОСЛЕДНЯЯ ПРОВЕРКА", "LAST PROBE"), say("СОСТОЯНИЕ", "HEALTH"))
                for form in status.forms {
                    let probe = (form.lastProbeTitle ?? form.lastProbe).map { "\($0) \(form.lastProbeAt.map(speech.time) ?? "")" } ?? "-"
                    forms.add(
                        form.title ?? form.name, form.url == nil ? say("без ленты", "no feed") : form.lastPoll.map(speech.time) ?? never,
                        form.lastSubmission.map(speech.time) ?? never, probe, form.stateTitle ?? form.health)
                    problem(form.title ?? form.name, form.problem, form.problemDetail)
                }
                lines.append(forms.text)
            }
            if !problems.isEmpty { lines += ["", say("Что не так:", "What is wrong:")] + problems }
            lines.append("")
            lines.append(say("Исходящие письма: \(status.outboxPending) ждут отправки, \(status.outboxSent) отправлено.", "Outbox: \(status.outboxPending) waiting, \(status.outboxSent) sent."))
            if let failing = status.outboxFailing, failing > 0 {
                let error = status.outboxLastError ?? ""
                lines.append(say("Не отправляются: \(failing), последняя ошибка: \(error)", "Failing: \(failing), last error: \(error)"))
            }
            if let backup = status.lastBackup {
                let size = String(format: "%.1f", Double(backup.compressedBytes) / 1_048_576)
                let verified = backup.verified ? say("проверена", "verified") : say("НЕ ПРОВЕРЕНА (архив пропал или изменился)", "NOT VERIFIED (the archive is missing or changed)")
                lines.append(say(
                    "Последняя резервная копия: \(speech.time(backup.createdAt)), \(size) МБ, \(verified) (\(backup.file))",
                    "Last backup: \(speech.time(backup.createdAt)), \(size) MB, \(verified) (\(backup.file))"))
            } else {
                lines.append(say("Резервных копий ещё нет.", "No backup yet."))
            }
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
        guard show >= 0 else { throw ValidationError(Speech().say("--show — число строк, 0 или больше", "--show is a number of lines, 0 or more")) }
    }

    func execute(_ client: ControlClient) throws {
        let name = (file as NSString).lastPathComponent
        // Said before reading it all into memory and sending it, to be refused at the other end.
        if let size = (try? FileManager.default.attributesOfItem(atPath: file))?[.size] as? Int, size > Wire.maxBodyBytes {
            throw CommandFailure(status: .invalid, message: ImportReply.tooLarge(name, russian: client.speechAsked().language == .ru))
        }
        let body: Data
        do { body = try Data(contentsOf: URL(fileURLWithPath: file)) } catch {
            throw CommandFailure(status: .invalid, message: client.speechAsked().say("не удалось прочитать \(file): \(error.localizedDescription)", "cannot read \(file): \(error.localizedDescription)"))
        }
        var path = "/v1/import?file=\(queryValue(name))"
        if dryRun { path += "&dry_run=1" }
        if skipRejected { path += "&skip_rejected=1" }
        let data = try client.send("POST", path, body: body, contentType: "text/csv")
        let reply: ImportReply = try client.decode(data)
        let say = client.speech.say
        output(data) {
            var lines = [
                "\(reply.file) (\(reply.encoding), " + say("разделитель ", "separated by ") + "'\(reply.delimiter == "\t" ? "tab" : reply.delimiter)'): "
                    + reply.columns.map { "\($0.header) → \($0.field)" }.joined(separator: ", "),
            ]
            if !reply.ignoredColumns.isEmpty { lines.append(say("пропущенные столбцы: ", "ignored columns: ") + reply.ignoredColumns.joined(separator: ", ")) }
            lines.append(
                reply.dryRun
                    ? say(
                        "Будет создано контактов: \(reply.created), объединено с контактами в базе: \(reply.merged), с более ранней строкой: \(reply.mergedInFile), отклонено: \(reply.rejected)",
                        "\(reply.created) contacts would be created, \(reply.merged) merged into contacts in the base, \(reply.mergedInFile) merged with an earlier line, \(reply.rejected) rejected")
                    : say(
                        "Создано контактов: \(reply.created), объединено с контактами в базе: \(reply.merged), с более ранней строкой: \(reply.mergedInFile), отклонено: \(reply.rejected)",
                        "\(reply.created) contacts were created, \(reply.merged) merged into contacts in the base, \(reply.mergedInFile) merged with an earlier line, \(reply.rejected) rejected"))
            let kinds = [
                ("rejected", say("Отклонены", "Rejected")), ("merged", say("Объединены с базой", "Merged into the base")),
                ("merged_with_line", say("Объединены с более ранней строкой", "Merged with an earlier line")),
            ]
            for (action, title) in kinds {
                let chosen = reply.lines.filter { $0.action == action }
                guard !chosen.isEmpty else { continue }
                lines.append("\(title):")
                for line in chosen.prefix(show) {
                    let number = say("строка", "line") + " \(line.line)"
                    switch action {
                    case "rejected": lines.append("  \(number): \(line.reason ?? "")")
                    case "merged": lines.append("  \(number): " + say("контакт", "contact") + " \(line.contactId ?? 0) (" + say("совпал ", "same ") + "\(line.matchedBy ?? ""))")
                    default: lines.append("  \(number): " + say("со строкой", "with line") + " \(line.withLine ?? 0) (" + say("совпал ", "same ") + "\(line.matchedBy ?? ""))")
                    }
                }
                if chosen.count > show { lines.append("  … " + say("и ещё \(chosen.count - show) (--show N или --json)", "and \(chosen.count - show) more (--show N, or --json)")) }
            }
            if reply.dryRun { lines.append(say("Ничего не изменено (пробный запуск).", "Nothing was changed (dry run).")) }
            return lines.joined(separator: "\n")
        }
    }
}
