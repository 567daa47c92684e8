internal import Foundation
internal import Hummingbird
internal import LeadexCore
internal import LeadexStore
internal import Synchronization

/// Новая заявка: a lead taken by phone — name, phone, email, note — onto the exchange or taken at
/// once, checked as `leadexctl add` checks it (``IncomingLead/manual(name:phone:email:note:by:)``).
/// Each form carries a one-time key: a double click or a resent form adds the lead once and
/// shows it again.
struct NewLeadPage: Sendable {
    let store: ExchangeStore
    let renderer: PageRenderer
    let submissions = Submissions()

    static let template = """
        <section class="new-lead card">
        <h1>{{t.newLead}}</h1>
        {{#error}}<p class="error" role="alert" id="new-lead-error">{{error}}</p>{{/error}}
        <form method="post" action="/leads/new" class="new-lead-form">
        <input type="hidden" name="csrf" value="{{csrf}}">
        <input type="hidden" name="once" value="{{once}}">
        <label>{{t.clientName}} <input name="name" required value="{{name}}"{{#nameError}} aria-invalid="true"{{/nameError}}></label>
        <label>{{t.phone}} <input name="phone" type="tel" required value="{{phone}}" inputmode="tel"{{#phoneError}} aria-invalid="true"{{/phoneError}}></label>
        <label>Email <input name="email" type="email" value="{{email}}"{{#emailError}} aria-invalid="true"{{/emailError}}></label>
        <label>{{t.noteField}} <textarea name="note" rows="3">{{note}}</textarea></label>
        <label class="check"><input type="checkbox" name="take" value="1"{{#take}} checked{{/take}}> {{t.takeAtOnce}}</label>
        <button type="submit">{{t.add}}</button>
        </form>
        </section>
        """

    /// One-time form keys seen lately, with the lead each added (`nil` while it is being added).
    final class Submissions: Sendable {
        private let seen = Mutex<[String: LeadID?]>([:])

        /// `true` for the first use of `key`; afterwards the lead it added, if any yet.
        func claim(_ key: String) -> (first: Bool, lead: LeadID?) {
            seen.withLock { seen in
                if let earlier = seen[key] { return (false, earlier) }
                // The form lives minutes; a thousand keys are many office hours of typing.
                if seen.count >= 1000 { seen.removeAll() }
                seen[key] = .some(nil)
                return (true, nil)
            }
        }

        func added(_ key: String, _ lead: LeadID?) { seen.withLock { $0[key] = lead } }
        func failed(_ key: String) { _ = seen.withLock { $0.removeValue(forKey: key) } }
    }

    func add(to router: Router<WebContext>) {
        router.get("/leads/new") { _, context in
            form(context.session!, values: [:], error: nil)
        }
        router.post("/leads/new") { request, context in
            let session = context.session!
            var request = request
            let fields = FormFields(try await request.collectBody(upTo: context.maxUploadSize))
            let take = fields["take"] == "1"
            let values: [String: Any] = [
                "name": fields["name"] ?? "", "phone": fields["phone"] ?? "", "email": fields["email"] ?? "", "note": fields["note"] ?? "",
                "take": take,
            ]
            let key = fields["once"] ?? ""
            let claim = key.isEmpty ? (first: true, lead: nil) : submissions.claim(key)
            guard claim.first else {
                return Response(status: .seeOther, headers: [.location: claim.lead.map { "/deals/\($0)" } ?? "/exchange"])
            }
            let incoming: IncomingLead
            do throws(ManualLeadProblem) {
                let email = fields["email"].flatMap { $0.isEmpty ? nil : $0 }
                incoming = try IncomingLead.manual(
                    name: fields["name"] ?? "", phone: fields["phone"] ?? "", email: email, note: fields["note"], by: session.login)
            } catch {
                submissions.failed(key)
                var values = values
                values["\(error.field.rawValue)Error"] = true
                return form(session, values: values, error: renderer.text.manualLead(error), status: .unprocessableContent)
            }
            do {
                let (lead, _) = try await store.addLead(incoming, take: take, by: session.login)
                submissions.added(key, lead.id)
                let id = lead.id.map { "\($0)" } ?? ""
                return Response(status: .seeOther, headers: [.location: take ? "/deals/\(id)?done=add" : "/exchange?added=\(id)"])
            } catch let violation as RuleViolation {
                submissions.failed(key)
                return form(session, values: values, error: renderer.text.refusal(violation, policy: store.policy), status: .conflict)
            }
        }
    }

    private func form(_ session: WebSession, values: [String: Any], error: String?, status: HTTPResponse.Status = .ok) -> Response {
        var values = values
        values["once"] = RandomToken.make()
        values["csrf"] = session.csrfToken
        if let error { values["error"] = error }
        return renderer.page(
            "new-lead", title: "\(renderer.text.words["newLead"] ?? "") — Leadex", values: values,
            user: store.policy.users[session.login]?.name, role: store.policy.users[session.login]?.role, csrf: session.csrfToken,
            status: status)
    }
}
