internal import Foundation
internal import Hummingbird
internal import LeadexConfig
internal import LeadexCore
internal import LeadexStore

/// Отчёты: the department's ``SalesReport`` for a period of local days (`?from=…&to=…`, both
/// included; the last 7 days by default), for the head of sales only. The figures are the ones
/// the weekly mail reads, from the same computation, formatted by the same ``Wording``; the
/// funnel, the refusal reasons and the time to take per day are drawn as SVG (``ReportCharts``).
struct ReportsPage: Sendable {
    let store: ExchangeStore
    let renderer: PageRenderer
    let clock: any SleepingClock

    static let template = """
        <section class="reports">
        <h1>{{t.reports}}</h1>
        <form class="period inline" method="get" action="/head/reports">
        <label for="from">{{t.from}}</label> <input id="from" name="from" type="date" value="{{from}}" required>
        <label for="to">{{t.to}}</label> <input id="to" name="to" type="date" value="{{to}}" required>
        <button type="submit">{{t.show}}</button>
        </form>
        {{#error}}<p class="error" role="alert">{{error}}</p>{{/error}}
        {{#report}}
        <p class="meta">{{period}} · {{t.previousWeek}}</p>
        <div class="card"><h2>{{t.totals}}</h2>
        <dl class="facts totals">
        <dt>{{t.received}}</dt><dd id="total-received">{{totals.received}}</dd>
        <dt>{{t.taken}}</dt><dd id="total-taken">{{totals.taken}}</dd>
        <dt>{{t.won}}</dt><dd id="total-won">{{totals.won}}</dd>
        <dt>{{t.refused}}</dt><dd id="total-refused">{{totals.refused}}</dd>
        <dt>{{t.lost}}</dt><dd id="total-lost">{{totals.lost}}</dd>
        <dt>{{t.disqualified}}</dt><dd id="total-disqualified">{{totals.disqualified}}</dd>
        <dt>{{t.conversion}}</dt><dd id="total-conversion">{{totals.conversion}}</dd>
        <dt>{{t.onExchange}}</dt><dd id="on-exchange">{{on_exchange}}</dd>
        </dl></div>
        <div class="card"><h2>{{t.funnel}}</h2>
        {{{funnel_chart}}}
        <div class="table-wrap"><table id="stages">
        <thead><tr><th>{{t.stage}}</th><th>{{t.entered}}</th><th>{{t.movedOn}}</th><th>{{t.dropped}}</th><th>{{t.disqualified}}</th><th>{{t.won}}</th><th>{{t.conversion}}</th><th>{{t.median}}</th></tr></thead>
        <tbody>{{#stages}}<tr><th scope="row">{{title}}</th><td>{{entered}}</td><td>{{moved_on}}</td><td>{{dropped}}</td><td>{{disqualified}}</td><td>{{won}}</td><td>{{conversion}}</td><td>{{median}}</td></tr>{{/stages}}</tbody>
        </table></div></div>
        <div class="card"><h2>{{t.speed}}</h2>
        <p id="speed">{{t.total}}: {{speed.median}} / {{speed.p90}}, {{t.takes}} {{speed.takes}} · {{t.untakenAlerts}}: {{untaken_alerts}}</p>
        {{{speed_chart}}}
        <div class="table-wrap"><table id="speed-days">
        <thead><tr><th>{{t.day}}</th><th>{{t.median}}</th><th>p90</th><th>{{t.takes}}</th></tr></thead>
        <tbody>{{#speed_days}}<tr><th scope="row">{{day}}</th><td>{{median}}</td><td>{{p90}}</td><td>{{takes}}</td></tr>{{/speed_days}}
        {{#speed_sources}}<tr><th scope="row">{{source}}</th><td>{{median}}</td><td>{{p90}}</td><td>{{takes}}</td></tr>{{/speed_sources}}</tbody>
        </table></div></div>
        <div class="card"><h2>{{t.team}}</h2>
        <div class="table-wrap"><table id="managers" class="stack">
        <thead><tr><th>{{t.manager}}</th><th>{{t.taken}}</th><th>{{t.won}}</th><th>{{t.conversion}}</th><th>{{t.refused}}</th><th>{{t.reopened}}</th><th>{{t.overdueCalls}}</th><th>{{t.breaches}}</th><th>{{t.openOfCap}}</th><th>{{t.timeToTake}}</th></tr></thead>
        <tbody>{{#managers}}<tr><th scope="row">{{name}}</th><td data-label="{{t.taken}}">{{taken}}</td><td data-label="{{t.won}}">{{won}}</td><td data-label="{{t.conversion}}">{{conversion}}</td><td data-label="{{t.refused}}">{{refused}}</td><td data-label="{{t.reopened}}">{{reopened}}</td><td data-label="{{t.overdueCalls}}">{{overdue}}</td><td data-label="{{t.breaches}}">{{breaches}}</td><td data-label="{{t.openOfCap}}">{{open}}/{{cap}}</td><td data-label="{{t.timeToTake}}">{{time_to_take}}</td></tr>{{/managers}}</tbody>
        </table></div></div>
        <div class="card"><h2>{{t.refusalReasons}}</h2>
        {{{reasons_chart}}}
        <ul id="refusal-reasons">{{#refusals}}<li>{{title}}: {{count}} ({{share}})</li>{{/refusals}}{{^refusals}}<li>{{t.none}}</li>{{/refusals}}</ul></div>
        <div class="card"><h2>{{t.disqualifyReasons}}</h2>
        <ul id="disqualify-reasons">{{#disqualifications}}<li>{{title}}: {{count}} ({{share}})</li>{{/disqualifications}}{{^disqualifications}}<li>{{t.none}}</li>{{/disqualifications}}</ul></div>
        <div class="card"><h2>{{t.sources}}</h2>
        <ul id="sources">{{#sources}}<li>{{name}}: {{count}}</li>{{/sources}}{{^sources}}<li>{{t.none}}</li>{{/sources}}</ul>
        <h2>{{t.manualSources}}</h2>
        <ul id="manual-sources">{{#manual_sources}}<li>{{name}}: {{count}}</li>{{/manual_sources}}{{^manual_sources}}<li>{{t.none}}</li>{{/manual_sources}}</ul></div>
        <div class="card"><h2>{{t.wonSums}}</h2>
        <ul id="won-sums"><li>{{t.total}}: {{won.line}}</li>{{#won_managers}}<li>{{name}}: {{line}}</li>{{/won_managers}}{{#won_sources}}<li>{{name}}: {{line}}</li>{{/won_sources}}</ul></div>
        {{/report}}
        </section>
        """

    func add(to router: Router<WebContext>) {
        router.get("/head/reports") { request, context in
            let session = context.session!
            try PageAccess.require { () throws(RuleViolation) in try store.checkHeadOfSales(session.login, action: "web.reports") }
            let text = renderer.text
            let query = request.uri.queryParameters
            let given = (from: query["from"].map(String.init), to: query["to"].map(String.init))
            var values: [String: Any] = [:]
            var status = HTTPResponse.Status.ok
            if let period = ReportPeriod.parse(from: given.from, to: given.to, today: text.zone.civil(clock.now())) {
                let (since, until) = period.instants(text.zone)
                values = Self.values(try await store.salesReport(since: since, until: until, zone: text.zone), text: text, policy: store.policy)
                values["from"] = ReportPeriod.text(period.from)
                values["to"] = ReportPeriod.text(period.to)
            } else {
                // What was typed stays in the fields, to be corrected.
                values = ["error": text.badPeriod, "from": given.from ?? "", "to": given.to ?? ""]
                status = .unprocessableContent
            }
            let policy = store.policy
            return renderer.page(
                "reports", title: "\(text.words["reports"] ?? "") — Leadex", values: values, user: policy.users[session.login]?.name,
                role: policy.users[session.login]?.role, csrf: session.csrfToken, status: status)
        }
    }

    /// The report's template values: the weekly mail's (``SalesReport/templateValues(_:)``),
    /// with the charts drawn from the same report.
    static func values(_ report: SalesReport, text: WebText, policy: ExchangePolicy) -> [String: Any] {
        let wording = Wording(language: text.language.text, zone: text.zone, policy: policy)
        let words = text.words
        let funnel = report.stages.map { ReportCharts.Bar(label: $0.stage.title, value: Double($0.entered), text: "\($0.entered)") }
        let reasons = report.refusalReasons.map {
            ReportCharts.Bar(label: $0.title, value: Double($0.count), text: "\($0.count) (\(wording.percent($0.share)))")
        }
        let days = report.speedByDay.map {
            ReportCharts.Bar(label: wording.times.day($0.day), value: $0.speed.median ?? 0, text: wording.duration($0.speed.median))
        }
        var values = report.templateValues(wording)
        values["report"] = true
        // The won sums as the mail says them, one line each: the mail's wording, not a second one.
        func line(_ won: Any?, total: Bool) -> [String: Any] {
            var won = won as? [String: Any] ?? [:]
            let (sum, deals, priced, average) = (won["sum"] ?? "", won["deals"] ?? 0, won["priced"] ?? 0, won["average"] ?? "—")
            won["line"] = text.language == .ru
                ? "\(sum), выиграно \(deals) (с суммой \(priced)), \(total ? "средняя сделка" : "средняя") \(average)"
                : "\(sum), \(deals) won (\(priced) with an amount), \(total ? "average deal" : "average") \(average)"
            return won
        }
        values["won"] = line(values["won"], total: true)
        for key in ["won_managers", "won_sources"] {
            values[key] = (values[key] as? [[String: Any]] ?? []).map { line($0, total: false) }
        }
        values["funnel_chart"] = ReportCharts.bars(funnel, title: words["chartFunnel"] ?? "", id: "chart-funnel")
        values["reasons_chart"] = ReportCharts.bars(reasons, title: words["chartReasons"] ?? "", id: "chart-reasons")
        values["speed_chart"] = ReportCharts.columns(days, title: words["chartSpeed"] ?? "", id: "chart-speed")
        return values
    }
}
