internal import Foundation
internal import HTTPTypes
internal import Hummingbird
internal import LeadexConfig
internal import LeadexCore
internal import LeadexStore
internal import Logging
internal import NIOCore

/// Before any route: finds the request's session from its cookie, and refuses what a session
/// may not do. Every state-changing request (anything but GET and HEAD) must come from the
/// workspace's own origin (the browser's Origin header, or Sec-Fetch-Site) and, once logged in,
/// carry the session's CSRF token (form field `csrf` or header `X-CSRF-Token`). Pages without a
/// session redirect to the login; other requests get 401.
struct SessionGate: RouterMiddleware {
    typealias Context = WebContext

    let store: ExchangeStore
    let live: LiveWebSettings
    let logger: Logger
    /// For the one page the gate answers itself: an upload over the limit.
    let renderer: PageRenderer

    /// Reachable without a session.
    static func isPublic(_ path: String) -> Bool { path == "/login" || path.hasPrefix("/static/") || path.hasPrefix("/password/") }

    /// A path as the log may show it: a one-time password link's token is a password for a while.
    static func logged(_ path: String) -> String { path.hasPrefix("/password/") ? "/password/…" : path }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var context = context
        var request = request
        let settings = live.current
        if let id = request.cookies[SessionCookie.name(settings)]?.value, !id.isEmpty {
            let hash = RandomToken.storedHash(of: id)
            context.session = try await store.webSession(
                idHash: hash, idleTimeout: settings.idleTimeout, absoluteTimeout: settings.absoluteTimeout)
            if context.session != nil { context.sessionIDHash = hash }
        }
        let changesState = request.method != .get && request.method != .head
        if changesState {
            guard sameOrigin(request, settings) else {
                logger.warning(
                    "refused: a cross-site request", metadata: ["rule": "web.origin", "origin": "\(request.headers[.origin] ?? "-")",
                        "action": "\(request.method) \(Self.logged(request.uri.path))"])
                return Response(status: .forbidden)
            }
        }
        guard let session = context.session else {
            if Self.isPublic(request.uri.path) { return try await next(request, context) }
            if request.method == .get && !wantsJSON(request) && !request.uri.path.hasSuffix("/events") {
                // A page opened from a mail's link comes back to it after the login.
                let wanted = request.uri.path + (request.uri.query.map { "?" + $0 } ?? "")
                guard ["/", "/exchange"].contains(request.uri.path) == false, let next = LoginPage.returnPath(wanted),
                    let encoded = next.addingPercentEncoding(withAllowedCharacters: .alphanumerics.union(CharacterSet(charactersIn: "/-_.~")))
                else { return Response(status: .seeOther, headers: [.location: "/login"]) }
                return Response(status: .seeOther, headers: [.location: "/login?next=\(encoded)"])
            }
            return Response(status: .unauthorized)
        }
        // The login form has no session token yet; the Origin check above is its guard.
        if changesState && !Self.isPublic(request.uri.path) {
            var token = request.headers[.xCSRFToken]
            if token == nil, MultipartForm.isMultipart(request) {
                // An upload (the client spreadsheet): its token is one of its parts.
                let body: ByteBuffer
                do {
                    body = try await request.collectBody(upTo: MultipartForm.maxBytes)
                } catch is NIOTooManyBytesError {
                    logger.notice("refused: an upload over the limit", metadata: ["user": "\(session.login)", "rule": "web.upload-size",
                        "action": "\(request.method) \(request.uri.path)"])
                    return renderer.page(
                        "problem", title: "Leadex", values: ["message": renderer.text.importTooLarge(limit: MultipartForm.maxBytes), "back": request.uri.path,
                            "backTitle": renderer.text.adminWords["import"] ?? ""],
                        user: store.policy.users[session.login]?.name, csrf: session.csrfToken, status: .contentTooLarge)
                }
                token = MultipartForm(contentType: request.headers[.contentType] ?? "", body: body)?.fields["csrf"]
            } else if token == nil {
                let body = try await request.collectBody(upTo: context.maxUploadSize)
                token = FormFields(body).values["csrf"]
            }
            guard let token, RandomToken.equal(token, session.csrfToken) else {
                logger.warning(
                    "refused: no valid CSRF token",
                    metadata: ["user": "\(session.login)", "rule": "web.csrf", "action": "\(request.method) \(Self.logged(request.uri.path))"])
                return Response(status: .forbidden)
            }
        }
        return try await next(request, context)
    }

    /// Whether the request comes from a page of the workspace itself.
    private func sameOrigin(_ request: Request, _ settings: WebSettings) -> Bool {
        if let origin = request.headers[.origin] {
            return origin == expectedOrigin(request, settings)
        }
        // Browsers send Origin with every POST; Sec-Fetch-Site where they do not.
        if let site = request.headers[.secFetchSite] { return site == "same-origin" || site == "none" }
        // Not a browser (curl, a script): the CSRF token still has to match.
        return true
    }

    private func expectedOrigin(_ request: Request, _ settings: WebSettings) -> String? {
        if let url = settings.publicURL { return url }
        return request.head.authority.map { "http://\($0)" }
    }
}

/// Whether the client asked for JSON (the page's script) rather than a page.
func wantsJSON(_ request: Request) -> Bool { request.headers[.accept]?.contains("application/json") ?? false }

/// The session cookie: `__Host-leadex` (Secure, Path=/, no Domain) when the workspace is served
/// over https, else `leadex`. HttpOnly and SameSite=Lax either way.
enum SessionCookie {
    static func name(_ settings: WebSettings) -> String { settings.isHTTPS ? "__Host-leadex" : "leadex" }

    static func make(_ id: String, _ settings: WebSettings) -> Cookie {
        let seconds = Int(settings.absoluteTimeout.components.seconds)
        return Cookie(name: name(settings), value: id, maxAge: seconds, path: "/", secure: settings.isHTTPS, httpOnly: true, sameSite: .lax)
    }

    static func cleared(_ settings: WebSettings) -> Cookie {
        Cookie(name: name(settings), value: "", maxAge: 0, path: "/", secure: settings.isHTTPS, httpOnly: true, sameSite: .lax)
    }
}
