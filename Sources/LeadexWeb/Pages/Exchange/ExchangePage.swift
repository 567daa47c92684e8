internal import Foundation
internal import HTTPTypes
internal import Hummingbird
internal import LeadexConfig
internal import LeadexCore
internal import LeadexStore
internal import Logging

/// Биржа: the leads on the exchange, oldest first, each with its age, source, title, contact
/// and the beginning of its text, and a Взять button. The list is rendered on the server; the
/// page's script (``Assets/exchangeScript``) keeps it live from ``ExchangeStream`` and takes
/// leads without leaving the page. Without the script the forms work as plain forms.
struct ExchangePage: Sendable {
    let store: ExchangeStore
    let renderer: PageRenderer
    let rows: ExchangeRows
    let clock: any SleepingClock
    let keepAlive: Duration

    static let template = """
        <section class="exchange" data-live="{{t.live}}" data-offline="{{t.offline}}" data-title="{{t.exchange}}">
        <h1>{{t.exchange}} <span class="count" id="count">{{count}}</span></h1>
        <p class="status" id="live-status" aria-live="polite"></p>
        <p class="notify"><button type="button" id="notify" class="secondary" hidden>{{t.notify}}</button></p>
        {{#notice}}<p class="notice" role="status">{{notice}}</p>{{/notice}}
        {{#error}}<p class="error" role="alert">{{error}}</p>{{/error}}
        <p class="notice" id="action-notice" role="status" hidden></p>
        <p class="error" id="action-error" role="alert" hidden></p>
        <ol class="leads" id="leads" aria-label="{{t.leadsOnExchange}}">
        {{{rows}}}
        </ol>
        </section>
        """

    /// One `<li>` per lead; the live stream sends these rendered without the session's token,
    /// which the script fills in from the page.
    static let rowsTemplate = """
        {{#leads}}
        <li class="lead" id="lead-{{id}}" data-id="{{id}}">
        <div class="meta"><time datetime="{{createdAt}}">{{age}}</time> · <span class="source">{{source}}</span></div>
        <h2 class="title">{{title}}</h2>
        <p class="contact">{{contact}}</p>
        {{#preview}}<p class="preview">{{preview}}</p>{{/preview}}
        <form class="take" method="post" action="/leads/{{id}}/take">
        <input type="hidden" name="csrf" value="{{csrf}}">
        <button type="submit">{{t.take}}</button>
        </form>
        <p class="refusal" hidden></p>
        </li>
        {{/leads}}
        {{^leads}}<li class="empty">{{t.empty}}</li>{{/leads}}
        """

    func add(to router: Router<WebContext>) {
        router.get("/") { _, _ in Response(status: .seeOther, headers: [.location: "/exchange"]) }
        router.get("/exchange") { request, context in
            let session = context.session!
            var notice: String?
            if let raw = request.uri.queryParameters["taken"], let number = Int64(raw), number > 0,
                let lead = try? await store.lead(LeadID(number), as: session.login), lead.status.owner == session.login
            {
                notice = renderer.text.taken(LeadID(number))
            } else if let raw = request.uri.queryParameters["added"], let number = Int64(raw), number > 0,
                let lead = try? await store.lead(LeadID(number), as: session.login), lead.status.kind == .exchange
            {
                notice = renderer.text.added(LeadID(number))
            }
            return try await page(session, notice: notice, error: nil)
        }
        router.get("/exchange/rows") { _, _ in
            let snapshot = try await rows.current(store: store, renderer: renderer, now: clock.now())
            return Response(
                status: .ok, headers: [.contentType: "application/json; charset=utf-8"],
                body: ResponseBody(byteBuffer: ByteBuffer(bytes: snapshot.json)))
        }
        router.get("/exchange/events") { request, _ in
            ExchangeStream(store: store, renderer: renderer, rows: rows, clock: clock, keepAlive: keepAlive).stream.response(for: request)
        }
        router.post("/leads/:id/take") { request, context in
            let session = context.session!
            guard let raw = context.parameters.get("id"), let number = Int64(raw), number > 0 else {
                throw HTTPError(.notFound)
            }
            let id = LeadID(number)
            do {
                try await store.perform(.take, on: id, by: session.login)
            } catch let violation as RuleViolation {
                let message = renderer.text.refusal(violation, policy: store.policy)
                let status: HTTPResponse.Status = violation.kind == .notFound ? .notFound : .conflict
                if wantsJSON(request) { return try json(TakeReply(ok: false, message: message, id: id.rawValue), status: status) }
                return try await page(session, notice: nil, error: message, status: status)
            }
            if wantsJSON(request) { return try json(TakeReply(ok: true, message: renderer.text.taken(id), id: id.rawValue)) }
            return Response(status: .seeOther, headers: [.location: "/exchange?taken=\(id)"])
        }
    }

    private func page(_ session: WebSession, notice: String?, error: String?, status: HTTPResponse.Status = .ok) async throws -> Response {
        // The live stream's rendering of the list (``rows``, rendered once per change, not per
        // request: with 1,000 leads a rendering takes longer than the page may), with this
        // session's token in its forms.
        let snapshot = try await rows.current(store: store, renderer: renderer, now: clock.now())
        var values: [String: Any] = ["rows": snapshot.html(csrf: session.csrfToken), "count": snapshot.count]
        if let notice { values["notice"] = notice }
        if let error { values["error"] = error }
        let user = store.policy.users[session.login]?.name ?? session.login.rawValue
        let title = "(\(snapshot.count)) \(renderer.text.words["exchange"] ?? "") — Leadex"
        return renderer.page(
            "exchange", title: title, values: values, user: user, role: store.policy.users[session.login]?.role, csrf: session.csrfToken,
            scripts: [Assets.exchangeScriptPath],
            status: status)
    }
}

/// What the page's script gets back from Взять.
struct TakeReply: Codable {
    var ok: Bool
    var message: String
    var id: Int64
}

func json(_ value: some Encodable, status: HTTPResponse.Status = .ok) throws -> Response {
    Response(
        status: status, headers: [.contentType: "application/json; charset=utf-8"],
        body: ResponseBody(byteBuffer: ByteBuffer(bytes: try JSONEncoder().encode(value))))
}

extension HTTPField.Name {
    /// nginx: do not buffer this response (a live stream).
    static let xAccelBuffering = Self("X-Accel-Buffering")!
}
