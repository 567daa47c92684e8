internal import Foundation
internal import Hummingbird
internal import LeadexCore
internal import LeadexStore

/// Мои сделки: the user's open deals (QA and the head: everyone's) grouped by pipeline stage,
/// each with its time in the stage against the stage's norm (over the norm stands out) and its
/// next reminder; overdue reminders first, then the soonest.
struct DealsPage: Sendable {
    let store: ExchangeStore
    let renderer: PageRenderer
    let clock: any SleepingClock

    static let template = """
        <section class="deals">
        <h1>{{t.mine}} <span class="count">{{count}}</span></h1>
        {{#stages}}
        <h2 class="stage">{{title}}{{#norm}} <span class="norm">{{t.norm}} {{norm}}</span>{{/norm}}</h2>
        <ol class="leads">
        {{#deals}}
        <li class="lead deal{{#over}} over{{/over}}{{#overdue}} overdue{{/overdue}}" id="deal-{{id}}">
        <div class="meta">{{t.inStage}} {{inStage}}{{#over}} · <strong>{{t.overNorm}}</strong>{{/over}}{{#owner}} · {{owner}}{{/owner}}</div>
        <h3 class="title"><a href="/deals/{{id}}">{{title}}</a></h3>
        <p class="contact">{{contact}}</p>
        {{#reminder}}<p class="reminder{{#overdue}} overdue{{/overdue}}">{{#overdue}}{{t.overdue}}: {{/overdue}}{{reminder}}</p>{{/reminder}}
        </li>
        {{/deals}}
        </ol>
        {{/stages}}
        {{^stages}}<p class="empty">{{t.noDeals}}</p>{{/stages}}
        </section>
        """

    func add(to router: Router<WebContext>) {
        router.get("/deals") { _, context in
            let session = context.session!
            let now = clock.now()
            let deals = try await store.openDeals(as: session.login).filter { $0.status.kind == .owned }
            let policy = store.policy
            var rows: [(lead: Lead, values: [String: Any], overdue: Bool, next: Date?)] = []
            for lead in deals {
                guard let id = lead.id else { continue }
                let contact = try await store.contact(ofLead: id, as: session.login)
                let pending = try await store.reminders(of: id, as: session.login).filter { $0.sentAt == nil || $0.overdue }
                    .sorted { $0.dueAt < $1.dueAt }
                let next = pending.first
                let inStage = now.timeIntervalSince(lead.stageEnteredAt)
                let norm = policy.pipeline.stage(lead.stage)?.norm
                var values: [String: Any] = [
                    "id": id.rawValue, "title": lead.title, "contact": contact.name,
                    "inStage": renderer.text.age(since: lead.stageEnteredAt, now: now),
                    "over": norm.map { inStage > $0.timeInterval } ?? false,
                    "overdue": next.map { $0.dueAt <= now } ?? false,
                ]
                if let next { values["reminder"] = "\(renderer.text.dateTime(next.dueAt)) — \(next.note)" }
                if session.login != lead.status.owner, let owner = lead.status.owner {
                    values["owner"] = policy.users[owner]?.name ?? owner.rawValue
                }
                rows.append((lead, values, next.map { $0.dueAt <= now } ?? false, next?.dueAt))
            }
            let stages: [[String: Any]] = policy.pipeline.stages.compactMap { stage in
                let here = rows.filter { $0.lead.stage == stage.id }.sorted { a, b in
                    if a.overdue != b.overdue { return a.overdue }
                    switch (a.next, b.next) {
                    case (let x?, let y?): return x < y
                    case (.some, nil): return true
                    case (nil, .some): return false
                    case (nil, nil): return a.lead.stageEnteredAt < b.lead.stageEnteredAt
                    }
                }
                guard !here.isEmpty else { return nil }
                var values: [String: Any] = ["title": stage.title, "deals": here.map(\.values)]
                if let norm = stage.norm { values["norm"] = renderer.text.span(norm.timeInterval) }
                return values
            }
            return renderer.page(
                "deals", title: "\(renderer.text.words["mine"] ?? "") — Leadex", values: ["stages": stages, "count": rows.count],
                user: policy.users[session.login]?.name, role: policy.users[session.login]?.role, csrf: session.csrfToken)
        }
    }
}
