internal import Foundation
internal import Hummingbird
internal import LeadexConfig
internal import LeadexCore
internal import LeadexStore
internal import Logging

/// Пользователи: who is configured (`[[user]]`: the config is where users are added), their
/// role and cap, whether they can log in to the web and when they last did; an invitation or a
/// reset link by mail (the code of `leadexd invite`), and ending someone's sessions.
struct UsersPage: Sendable {
    let store: ExchangeStore
    let renderer: PageRenderer
    let hooks: WebAdminHooks
    let live: LiveWebSettings
    let logger: Logger

    static let template = """
        <section class="admin users-page">
        <h1>{{a.users}}</h1>
        {{> admin-tabs}}
        {{#notice}}<p class="notice" role="status">{{notice}}</p>{{/notice}}
        {{#error}}<p class="error" role="alert">{{error}}</p>{{/error}}
        <div class="card">
        <p class="muted">{{a.usersHint}}</p>
        <div class="table"><table id="users">
        <thead><tr><th>{{a.user}}</th><th>{{a.role}}</th><th>{{a.cap}}</th><th>{{a.hasPassword}}</th><th>{{a.lastLogin}}</th><th>{{a.sessions}}</th><th>{{a.actions}}</th></tr></thead>
        <tbody>{{#users}}<tr id="user-{{login}}">
        <td data-label="{{a.user}}">{{name}}<br><span class="detail">{{login}}{{#email}} · {{email}}{{/email}}</span></td>
        <td data-label="{{a.role}}">{{role}}</td><td data-label="{{a.cap}}">{{cap}}</td>
        <td data-label="{{a.hasPassword}}">{{password}}{{#link}}<br><span class="detail">{{link}}</span>{{/link}}</td>
        <td data-label="{{a.lastLogin}}">{{lastLogin}}</td><td data-label="{{a.sessions}}">{{sessions}}</td>
        <td data-label="{{a.actions}}"><div class="inline">
        {{#canMail}}<form method="post" action="/admin/users/{{login}}/link"><input type="hidden" name="csrf" value="{{csrf}}"><button type="submit" class="secondary">{{linkAction}}</button></form>{{/canMail}}
        {{^canMail}}<span class="detail">{{noMail}}</span>{{/canMail}}
        {{#hasSessions}}<form method="post" action="/admin/users/{{login}}/end-sessions"><input type="hidden" name="csrf" value="{{csrf}}"><button type="submit" class="secondary">{{a.endSessions}}</button></form>{{/hasSessions}}
        </div></td></tr>{{/users}}</tbody>
        </table></div>
        </div>
        </section>
        """

    func add(to router: Router<WebContext>) {
        router.get("/admin/users") { request, context in
            let session = try AdminPages.session(context, store: store, page: "users")
            let done = request.uri.queryParameters["done"].map(String.init)
            return try await page(session, notice: done.flatMap(renderer.text.usersNotice))
        }
        router.post("/admin/users/:login/link") { _, context in
            let session = try AdminPages.session(context, store: store, page: "users")
            let login = UserLogin(rawValue: context.parameters.get("login") ?? "")
            guard let invitations = hooks.invitations else { throw HTTPError(.notFound) }
            do {
                let sent = try await invitations.send(to: login, settings: live.current)
                logger.notice(
                    "password link mailed", metadata: ["user": "\(session.login)", "target": "\(login)", "purpose": "\(sent.invitation.purpose)", "action": "invite"])
                return Response(status: .seeOther, headers: [.location: "/admin/users?done=\(sent.invitation.purpose == .reset ? "reset" : "invited")"])
            } catch let refusal as Invitations.Refusal {
                logger.warning("password link refused: \(refusal)", metadata: ["user": "\(session.login)", "target": "\(login)", "action": "invite"])
                return try await page(session, error: renderer.text.linkRefused(refusal.reason), status: .unprocessableContent)
            }
        }
        router.post("/admin/users/:login/end-sessions") { _, context in
            let session = try AdminPages.session(context, store: store, page: "users")
            let login = UserLogin(rawValue: context.parameters.get("login") ?? "")
            guard store.policy.users[login] != nil else { throw HTTPError(.notFound) }
            try await store.endWebSessions(of: login, by: session.login)
            return Response(status: .seeOther, headers: [.location: "/admin/users?done=ended"])
        }
    }

    private func page(_ session: WebSession, notice: String? = nil, error: String? = nil, status: HTTPResponse.Status = .ok) async throws -> Response {
        let text = renderer.text
        let words = text.accountWords
        let rows = try await store.webUsers(as: session.login)
        let mails = hooks.invitations != nil && live.current.publicURL != nil
        var values: [String: Any] = [
            "users": rows.map { row -> [String: Any] in
                var line: [String: Any] = [
                    "login": row.user.login.rawValue, "name": row.user.name, "role": text.roleTitle(row.user.role),
                    "cap": row.user.role.sells ? "\(row.user.cap ?? store.policy.defaultCap)" : "—",
                    "password": row.hasPassword ? words["yes"] ?? "" : words["no"] ?? "",
                    "lastLogin": row.lastLogin.map(text.dateTime) ?? words["never"] ?? "", "sessions": row.sessions,
                    "hasSessions": row.sessions > 0, "csrf": session.csrfToken,
                    "linkAction": (row.hasPassword ? words["reset"] : words["invite"]) ?? "",
                ]
                if let email = row.user.email, !email.isEmpty {
                    line["email"] = email
                    if mails { line["canMail"] = true } else { line["noMail"] = text.linkRefused(.noPublicURL) }
                } else {
                    line["noMail"] = words["noEmail"] ?? ""
                }
                if let link = row.pendingLink { line["link"] = text.pendingLink(link.purpose, until: text.dateTime(link.expiresAt)) }
                return line
            },
        ]
        if let notice { values["notice"] = notice }
        if let error { values["error"] = error }
        return AdminPages.page(
            "admin-users", tab: "tabUsers", title: words["users"] ?? "", values: values, session: session, store: store, renderer: renderer,
            scripts: [Assets.adminScriptPath], status: status)
    }
}
