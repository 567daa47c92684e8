internal import Foundation
internal import Hummingbird
internal import LeadexConfig
internal import LeadexCore
internal import LeadexStore

/// Условные отказы: the conditional refusals awaiting review, the longest waiting first, for QA
/// and the head. Each shows the client, the manager, the reason and their note, when it was
/// refused and how long it has waited, a link to the deal's page with its history, the
/// verification call script filled in for it (``CallScript``), and three forms: close as lost,
/// reopen to the exchange, reopen to a named manager. The rules (who may, the cap, the note a
/// reopen needs) are the core's: a refusal comes back on the page in the user's language.
struct RefusalsPage: Sendable {
    let store: ExchangeStore
    let renderer: PageRenderer
    let clock: any SleepingClock
    let callScript: CallScript
    /// `[web] company`, for the script.
    let company: String

    static let template = """
        <section class="refusals">
        <h1>{{t.refusalsTitle}} <span class="count">{{count}}</span></h1>
        {{#notice}}<p class="notice" role="status">{{notice}}</p>{{/notice}}
        {{#error}}<p class="error" role="alert">{{error}}</p>{{/error}}
        <ol class="leads">
        {{#refusals}}
        <li class="card refusal-review" id="refusal-{{id}}">
        <div class="meta">{{t.refusedAt}} <time>{{refusedAt}}</time> · {{t.waiting}} <strong>{{waiting}}</strong></div>
        <h2 class="title"><a href="/deals/{{id}}">{{title}}</a></h2>
        <dl class="facts">
        <dt>{{t.client}}</dt><dd class="client">{{client}}</dd>
        <dt>{{t.manager}}</dt><dd class="manager">{{manager}}</dd>
        <dt>{{t.reason}}</dt><dd class="reason">{{reason}}</dd>
        {{#note}}<dt>{{t.managerNote}}</dt><dd class="note">{{note}}</dd>{{/note}}
        </dl>
        <p><a href="/deals/{{id}}">{{t.dealHistory}} →</a></p>
        <details class="script" open><summary>{{t.callScript}}</summary><pre class="text">{{script}}</pre></details>
        {{#failed}}<p class="error" role="alert">{{failed}}</p>{{/failed}}
        <form method="post" action="/qa/refusals/{{id}}" class="review">
        <input type="hidden" name="csrf" value="{{csrf}}">
        <label for="review-note-{{id}}">{{t.reviewNote}}</label>
        <textarea id="review-note-{{id}}" name="note" rows="2"></textarea>
        <div class="inline">
        <button type="submit" name="decision" value="lost" class="secondary">{{t.closeLost}}</button>
        <button type="submit" name="decision" value="exchange" class="secondary">{{t.reopenExchange}}</button>
        </div>
        <div class="inline">
        <label for="review-to-{{id}}">{{t.reopenTo}}</label>
        <select id="review-to-{{id}}" name="to">{{#sellers}}<option value="{{login}}">{{name}} ({{open}}/{{cap}})</option>{{/sellers}}</select>
        <button type="submit" name="decision" value="manager">{{t.give}}</button>
        </div>
        </form>
        </li>
        {{/refusals}}
        </ol>
        {{^refusals}}<p class="empty">{{t.noRefusals}}</p>{{/refusals}}
        </section>
        """

    func add(to router: Router<WebContext>) {
        router.get("/qa/refusals") { request, context in
            let session = context.session!
            try PageAccess.require { () throws(RuleViolation) in try store.checkRefusalReview(session.login, action: "web.refusals") }
            let notice = request.uri.queryParameters["done"].map { _ in renderer.text.words["saved"] ?? "" }
            return try await page(session, notice: notice, failed: nil)
        }
        router.post("/qa/refusals/:id") { request, context in
            let session = context.session!
            try PageAccess.require { () throws(RuleViolation) in try store.checkRefusalReview(session.login, action: "web.refusals") }
            guard let raw = context.parameters.get("id"), let number = Int64(raw), number > 0 else { throw HTTPError(.notFound) }
            let id = LeadID(number)
            var request = request
            let fields = FormFields(try await request.collectBody(upTo: context.maxUploadSize))
            let note = fields["note"].flatMap { $0.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty ? nil : $0 }
            let action: LeadAction
            switch fields["decision"] {
            case "lost": action = .closeLost(note: note)
            case "exchange": action = .reopen(to: nil, note: note)
            case "manager": action = .reopen(to: UserLogin(rawValue: fields["to"] ?? ""), note: note)
            default: return try await page(session, notice: nil, failed: nil, status: .unprocessableContent)
            }
            do {
                try await store.perform(action, on: id, by: session.login)
            } catch let violation as RuleViolation {
                if violation.kind == .notFound { throw HTTPError(.notFound) }
                let message = renderer.text.refusal(violation, policy: store.policy)
                return try await page(session, notice: nil, failed: (id, message), status: violation.kind == .invalid ? .unprocessableContent : .conflict)
            }
            return Response(status: .seeOther, headers: [.location: "/qa/refusals?done=\(id)"])
        }
    }

    private func page(
        _ session: WebSession, notice: String?, failed: (id: LeadID, message: String)?, status: HTTPResponse.Status = .ok
    ) async throws -> Response {
        let queue = try await store.refusalQueue(as: session.login)
        let team = try await store.teamLoad(as: session.login)
        let policy = store.policy
        let now = clock.now()
        let text = renderer.text
        let wording = Wording(language: text.language.text, zone: text.zone, policy: policy)
        let qa = wording.user(session.login)
        let sellers: [[String: Any]] = team.filter { $0.user.role == .manager }.map {
            ["login": $0.user.login.rawValue, "name": $0.user.name, "open": $0.openDeals, "cap": $0.cap]
        }
        let refusals: [[String: Any]] = queue.compactMap { item in
            guard let id = item.lead.id, case .conditionalRefusal(let owner, let reason, let note) = item.lead.status else { return nil }
            let manager = wording.user(owner)
            let script = callScript.render(
                CallScript.Values(
                    qa: qa, company: company, client: item.contactName, manager: manager, when: wording.time(item.refusedAt, now: now),
                    reason: wording.reason(reason), note: note))
            var values: [String: Any] = [
                "id": id.rawValue, "title": item.lead.title, "client": item.contactName, "manager": manager,
                "reason": wording.reason(reason), "refusedAt": text.dateTime(item.refusedAt), "waiting": text.age(since: item.refusedAt, now: now),
                "script": script, "sellers": sellers, "csrf": session.csrfToken,
            ]
            if let note, !note.isEmpty { values["note"] = note }
            if let failed, failed.id == id { values["failed"] = failed.message }
            return values
        }
        var values: [String: Any] = ["refusals": refusals, "count": refusals.count]
        if let notice { values["notice"] = notice }
        // A refusal of a deal no longer in the queue (someone else reviewed it first) shows on top.
        if let failed, !queue.contains(where: { $0.lead.id == failed.id }) { values["error"] = failed.message }
        return renderer.page(
            "refusals", title: "\(text.words["refusalsTitle"] ?? "") — Leadex", values: values, user: policy.users[session.login]?.name,
            role: policy.users[session.login]?.role, csrf: session.csrfToken, status: status)
    }
}
