internal import Foundation
internal import Hummingbird
internal import LeadexControlAPI
internal import LeadexCore
internal import LeadexStore
internal import NIOCore

/// The control API: each route reads its JSON, calls the store as the caller, and writes the
/// reply. No rule is decided here; the store applies them and its refusals become 403/404/409/422.
struct ControlRoutes: Sendable {
    let store: ExchangeStore
    /// After a reminder is set: wakes the scheduler in case it is due before what it sleeps for.
    let reminderAdded: @Sendable () -> Void
    /// The daemon's jobs, inboxes and outbox, gathered by whoever runs them.
    let status: @Sendable () async throws -> StatusReply
    let exchangeCache = ExchangeListCache()
    /// The configured language and clocks of what people read.
    let language: TextLanguage
    let zone: ZoneRules

    var mapping: WireMapping {
        let policy = store.policy
        return WireMapping(pipeline: policy.pipeline, wording: Wording(language: language, zone: zone, policy: policy))
    }

    func add(to router: Router<ControlContext>) {
        router.get("/v1/whoami") { _, context in
            try json(IdentityReply(login: context.login.rawValue, name: context.user.name, role: context.user.role.rawValue, unixUser: context.identity!.unixUser))
        }
        router.get("/v1/exchange") { _, _ in
            jsonResponse(try await exchangeCache.body(from: store, wording: mapping.wording))
        }
        router.get("/v1/mine") { _, context in
            let overdue = try await store.overdueReminders()
            return try json(
                try await store.openDeals(as: context.login).map { lead in
                    var summary = mapping.summary(lead)
                    summary.overdueReminders = lead.id.flatMap { overdue[$0] }
                    return summary
                })
        }
        router.get("/v1/refusals") { _, context in
            try json(try await store.refusalsAwaitingReview(as: context.login).map(mapping.summary))
        }
        router.get("/v1/leads/:id") { _, context in
            let id = try leadID(context)
            let lead = try await store.lead(id, as: context.login)
            let contact = try await store.contact(ofLead: id, as: context.login)
            let reminders = try await store.reminders(of: id, as: context.login)
            let history = try await store.history(of: id, as: context.login)
            let mapping = mapping
            return try json(
                LeadDetail(
                    lead: mapping.summary(lead), text: lead.text, contact: mapping.contact(contact),
                    reminders: reminders.map(mapping.reminder), history: history.map(mapping.history)))
        }
        for name in ["take", "return", "keep", "stage", "win", "refuse", "disqualify", "close-lost", "reopen", "note", "reassign"] {
            router.post("/v1/leads/:id/\(name)") { request, context in
                let id = try leadID(context)
                let body: ActionRequest = try await decode(request, context, empty: ActionRequest())
                try RequestText.check(body)
                let lead = try await store.perform(try action(name, body), on: id, by: context.login)
                return try json(mapping.summary(lead))
            }
        }
        router.post("/v1/leads/:id/amount") { request, context in
            let id = try leadID(context)
            let body: AmountRequest = try await decode(request, context)
            guard (body.amount != nil) != (body.clear == true) else {
                throw ControlRefusal.invalid(
                    "send either 'amount' (as typed: \"150 000\", \"1,5 млн\") or 'clear': true",
                    russian: "укажите сумму (150 000, 1,5 млн) или --clear, чтобы её убрать")
            }
            if let amount = body.amount { _ = try RequestText.line(amount, "the amount") }
            return try json(mapping.summary(try await store.setAmount(body.amount, on: id, by: context.login)))
        }
        router.post("/v1/users/:login/return-all") { request, context in
            guard let login = context.parameters.get("login"), !login.isEmpty else { throw ControlRefusal.invalid("a user's login is needed", russian: "укажите логин пользователя") }
            let owner = try RequestText.line(login, "the user")
            let body: ActionRequest = try await decode(request, context, empty: ActionRequest())
            try RequestText.check(body)
            let outcome = try await store.returnAllDeals(of: UserLogin(rawValue: owner), note: body.note ?? "", by: context.login)
            let mapping = mapping
            return try json(
                ReturnAllReply(
                    owner: owner, ownerName: mapping.wording?.user(outcome.owner) ?? owner, returned: outcome.returned.map(mapping.summary),
                    skipped: outcome.skipped.map(mapping.summary), closed: outcome.closed))
        }
        router.post("/v1/leads/:id/reminders") { request, context in
            let id = try leadID(context)
            let body: ReminderRequest = try await decode(request, context)
            guard !body.note.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
                throw ControlRefusal.invalid(
                    "a reminder needs a note: whom to call and about what", russian: "напоминанию нужен текст: кому звонить и о чём")
            }
            _ = try RequestText.note(body.note, "the note")
            let reminder = try await store.setReminder(on: id, at: body.at, note: body.note, by: context.login)
            reminderAdded()
            return try json(mapping.reminder(reminder), status: .created)
        }
        router.post("/v1/leads") { request, context in
            let body: NewLeadRequest = try await decode(request, context)
            // Control characters first, so their refusal names the field in both languages.
            for (value, what) in [(body.name, "the name"), (body.phone, "the phone"), (body.email ?? "", "the email")] {
                _ = try RequestText.line(value, what)
            }
            _ = try RequestText.note(body.note ?? "", "the note")
            let incoming: IncomingLead
            do throws(ManualLeadProblem) {
                // The same checks as the web workspace's Новая заявка.
                incoming = try IncomingLead.manual(name: body.name, phone: body.phone, email: body.email, note: body.note, by: context.login)
            } catch {
                let russian: String =
                    switch error.field {
                    case .name: "у заявки должно быть имя клиента"
                    case .phone: "«\(body.phone)» — не номер телефона (российские номера в любом виде, другие — с +кодом страны)"
                    case .email: "«\(body.email ?? "")» — не адрес электронной почты (name@domain.ru)"
                    case .note: "текст заявки не удалось принять"
                    }
                throw ControlRefusal.invalid(error.description, russian: russian)
            }
            let (lead, newContact) = try await store.addLead(incoming, take: body.take, by: context.login)
            return try json(NewLeadReply(lead: mapping.summary(lead), newContact: newContact), status: .created)
        }
        router.get("/v1/contacts") { request, context in
            let query = request.uri.queryParameters["q"].map(String.init) ?? ""
            // A short run of digits would match nothing useful: said, rather than an empty list.
            let digits = query.filter(\.isASCII).filter(\.isNumber).count
            if ExchangeStore.looksLikePhone(query), digits < ExchangeStore.minimumPhoneDigits, PhoneNumber(query) == nil {
                let least = ExchangeStore.minimumPhoneDigits
                throw ControlRefusal(
                    kind: .invalid, rule: "request",
                    message: "a phone search needs at least \(least) digits (this one has \(digits))",
                    russian: "для поиска по телефону нужно не меньше \(least) цифр (здесь \(digits))")
            }
            let mapping = mapping
            return try json(try await store.searchContacts(query, as: context.login).map { mapping.contact($0.contact, leads: $0.leads) })
        }
        router.get("/v1/users") { _, context in
            try json(
                try await store.teamLoad(as: context.login).map {
                    UserLoadReply(
                        login: $0.user.login.rawValue, name: $0.user.name, role: $0.user.role.rawValue, openDeals: $0.openDeals,
                        refusals: $0.refusals, cap: $0.cap)
                })
        }
    }

    func addBase(to router: Router<ControlContext>) {
        router.get("/v1/export") { _, context in
            let rows = ExportDocument.rows(try await store.export(as: context.login), policy: store.policy, language: language, zone: zone)
            return jsonResponse(ByteBuffer(bytes: try ExportDocument.json(rows)))
        }
        router.get("/v1/report") { request, context in
            let now = Date()
            let since = try dateParameter("since", of: request) ?? now.addingTimeInterval(-7 * 86_400)
            let report = try await store.salesReport(since: since, until: now, as: context.login)
            return try json(ReportReply(report, wording: mapping.wording))
        }
        router.post("/v1/import") { request, context in
            let query = request.uri.queryParameters
            let file = try RequestText.line(query["file"].map(String.init) ?? "import.csv", "the file name")
            let dryRun = query["dry_run"].map { $0 == "1" || $0 == "true" } ?? false
            let skipRejected = query["skip_rejected"].map { $0 == "1" || $0 == "true" } ?? false
            try store.checkCanImport(context.login)
            let body: ByteBuffer
            do {
                body = try await request.body.collect(upTo: context.maxUploadSize)
            } catch is NIOTooManyBytesError {
                throw ControlRefusal.tooLarge(ImportReply.tooLarge(file), russian: ImportReply.tooLarge(file, russian: true))
            }
            let sheet: ClientSheet
            do {
                sheet = try ClientSheet(bytes: Array(body.readableBytesView))
            } catch let error as ClientSheet.Problem {
                throw ControlRefusal.invalid(
                    "\(file) cannot be imported: \(error); nothing was imported",
                    russian: "\(file) не импортирован: \(error.text(.ru)); ничего не изменено")
            }
            if !dryRun && !skipRejected && !sheet.rejected.isEmpty {
                let first = sheet.rejected[0]
                throw ControlRefusal.invalid(
                    "\(sheet.rejected.count) rows of \(file) would be rejected (line \(first.line): \(first.reason)); nothing was imported. "
                        + "See them with --dry-run, fix the file, or leave them out with --skip-rejected",
                    russian: "строк \(file), которые будут отклонены: \(sheet.rejected.count) (строка \(first.line): \(first.russian)); ничего не импортировано. "
                        + "Посмотрите их с --dry-run, исправьте файл или пропустите их с --skip-rejected")
            }
            let outcome = try await store.importClients(sheet, file: file, dryRun: dryRun, by: context.login)
            var lines = outcome.decisions.map { line, decision -> ImportReply.Line in
                switch decision {
                case .created(let id): ImportReply.Line(line: line, action: "created", contactId: id.rawValue)
                case .merged(let id, let key): ImportReply.Line(line: line, action: "merged", contactId: id.rawValue, matchedBy: key)
                case .mergedWithLine(let earlier, let id, let key):
                    ImportReply.Line(line: line, action: "merged_with_line", contactId: id.rawValue, withLine: earlier, matchedBy: key)
                }
            }
            let language = language
            lines += sheet.rejected.map { ImportReply.Line(line: $0.line, action: "rejected", reason: $0.reason(language)) }
            lines.sort { $0.line < $1.line }
            return try json(
                ImportReply(
                    file: file, dryRun: dryRun, encoding: sheet.encoding.rawValue, delimiter: String(sheet.delimiter),
                    columns: sheet.columns.map { ImportReply.Column(header: $0.header, field: $0.field.rawValue) },
                    ignoredColumns: sheet.ignoredColumns, created: outcome.created, merged: outcome.merged,
                    mergedInFile: outcome.mergedInFile, rejected: sheet.rejected.count, lines: lines))
        }
        router.get("/v1/status") { _, context in
            try store.checkCanSeeStatus(context.login)
            return try json(try await status())
        }
    }

    private func leadID(_ context: ControlContext) throws -> LeadID {
        guard let raw = context.parameters.get("id"), let id = Int64(raw), id > 0 else {
            throw ControlRefusal.invalid("a lead id is a positive number", russian: "номер заявки — положительное число")
        }
        return LeadID(id)
    }

    /// The action a route name and its body describe.
    private func action(_ name: String, _ body: ActionRequest) throws -> LeadAction {
        switch name {
        case "take": return .take
        case "return": return .returnToExchange(note: body.note)
        case "keep": return .keep(body.keep ?? true)
        case "stage":
            guard let stage = body.stage else { throw ControlRefusal.invalid("'stage' is required", russian: "нужен этап (--stage)") }
            return .moveToStage(StageID(stage))
        case "win": return .win(note: body.note)
        case "refuse":
            guard let reason = body.reason else { throw ControlRefusal.invalid(
                    "a conditional refusal needs a 'reason' from the list", russian: "для условного отказа нужна причина из списка (--reason)") }
            return .refuse(reason: ReasonID(reason), note: body.note)
        case "disqualify":
            guard let reason = body.reason else { throw ControlRefusal.invalid(
                    "a disqualification needs a 'reason' from the list", russian: "для дисквалификации нужна причина из списка (--reason)") }
            return .disqualify(reason: ReasonID(reason), note: body.note)
        case "close-lost": return .closeLost(note: body.note)
        case "note": return .addNote(body.note ?? "")
        case "reopen": return .reopen(to: body.to.map(UserLogin.init(rawValue:)), note: body.note)
        case "reassign":
            guard let to = body.to, !to.isEmpty else {
                throw ControlRefusal.invalid("a reassignment needs 'to': the manager's login", russian: "укажите, кому передать сделку (--to ЛОГИН)")
            }
            return .reassign(to: UserLogin(rawValue: to), note: body.note ?? "")
        default:
            throw ControlRefusal(
                kind: .notFound, rule: "request", message: "no action '\(name)'",
                russian: "нет действия «\(name)» (leadexctl и leadexd разных версий?)")
        }
    }
}

/// `value` as a JSON response.
func json(_ value: some Encodable, status: HTTPResponse.Status = .ok) throws -> Response {
    jsonResponse(try encoded(value), status: status)
}

func encoded(_ value: some Encodable) throws -> ByteBuffer {
    ByteBuffer(bytes: try Wire.encoder().encode(value))
}

func jsonResponse(_ body: ByteBuffer, status: HTTPResponse.Status = .ok) -> Response {
    Response(status: status, headers: [.contentType: "application/json; charset=utf-8"], body: ResponseBody(byteBuffer: body))
}

/// The request's JSON body; `empty` stands for a request sent without one.
func decode<T: Decodable>(_ request: Request, _ context: ControlContext, empty: T? = nil) async throws -> T {
    let buffer = try await request.body.collect(upTo: context.maxUploadSize)
    if buffer.readableBytes == 0, let empty { return empty }
    do {
        return try Wire.decoder().decode(T.self, from: Data(buffer.readableBytesView))
    } catch {
        throw ControlRefusal.notJSON(error)
    }
}
