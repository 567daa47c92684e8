internal import Foundation
internal import Hummingbird
internal import LeadexConfig
internal import LeadexCore
internal import LeadexStore
internal import Logging

/// The login form, logging in and out. A login is the user's Leadex login; the password is
/// checked against its bcrypt hash; a new session id is made at every login (never one the
/// browser brought). Failures get one message whatever was wrong, are slowed by
/// ``LoginThrottle``, and are logged with `RULE=web.login_failed` (the login, never the password).
struct LoginPage: Sendable {
    let store: ExchangeStore
    let live: LiveWebSettings
    let renderer: PageRenderer
    let clock: any WallClock
    let throttle: SharedLoginThrottle
    let logger: Logger

    static let template = """
        <section class="login">
        <h1>{{t.login}}</h1>
        {{#notice}}<p class="notice" role="status">{{notice}}</p>{{/notice}}
        {{#error}}<p class="error" role="alert">{{error}}</p>{{/error}}
        <form method="post" action="/login">
        {{#next}}<input type="hidden" name="next" value="{{next}}">{{/next}}
        <label>{{t.loginField}} <input name="login" autocomplete="username" required autofocus value="{{login}}"></label>
        <label>{{t.password}} <input name="password" type="password" autocomplete="current-password" required></label>
        <button type="submit">{{t.signIn}}</button>
        </form>
        </section>
        """

    func add(to router: Router<WebContext>) {
        router.get("/login") { request, context in
            if context.session != nil { return Response(status: .seeOther, headers: [.location: "/exchange"]) }
            // Back from a one-time password link (``PasswordPage``).
            let notice = request.uri.queryParameters["password"] == "set" ? renderer.text.passwordSet : nil
            return form(error: nil, login: "", notice: notice, next: request.uri.queryParameters["next"].flatMap { Self.returnPath(String($0)) })
        }
        router.post("/login") { request, context in
            var request = request
            let fields = FormFields(try await request.collectBody(upTo: context.maxUploadSize))
            let login = (fields["login"] ?? "").trimmingCharacters(in: .whitespaces)
            let password = fields["password"] ?? ""
            return try await logIn(
                login: login, password: password, client: ClientAddress.of(request, peer: context.peerAddress),
                next: fields["next"].flatMap(Self.returnPath))
        }
        router.post("/logout") { _, context in
            let settings = live.current
            if let hash = context.sessionIDHash { try await store.endWebSession(idHash: hash) }
            if let login = context.session?.login { logger.info("logged out", metadata: ["user": "\(login)", "action": "logout"]) }
            var response = Response(status: .seeOther, headers: [.location: "/login"])
            response.setCookie(SessionCookie.cleared(settings))
            return response
        }
    }

    /// `path` if it is one of this site's pages to come back to after the login (a path with an
    /// optional query, nothing that could lead elsewhere: no `//`, no backslash, printable ASCII only).
    static func returnPath(_ path: String) -> String? {
        guard path.hasPrefix("/"), !path.hasPrefix("//"), path.count <= 1000, !path.hasPrefix("/login"), !path.hasPrefix("/logout"),
            path.unicodeScalars.allSatisfy({ $0.value > 0x20 && $0.value < 0x7F && $0 != "\\" })
        else { return nil }
        return path
    }

    private func form(error: String?, login: String, notice: String? = nil, next: String? = nil, status: HTTPResponse.Status = .ok) -> Response {
        var values: [String: Any] = ["login": login]
        if let next { values["next"] = next }
        if let error { values["error"] = error }
        if let notice { values["notice"] = notice }
        return renderer.page("login", title: "\(renderer.text.words["login"] ?? "") — Leadex", values: values, status: status)
    }

    func logIn(login: String, password: String, client: String, next: String? = nil) async throws -> Response {
        let keys: [LoginThrottle.Key] = [.account(login.lowercased()), .address(client)]
        let now = clock.now()
        if let wait = throttle.withLock({ $0.wait(keys, now: now) }) {
            WebMetrics.login(.throttled)
            logger.warning(
                "login refused: too many failures", metadata: ["user": "\(login)", "client": "\(client)", "rule": "web.login_throttled"])
            return form(error: renderer.text.loginThrottled(seconds: Int(wait.rounded(.up))), login: login, next: next, status: .tooManyRequests)
        }
        let user = store.policy.users[UserLogin(rawValue: login)]
        let hash = user == nil ? nil : try await store.passwordHash(of: UserLogin(rawValue: login))
        // An unknown login or a user without a password costs one bcrypt too: the time the
        // answer takes must not say which logins exist.
        let matches = try await Passwords.verify(password, hash: hash ?? Passwords.decoy) && hash != nil
        guard matches, let user else {
            throttle.withLock { $0.failed(keys, now: clock.now()) }
            WebMetrics.login(.failed)
            let reason = user == nil ? "unknown login" : hash == nil ? "no password set" : "wrong password"
            logger.warning(
                "login failed: \(reason)", metadata: ["user": "\(login)", "client": "\(client)", "rule": "web.login_failed"])
            return form(error: renderer.text.loginFailed, login: login, next: next, status: .unauthorized)
        }
        throttle.withLock { $0.succeeded(account: login.lowercased()) }
        WebMetrics.login(.ok)
        let settings = live.current
        let id = RandomToken.make()
        try await store.startWebSession(
            idHash: RandomToken.storedHash(of: id), csrfToken: RandomToken.make(), for: user.login, client: client,
            idleTimeout: settings.idleTimeout, absoluteTimeout: settings.absoluteTimeout)
        // The users page shows it; a login must not fail because this note could not be written.
        do { try await store.recordLogin(user.login, client: client) } catch {
            logger.warning("cannot note the last login: \(error)", metadata: ["user": "\(user.login)"])
        }
        logger.info("logged in", metadata: ["user": "\(user.login)", "client": "\(client)", "action": "login"])
        var response = Response(status: .seeOther, headers: [.location: next ?? "/exchange"])
        response.setCookie(SessionCookie.make(id, settings))
        return response
    }
}
