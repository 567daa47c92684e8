internal import Foundation
internal import Hummingbird
internal import LeadexCore
internal import LeadexStore

/// Контакты: search by name, phone in any format or email, within what the user may see (the
/// store decides: a manager finds the contacts of the exchange and of their own deals).
struct ContactsPage: Sendable {
    let store: ExchangeStore
    let renderer: PageRenderer

    static let template = """
        <section class="contacts">
        <h1>{{t.contacts}}</h1>
        <form method="get" action="/contacts" class="search inline" role="search">
        <input name="q" value="{{query}}" aria-label="{{t.searchHint}}" placeholder="{{t.searchHint}}" autofocus>
        <button type="submit">{{t.search}}</button>
        </form>
        {{#searched}}{{^matches}}<p class="empty">{{t.nothingFound}}</p>{{/matches}}{{/searched}}
        <ol class="leads">
        {{#matches}}
        <li class="lead contact-match">
        <h2 class="title">{{name}}{{#company}} · {{company}}{{/company}}</h2>
        <p class="links">{{#phones}}<a href="tel:{{e164}}">{{written}}</a> {{/phones}}{{#emails}}<a href="mailto:{{.}}">{{.}}</a> {{/emails}}</p>
        <ul class="contact-leads">{{#leads}}<li>{{#mine}}<a href="/deals/{{id}}">{{/mine}}№{{id}} {{title}}{{#mine}}</a>{{/mine}} · {{stage}}</li>{{/leads}}</ul>
        </li>
        {{/matches}}
        </ol>
        </section>
        """

    func add(to router: Router<WebContext>) {
        router.get("/contacts") { request, context in
            let session = context.session!
            let query = String((request.uri.queryParameters["q"].map(String.init) ?? "").prefix(200))
            let policy = store.policy
            let matches = try await store.searchContacts(query, as: session.login)
            let values: [String: Any] = [
                "query": query, "searched": !query.trimmingCharacters(in: .whitespaces).isEmpty,
                "matches": matches.map { match -> [String: Any] in
                    var values: [String: Any] = [
                        "name": match.contact.name, "phones": match.contact.phones.map { ["e164": $0.e164, "written": $0.written] }, "emails": match.contact.emails,
                        "leads": match.leads.map { lead -> [String: Any] in
                            [
                                "id": lead.id?.rawValue ?? 0, "title": lead.title,
                                "stage": policy.pipeline.stage(lead.stage)?.title ?? lead.stage.rawValue,
                                // A link only where the deal page will open for this user.
                                "mine": lead.status.kind != .exchange
                                    && (lead.status.owner == session.login || (policy.users[session.login]?.role.seesAllDeals ?? false)),
                            ]
                        },
                    ]
                    if let company = match.contact.company, !company.isEmpty { values["company"] = company }
                    return values
                },
            ]
            return renderer.page(
                "contacts", title: "\(renderer.text.words["contacts"] ?? "") — Leadex", values: values,
                user: policy.users[session.login]?.name, role: policy.users[session.login]?.role, csrf: session.csrfToken)
        }
    }
}
