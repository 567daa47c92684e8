internal import Foundation
internal import Hummingbird
internal import LeadexControlAPI
internal import LeadexCore
internal import LeadexStore

/// The deal page: the contact (phones as `tel:`, emails as `mailto:` links), the request's text
/// as it came, shown as plain text, the reminders and the full history; a note, a stage move, a
/// win and a return to the exchange as forms. Each action goes through `store.perform`; a refusal
/// is shown in the user's language next to the forms, and nothing changes. A deal the user may
/// not see is answered exactly like one that does not exist.
struct DealPage: Sendable {
    let store: ExchangeStore
    let renderer: PageRenderer
    let clock: any SleepingClock
    /// After a reminder is set: wakes the scheduler in case it is due before what it sleeps for.
    let reminderAdded: @Sendable () -> Void

    static let template = """
        <section class="deal">
        <p class="back"><a href="/deals">← {{t.mine}}</a></p>
        <h1>{{title}}</h1>
        <p class="meta">№{{id}} · {{stage}} · {{source}}{{#owner}} · {{owner}}{{/owner}}{{#amount}} · {{amount}}{{/amount}}</p>
        {{#notice}}<p class="notice" role="status">{{notice}}</p>{{/notice}}
        {{#error}}{{^actions}}<p class="error" role="alert">{{error}}</p>{{/actions}}{{/error}}
        <div class="card contact">
        <h2>{{contact.name}}</h2>
        {{#contact.company}}<p>{{contact.company}}</p>{{/contact.company}}
        <ul class="links">
        {{#contact.phones}}<li><a href="tel:{{e164}}">{{written}}</a></li>{{/contact.phones}}
        {{#contact.emails}}<li><a href="mailto:{{.}}">{{.}}</a></li>{{/contact.emails}}
        </ul>
        </div>
        <div class="card"><h2>{{t.request}}</h2><pre class="text">{{text}}</pre></div>
        {{#actions}}
        <div class="card actions">
        <form method="post" action="/deals/{{id}}/note" class="note">
        <input type="hidden" name="csrf" value="{{csrf}}">
        <label for="note-text">{{t.addNote}}</label>
        <textarea id="note-text" name="text" rows="3" required{{#failed.note}} aria-invalid="true"{{/failed.note}}></textarea>
        {{#failed.note}}<p class="error" role="alert">{{error}}</p>{{/failed.note}}
        <button type="submit">{{t.save}}</button>
        </form>
        <form method="post" action="/deals/{{id}}/stage" class="inline">
        <input type="hidden" name="csrf" value="{{csrf}}">
        <label for="stage">{{t.moveTo}}</label>
        <select id="stage" name="stage">{{#stages}}<option value="{{id}}"{{#current}} selected{{/current}}>{{title}}</option>{{/stages}}</select>
        <button type="submit">{{t.move}}</button>
        {{#failed.stage}}<p class="error" role="alert">{{error}}</p>{{/failed.stage}}
        </form>
        <form method="post" action="/deals/{{id}}/remind" class="remind">
        <input type="hidden" name="csrf" value="{{csrf}}">
        <label for="remind-at">{{t.callback}}</label>
        <input id="remind-at" name="at" type="datetime-local"{{#failed.remind}} aria-invalid="true"{{/failed.remind}}>
        <input name="note" placeholder="{{t.callbackAbout}}" required aria-label="{{t.callbackAbout}}">
        {{#failed.remind}}<p class="error" role="alert">{{error}}</p>{{/failed.remind}}
        <div class="inline">
        <button type="submit">{{t.remind}}</button>
        <!-- Quick choices after the main button: Enter in a field submits with the first one. -->
        <button type="submit" name="quick" value="завтра 10:00" class="secondary">{{t.tomorrow10}}</button>
        <button type="submit" name="quick" value="+2h" class="secondary">{{t.in2h}}</button>
        </div>
        </form>
        <form method="post" action="/deals/{{id}}/refuse" class="refuse">
        <input type="hidden" name="csrf" value="{{csrf}}">
        <label for="refuse-reason">{{t.refuse}}</label>
        <select id="refuse-reason" name="reason">{{#reasons}}<option value="{{id}}">{{title}}{{#requiresNote}} *{{/requiresNote}}</option>{{/reasons}}</select>
        <input name="note" placeholder="{{t.refuseNote}}" aria-label="{{t.refuseNote}}"{{#failed.refuse}} aria-invalid="true"{{/failed.refuse}}>
        <button type="submit" class="secondary">{{t.refuseButton}}</button>
        {{#failed.refuse}}<p class="error" role="alert">{{error}}</p>{{/failed.refuse}}
        </form>
        <div class="inline">
        <form method="post" action="/deals/{{id}}/keep"><input type="hidden" name="csrf" value="{{csrf}}"><button type="submit" class="secondary">{{#kept}}{{t.unkeep}}{{/kept}}{{^kept}}{{t.keep}}{{/kept}}</button></form>
        <form method="post" action="/deals/{{id}}/win"><input type="hidden" name="csrf" value="{{csrf}}"><button type="submit">{{t.win}}</button></form>
        <form method="post" action="/deals/{{id}}/return"><input type="hidden" name="csrf" value="{{csrf}}"><button type="submit" class="secondary">{{t.returnToExchange}}</button></form>
        </div>
        {{#failed.buttons}}<p class="error" role="alert">{{error}}</p>{{/failed.buttons}}
        </div>
        {{/actions}}
        {{#amountForm}}
        <div class="card actions">
        <form method="post" action="/deals/{{id}}/amount" class="amount">
        <input type="hidden" name="csrf" value="{{csrf}}">
        <label for="amount">{{t.amount}}</label>
        <input id="amount" name="amount" inputmode="decimal" autocomplete="off" value="{{amountValue}}" placeholder="{{t.amountHint}}">
        {{#failed.amount}}<p class="error" role="alert">{{error}}</p>{{/failed.amount}}
        <div class="inline">
        <button type="submit">{{t.save}}</button>
        {{#amount}}<button type="submit" name="clear" value="1" class="secondary">{{t.clearAmount}}</button>{{/amount}}
        </div>
        </form>
        </div>
        {{/amountForm}}
        {{#reassignForm}}
        <div class="card actions">
        <form method="post" action="/deals/{{id}}/reassign" class="reassign">
        <input type="hidden" name="csrf" value="{{csrf}}">
        <label for="reassign-to">{{t.reassignTo}}</label>
        <select id="reassign-to" name="to">{{#sellers}}<option value="{{login}}">{{name}} ({{open}}/{{cap}})</option>{{/sellers}}</select>
        <input name="note" placeholder="{{t.reassignNote}}" aria-label="{{t.reassignNote}}"{{#failed.reassign}} aria-invalid="true"{{/failed.reassign}}>
        {{#failed.reassign}}<p class="error" role="alert">{{error}}</p>{{/failed.reassign}}
        <button type="submit">{{t.reassign}}</button>
        </form>
        </div>
        {{/reassignForm}}
        {{#hasReminders}}<div class="card"><h2>{{t.reminders}}</h2><ul>
        {{#reminders}}<li{{#overdue}} class="overdue"{{/overdue}}>{{at}} — {{note}}</li>{{/reminders}}
        </ul></div>{{/hasReminders}}
        <div class="card"><h2>{{t.history}}</h2>
        <ol class="history">
        {{#history}}<li><time>{{at}}</time> <strong>{{action}}</strong>{{#actor}} · {{actor}}{{/actor}}{{#note}}<br><span class="note">{{note}}</span>{{/note}}</li>{{/history}}
        </ol>
        </div>
        </section>
        """

    func add(to router: Router<WebContext>) {
        router.get("/deals/:id") { request, context in
            let notice = request.uri.queryParameters["done"].map { _ in renderer.text.words["saved"] ?? "" }
            return try await page(try dealID(context), context.session!, notice: notice, error: nil)
        }
        router.post("/deals/:id/remind") { request, context in
            let session = context.session!
            let id = try dealID(context)
            var request = request
            let fields = FormFields(try await request.collectBody(upTo: context.maxUploadSize))
            let note = (fields["note"] ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
            let typed = fields["quick"].flatMap { $0.isEmpty ? nil : $0 } ?? fields["at"] ?? ""
            var calendar = Calendar(identifier: .gregorian)
            calendar.timeZone = renderer.text.zone.timeZone
            guard let due = ReminderTime.parse(typed, now: clock.now(), calendar: calendar) else {
                return try await page(id, session, notice: nil, error: renderer.text.words["badTime"], failed: "remind", status: .unprocessableContent)
            }
            guard !note.isEmpty else {
                return try await page(id, session, notice: nil, error: renderer.text.words["callbackNeedsNote"], failed: "remind", status: .unprocessableContent)
            }
            do {
                try await store.setReminder(on: id, at: due, note: note, by: session.login)
            } catch let violation as RuleViolation {
                return try await refused(violation, id, session, form: "remind")
            }
            reminderAdded()
            return Response(status: .seeOther, headers: [.location: "/deals/\(id)?done=remind"])
        }
        router.post("/deals/:id/amount") { request, context in
            let session = context.session!
            let id = try dealID(context)
            var request = request
            let fields = FormFields(try await request.collectBody(upTo: context.maxUploadSize))
            do {
                try await store.setAmount(fields["clear"] == nil ? fields["amount"] ?? "" : nil, on: id, by: session.login)
            } catch let violation as RuleViolation {
                return try await refused(violation, id, session, form: "amount", status: violation.kind == .invalid ? .unprocessableContent : .conflict)
            }
            return Response(status: .seeOther, headers: [.location: "/deals/\(id)?done=amount"])
        }
        // The head hands a deal being worked to another seller (the core checks the role, the note, the cap).
        router.post("/deals/:id/reassign") { request, context in
            let session = context.session!
            let id = try dealID(context)
            var request = request
            let fields = FormFields(try await request.collectBody(upTo: context.maxUploadSize))
            do {
                try await store.perform(.reassign(to: UserLogin(rawValue: fields["to"] ?? ""), note: fields["note"] ?? ""), on: id, by: session.login)
            } catch let violation as RuleViolation {
                return try await refused(violation, id, session, form: "reassign", status: violation.kind == .invalid ? .unprocessableContent : .conflict)
            }
            return Response(status: .seeOther, headers: [.location: "/deals/\(id)?done=reassign"])
        }
        for name in ["note", "stage", "win", "return", "refuse", "keep"] {
            router.post("/deals/:id/\(name)") { request, context in
                let session = context.session!
                let id = try dealID(context)
                var request = request
                let fields = FormFields(try await request.collectBody(upTo: context.maxUploadSize))
                let note = fields["note"].flatMap { $0.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty ? nil : $0 }
                let kept = if case .owned(_, let keep)? = try? await store.lead(id, as: session.login).status { keep } else { false }
                let action: LeadAction = switch name {
                case "note": .addNote(fields["text"] ?? "")
                case "refuse": .refuse(reason: ReasonID(fields["reason"] ?? ""), note: note)
                case "keep": .keep(!kept)
                case "stage": .moveToStage(StageID(fields["stage"] ?? ""))
                case "win": .win(note: nil)
                default: .returnToExchange(note: nil)
                }
                do {
                    try await store.perform(action, on: id, by: session.login)
                } catch let violation as RuleViolation {
                    // Shown in the form that was sent; keep, win and return share one place below their buttons.
                    return try await refused(violation, id, session, form: ["keep", "win", "return"].contains(name) ? "buttons" : name)
                }
                // Back to the deal (or, once it left the user's hands, to the exchange).
                let location = name == "return" ? "/exchange" : "/deals/\(id)?done=\(name)"
                return Response(status: .seeOther, headers: [.location: location])
            }
        }
    }

    private func dealID(_ context: WebContext) throws -> LeadID {
        guard let raw = context.parameters.get("id"), let number = Int64(raw), number > 0 else { throw HTTPError(.notFound) }
        return LeadID(number)
    }

    /// A refusal of the core on a deal's form: shown beside the form that caused it, nothing
    /// changed; someone else's deal (or none) reads as a missing page.
    private func refused(
        _ violation: RuleViolation, _ id: LeadID, _ session: WebSession, form: String, status: HTTPResponse.Status = .conflict
    ) async throws -> Response {
        if violation.kind == .notFound || violation.rule == .visibility { throw HTTPError(.notFound) }
        return try await page(id, session, notice: nil, error: renderer.text.refusal(violation, policy: store.policy), failed: form, status: status)
    }

    private func page(
        _ id: LeadID, _ session: WebSession, notice: String?, error: String?, failed form: String? = nil,
        status: HTTPResponse.Status = .ok
    ) async throws -> Response {
        let lead: Lead
        let contact: Contact
        do {
            lead = try await store.lead(id, as: session.login)
            contact = try await store.contact(ofLead: id, as: session.login)
        } catch let violation as RuleViolation where violation.kind == .notFound || violation.rule == .visibility {
            // Someone else's deal reads exactly like no deal at all.
            throw HTTPError(.notFound)
        }
        let reminders = try await store.reminders(of: id, as: session.login)
        let history = try await store.history(of: id, as: session.login)
        let policy = store.policy
        let text = renderer.text
        let wording = text.wording(policy)
        func name(_ login: UserLogin?) -> String? { login.map { policy.users[$0]?.name ?? $0.rawValue } }
        var contactValues: [String: Any] = ["name": contact.name, "phones": contact.phones.map { ["e164": $0.e164, "written": $0.written] }, "emails": contact.emails]
        if let company = contact.company, !company.isEmpty { contactValues["company"] = company }
        var values: [String: Any] = [
            "id": id.rawValue, "title": lead.title, "text": lead.text, "source": text.source(lead.source, policy: policy),
            "stage": policy.pipeline.stage(lead.stage)?.title ?? lead.stage.rawValue,
            "contact": contactValues,
            "hasReminders": !reminders.isEmpty,
            "reminders": reminders.map { ["at": text.dateTime($0.dueAt), "note": $0.note, "overdue": $0.overdue] as [String: Any] },
            "history": history.reversed().map { entry -> [String: Any] in
                var line: [String: Any] = ["at": text.dateTime(entry.at), "action": text.history(entry, policy: policy)]
                if let actor = name(entry.actor) { line["actor"] = actor }
                // Intake's own line on a new lead ("from mail:sales") repeats the source shown above.
                if let note = text.historyNote(entry), entry.action != .created { line["note"] = note }
                // Leadex's own words in these notes (logins, a stored amount) are reworded, not quoted.
                if [.reassigned, .amountSet].contains(entry.action) {
                    var unattributed = entry
                    unattributed.actor = nil
                    line["note"] = wording.event(unattributed)
                }
                return line
            },
            "csrf": session.csrfToken,
        ]
        if let owner = name(lead.status.owner) { values["owner"] = owner }
        if let amount = lead.amount {
            values["amount"] = wording.money(amount.kopecks)
            values["amountValue"] = amount.description
        }
        if store.maySetAmount(lead, as: session.login) { values["amountForm"] = true }
        if case .owned(let owner, _) = lead.status, policy.users[session.login]?.role == .head {
            values["reassignForm"] = true
            values["sellers"] = try await store.teamLoad(as: session.login).filter { $0.user.role.sells && $0.user.login != owner }.map {
                ["login": $0.user.login.rawValue, "name": $0.user.name, "open": $0.openDeals, "cap": $0.cap] as [String: Any]
            }
        }
        if lead.status.kind == .owned {
            values["actions"] = true
            if case .owned(_, let keep) = lead.status { values["kept"] = keep }
            values["reasons"] = policy.refusalReasons.map { ["id": $0.id.rawValue, "title": $0.title, "requiresNote": $0.requiresNote] as [String: Any] }
            values["stages"] = policy.pipeline.stages.map { ["id": $0.id.rawValue, "title": $0.title, "current": $0.id == lead.stage] as [String: Any] }
        }
        if let notice { values["notice"] = notice }
        if let error {
            values["error"] = error
            // Next to the form that caused it; above the page when the deal has no forms any more.
            if let form { values["failed"] = [form: true] }
        }
        return renderer.page(
            "deal", title: "\(lead.title) — Leadex", values: values, user: policy.users[session.login]?.name, role: policy.users[session.login]?.role,
            csrf: session.csrfToken,
            status: status)
    }
}
