internal import Foundation
internal import HTTPTypes
internal import Hummingbird
internal import LeadexCore
internal import LeadexStore
internal import Logging

/// `/password/TOKEN`: choosing a password from a one-time link (an invitation or a reset). The
/// page has no session to carry a CSRF token: the link's own token, 256 random bits that a
/// foreign site cannot know, plays that part, and the Origin check of ``SessionGate`` applies to
/// the POST as to every form. The token is never logged, and the page sends no Referer, so that
/// it does not leave in a header either. A bad link changes nothing and says so.
struct PasswordPage: Sendable {
    let store: ExchangeStore
    let renderer: PageRenderer
    let logger: Logger

    static let template = """
        <section class="login password">
        {{#invalid}}
        <h1>{{a.invalidLink}}</h1>
        <p class="error" role="alert">{{a.invalidLinkText}}</p>
        <p><a href="/login">{{a.toLogin}}</a></p>
        {{/invalid}}
        {{^invalid}}
        <h1>{{heading}}</h1>
        <p>{{intro}}</p>
        {{#error}}<p class="error" role="alert">{{error}}</p>{{/error}}
        <form method="post" action="/password/{{token}}">
        <input name="username" autocomplete="username" value="{{login}}" hidden readonly>
        <label>{{a.newPassword}} <input name="password" type="password" autocomplete="new-password" required minlength="8" autofocus></label>
        <label>{{a.repeatPassword}} <input name="repeat" type="password" autocomplete="new-password" required minlength="8"></label>
        <p class="hint">{{a.passwordRule}}</p>
        <button type="submit">{{a.savePassword}}</button>
        </form>
        {{/invalid}}
        </section>
        """

    func add(to router: Router<WebContext>) {
        router.get("/password/:token") { _, context in
            try await guarded {
                let token = context.parameters.get("token") ?? ""
                guard let invitation = try await pending(token) else { return invalid() }
                return form(token: token, invitation, error: nil)
            }
        }
        router.post("/password/:token") { request, context in
            try await guarded {
                var request = request
                let token = context.parameters.get("token") ?? ""
                let fields = FormFields(try await request.collectBody(upTo: context.maxUploadSize))
                guard let invitation = try await pending(token) else { return invalid() }
                let password = fields["password"] ?? ""
                do throws(Passwords.Problem) {
                    try Passwords.check(password)
                    guard password == fields["repeat"] else { throw Passwords.Problem(reason: .mismatch) }
                } catch {
                    return form(token: token, invitation, error: renderer.text.passwordProblem(error.reason), status: .unprocessableContent)
                }
                let hash = try await Passwords.hash(password)
                // Checked again in the transaction: a second submit, or the same link in two tabs, sets one password.
                guard try await store.redeemInvitation(tokenHash: RandomToken.storedHash(of: token), passwordHash: hash) != nil else {
                    return invalid()
                }
                return Response(status: .seeOther, headers: [.location: "/login?password=set", .referrerPolicy: "no-referrer"])
            }
        }
    }

    /// Runs a route with every unexpected error answered here as a 500: the server's own log of a
    /// failed request names its path, which holds the token.
    private func guarded(_ body: () async throws -> Response) async throws -> Response {
        do {
            return try await body()
        } catch let error as any HTTPResponseError {
            throw error
        } catch {
            logger.error("the password page failed: \(error)", metadata: ["path": "/password/…"])
            throw HTTPError(.internalServerError)
        }
    }

    /// The link's invitation, if the token has the shape of one and the link is good.
    private func pending(_ token: String) async throws -> PendingInvitation? {
        guard token.utf8.count == 43, token.utf8.allSatisfy({ $0.isBase64URL }) else { return nil }
        return try await store.invitation(tokenHash: RandomToken.storedHash(of: token))
    }

    private func form(token: String, _ invitation: PendingInvitation, error: String?, status: HTTPResponse.Status = .ok) -> Response {
        let name = store.policy.users[invitation.login]?.name ?? invitation.login.rawValue
        let (heading, intro) = renderer.text.passwordPage(invitation.purpose, name: name)
        var values: [String: Any] = [
            "a": renderer.text.accountWords, "token": token, "login": invitation.login.rawValue, "heading": heading, "intro": intro,
        ]
        if let error { values["error"] = error }
        return noReferrer(renderer.page("password", title: "\(heading) — Leadex", values: values, status: status))
    }

    private func invalid() -> Response {
        let words = renderer.text.accountWords
        return noReferrer(
            renderer.page(
                "password", title: "\(words["invalidLink"] ?? "") — Leadex", values: ["a": words, "invalid": true], status: .notFound))
    }

    private func noReferrer(_ response: Response) -> Response {
        var response = response
        response.headers[.referrerPolicy] = "no-referrer"
        return response
    }
}

extension UInt8 {
    /// A character of unpadded base64url, the alphabet of ``RandomToken``.
    var isBase64URL: Bool {
        (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(self) || (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(self)
            || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(self) || self == UInt8(ascii: "-") || self == UInt8(ascii: "_")
    }
}
