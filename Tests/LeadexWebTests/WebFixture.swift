import Foundation
import Hummingbird
import HummingbirdTesting
import LeadexConfig
import LeadexCore
import LeadexJobs
import LeadexStore
import LeadexTesting
@testable import LeadexWeb
import NIOCore

/// The workspace's router over a real SQLite store, served in-process (HummingbirdTesting's
/// router mode: no socket), with the sample department and a manual clock.
struct WebFixture {
    let store: StoreFixture
    let settings: WebSettings
    /// What the workspace reads at each request: tests reload through it.
    let live: LiveWebSettings
    let application: Application<RouterResponder<WebContext>>

    static let password = "верный-пароль-1"

    let language: Language

    /// - Parameter templates: the admin's template directory (the call script's override).
    /// - Parameter untaken: the untaken alert's settings the head's "now" counts against.
    /// - Parameter policy: instead of the sample department.
    /// - Parameter admin: the daemon's side of the admin pages (status, backups).
    /// - Parameter passwords: who gets ``password`` (`nil`: every user of the policy).
    init(
        settings: WebSettings = WebSettings(), language: Language = .ru, defaultCap: Int = 3, templates: String? = nil,
        untaken: JobsSettings.UntakenAlerts = JobsSettings().untakenAlerts, policy: ExchangePolicy? = nil,
        admin: (StoreFixture) -> WebAdminHooks = { _ in .none }, passwords: [UserLogin]? = nil
    ) async throws {
        store = try await StoreFixture(defaultCap: defaultCap, policy: policy)
        self.settings = settings
        self.language = language
        live = LiveWebSettings(settings)
        let router = WebServer.router(
            settings: live, language: language, store: store.store, clock: store.clock, logger: store.logs.logger(label: "web"),
            templates: templates, untaken: untaken, admin: admin(store))
        application = Application(router: router)
        // One hash for all: bcrypt at cost 10 takes a while, and every test logs someone in.
        let hash = try await Passwords.hash(Self.password, cost: 10)
        for login in passwords ?? Array(store.store.policy.users.keys) {
            try await store.store.setPasswordHash(hash, for: login)
        }
    }

    /// The one-time password links, mailing as the daemon does (into the fixture's outbox).
    var invitations: Invitations {
        get throws {
            let mailer = Mailer(
                templates: try MailTemplates(language: language, directory: nil), from: "Leadex <leadex@example.ru>",
                zone: ZoneRules(TimeZone.current), language: language)
            return Invitations(store: store.store, mailer: mailer)
        }
    }

    /// The mails waiting in the outbox, their bodies decoded as a reader sees them.
    func queuedMail() async throws -> [(kind: OutgoingMail.Kind, to: [String], text: String)] {
        try await Outbox(database: store.database).due(at: store.clock.now().addingTimeInterval(86_400 * 365)).map {
            let received = SMTPFixture.Received(mailFrom: $0.mail.envelopeFrom, recipients: $0.mail.recipients, bytes: $0.mail.message ?? [])
            return ($0.mail.kind, $0.mail.recipients, received.decodedBody)
        }
    }

    func test(_ body: @escaping @Sendable (WebClient) async throws -> Void) async throws {
        try await application.test(.router) { client in try await body(WebClient(client: client)) }
    }
}

/// A browser, roughly: keeps the session cookie, sends the Origin header of the workspace.
struct WebClient: Sendable {
    let client: any TestClientProtocol

    func form(_ fields: [String: String]) -> ByteBuffer {
        let allowed = CharacterSet.alphanumerics.union(CharacterSet(charactersIn: "-._~"))
        let text = fields.sorted { $0.key < $1.key }
            .map { "\($0.key)=\($0.value.addingPercentEncoding(withAllowedCharacters: allowed) ?? "")" }.joined(separator: "&")
        return ByteBuffer(string: text)
    }

    func get(_ uri: String, cookie: String? = nil, accept: String? = nil) async throws -> TestResponse {
        var headers: HTTPFields = [:]
        if let cookie { headers[.cookie] = cookie }
        if let accept { headers[.accept] = accept }
        return try await client.execute(uri: uri, method: .get, headers: headers, body: nil) { $0 }
    }

    func post(
        _ uri: String, _ fields: [String: String] = [:], cookie: String? = nil, origin: String? = "http://localhost",
        accept: String? = nil
    ) async throws -> TestResponse {
        var headers: HTTPFields = [.contentType: "application/x-www-form-urlencoded"]
        if let cookie { headers[.cookie] = cookie }
        if let origin { headers[.origin] = origin }
        if let accept { headers[.accept] = accept }
        return try await client.execute(uri: uri, method: .post, headers: headers, body: form(fields)) { $0 }
    }

    /// Logs in; returns the `Cookie:` header value and the session's CSRF token from the page.
    func logIn(_ login: UserLogin, password: String = WebFixture.password) async throws -> (cookie: String, csrf: String) {
        let response = try await post("/login", ["login": login.rawValue, "password": password])
        guard response.status == .seeOther, let setCookie = response.headers[.setCookie] else {
            throw WebTestError.loginFailed(response.status, String(buffer: response.body))
        }
        let cookie = String(setCookie.prefix { $0 != ";" })
        let page = String(buffer: try await get("/exchange", cookie: cookie).body)
        guard let csrf = page.between(#"<meta name="csrf-token" content=""#, #"""#) else { throw WebTestError.noToken }
        return (cookie, csrf)
    }
}

enum WebTestError: Error {
    case loginFailed(HTTPResponse.Status, String)
    case noToken
}
