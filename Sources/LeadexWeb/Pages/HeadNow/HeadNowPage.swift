internal import Foundation
internal import Hummingbird
internal import LeadexConfig
internal import LeadexCore
internal import LeadexStore

/// Сейчас: the department at this moment, for the head of sales only: the exchange (how many,
/// the oldest's wait, how many past the untaken-alert threshold), each manager's open deals
/// against their cap, the calls owed, the deals over their stage's norm, the refusals waiting
/// for QA. Live like the exchange: the figures come again over a ``LiveStream`` after every
/// lead commit and, as waits grow by themselves, on each keep-alive tick.
struct HeadNowPage: Sendable {
    let store: ExchangeStore
    let renderer: PageRenderer
    let clock: any SleepingClock
    let keepAlive: Duration
    /// The untaken alert's threshold and working hours, as the alert job counts them.
    let untaken: JobsSettings.UntakenAlerts

    static let template = """
        <section class="head-now">
        <h1>{{t.now}}</h1>
        <p class="status" id="live-status" aria-live="polite"></p>
        <div id="now" data-live-events="/head/now/events" data-live-event="now" data-live-poll="/head/now/figures" data-live="{{t.live}}" data-offline="{{t.offline}}">
        {{> head-now-figures}}
        </div>
        {{#notice}}<p class="notice" role="status">{{notice}}</p>{{/notice}}
        {{#error}}<p class="error" role="alert">{{error}}</p>{{/error}}
        <div class="card actions">
        <form method="post" action="/head/return-all" class="return-all">
        <input type="hidden" name="csrf" value="{{csrf}}">
        <label for="return-all-owner">{{t.returnAll}}</label>
        <select id="return-all-owner" name="owner">{{#sellers}}<option value="{{login}}">{{name}} ({{open}})</option>{{/sellers}}</select>
        <input name="note" placeholder="{{t.reassignNote}}" aria-label="{{t.reassignNote}}">
        <button type="submit" class="secondary">{{t.returnAllButton}}</button>
        </form>
        </div>
        </section>
        """

    /// The live part, sent again whole on each change.
    static let figuresTemplate = """
        <div class="figures">
        <a class="figure" href="/exchange" id="now-exchange"><span class="value">{{exchange}}</span><span class="label">{{t.onExchange}}</span>{{#oldest}}<span class="sub">{{t.oldest}} {{oldest}}</span>{{/oldest}}</a>
        <div class="figure{{#pastAlarm}} alarm{{/pastAlarm}}" id="now-past"><span class="value">{{past}}</span><span class="label">{{t.pastThreshold}} ({{threshold}})</span></div>
        <div class="figure{{#overdueAlarm}} alarm{{/overdueAlarm}}" id="now-overdue"><span class="value">{{overdue}}</span><span class="label">{{t.overdueCalls}}</span></div>
        <div class="figure{{#overNormAlarm}} alarm{{/overNormAlarm}}" id="now-over-norm"><span class="value">{{overNorm}}</span><span class="label">{{t.overNormDeals}}</span></div>
        <a class="figure" href="/qa/refusals" id="now-refusals"><span class="value">{{refusals}}</span><span class="label">{{t.refusalsWaiting}}</span>{{#oldestRefusal}}<span class="sub">{{t.oldest}} {{oldestRefusal}}</span>{{/oldestRefusal}}</a>
        </div>
        <h2>{{t.team}}</h2>
        <div class="table-wrap"><table class="team stack">
        <thead><tr><th>{{t.manager}}</th><th>{{t.openOfCap}}</th><th>{{t.overdueCalls}}</th><th>{{t.overNormDeals}}</th><th>{{t.refusals}}</th></tr></thead>
        <tbody>
        {{#sellers}}<tr id="seller-{{login}}"{{#full}} class="full"{{/full}}><th scope="row">{{name}}</th><td data-label="{{t.openOfCap}}"><meter min="0" max="{{cap}}" value="{{open}}"></meter> {{open}}/{{cap}}</td><td data-label="{{t.overdueCalls}}">{{overdue}}</td><td data-label="{{t.overNormDeals}}">{{overNorm}}</td><td data-label="{{t.refusals}}">{{refusals}}</td></tr>
        {{/sellers}}
        </tbody>
        </table></div>
        """

    func add(to router: Router<WebContext>) {
        router.get("/head/now") { request, context in
            let session = context.session!
            try PageAccess.require { () throws(RuleViolation) in try store.checkHeadOfSales(session.login, action: "web.now") }
            let notice = request.uri.queryParameters["returned"].map { renderer.text.returnedAll(Int($0) ?? 0) }
            return try await page(session, notice: notice, error: nil)
        }
        // All of one seller's deals back to the exchange (a manager on leave or leaving); the
        // core checks the role and the note, and leaves refusals awaiting review for QA.
        router.post("/head/return-all") { request, context in
            let session = context.session!
            try PageAccess.require { () throws(RuleViolation) in try store.checkHeadOfSales(session.login, action: "web.return-all") }
            var request = request
            let fields = FormFields(try await request.collectBody(upTo: context.maxUploadSize))
            do {
                let outcome = try await store.returnAllDeals(of: UserLogin(rawValue: fields["owner"] ?? ""), note: fields["note"] ?? "", by: session.login)
                return Response(status: .seeOther, headers: [.location: "/head/now?returned=\(outcome.returned.count)"])
            } catch let violation as RuleViolation {
                let status: HTTPResponse.Status = violation.kind == .invalid ? .unprocessableContent : .conflict
                return try await page(session, notice: nil, error: renderer.text.refusal(violation, policy: store.policy), status: status)
            }
        }
        router.get("/head/now/figures") { _, context in
            let session = context.session!
            try PageAccess.require { () throws(RuleViolation) in try store.checkHeadOfSales(session.login, action: "web.now") }
            return Response(
                status: .ok, headers: [.contentType: "application/json; charset=utf-8", .cacheControl: "no-store"],
                body: ResponseBody(byteBuffer: ByteBuffer(bytes: try await frame(session.login).json)))
        }
        router.get("/head/now/events") { request, context in
            let session = context.session!
            try PageAccess.require { () throws(RuleViolation) in try store.checkHeadOfSales(session.login, action: "web.now") }
            var stream = LiveStream(store: store, clock: clock, keepAlive: keepAlive, event: "now") { try await frame(session.login) }
            stream.refreshOnKeepAlive = true
            return stream.response(for: request)
        }
    }

    private func page(_ session: WebSession, notice: String?, error: String?, status: HTTPResponse.Status = .ok) async throws -> Response {
        let policy = store.policy
        var values = try await figures(session.login)
        values["csrf"] = session.csrfToken
        if let notice { values["notice"] = notice }
        if let error { values["error"] = error }
        return renderer.page(
            "head-now", title: "\(renderer.text.words["now"] ?? "") — Leadex", values: values,
            user: policy.users[session.login]?.name, role: policy.users[session.login]?.role, csrf: session.csrfToken,
            scripts: [Assets.liveScriptPath], status: status)
    }

    private struct Payload: Encodable {
        var html: String
    }

    func frame(_ login: UserLogin) async throws -> LiveFrame {
        // Read before the figures: a commit in between makes the next event read them again.
        let generation = store.leadsGeneration
        let html = renderer.fragment("head-now-figures", try await figures(login))
        return LiveFrame(generation: generation, json: Array(try JSONEncoder().encode(Payload(html: html))))
    }

    /// The template values of the department now.
    func figures(_ login: UserLogin) async throws -> [String: Any] {
        let now = clock.now()
        let department = try await store.departmentNow(at: now, as: login)
        let text = renderer.text
        let zone = text.zone
        let limit = untaken.after.timeInterval
        let past = department.exchangeLanded.filter { landed in
            (untaken.workingHours?.workingSeconds(from: landed, to: now, zone: zone) ?? now.timeIntervalSince(landed)) >= limit
        }.count
        var values: [String: Any] = [
            "exchange": department.exchangeLanded.count, "past": past, "threshold": text.span(limit),
            "overdue": department.overdueReminders, "overNorm": department.overNorm, "refusals": department.refusalsWaiting,
            // Booleans for the sections: Mustache renders a section for any number, 0 included.
            "pastAlarm": past > 0, "overdueAlarm": department.overdueReminders > 0, "overNormAlarm": department.overNorm > 0,
            "sellers": department.sellers.map { seller -> [String: Any] in
                [
                    "login": seller.load.user.login.rawValue, "name": seller.load.user.name, "open": seller.load.openDeals,
                    "cap": seller.load.cap, "full": seller.load.openDeals >= seller.load.cap, "overdue": seller.overdueReminders,
                    "overNorm": seller.overNorm, "refusals": seller.load.refusals,
                ]
            },
        ]
        if let oldest = department.exchangeLanded.first { values["oldest"] = text.age(since: oldest, now: now) }
        if let oldest = department.oldestRefusal { values["oldestRefusal"] = text.age(since: oldest, now: now) }
        return values
    }
}
