import Foundation
import Hummingbird
import HummingbirdTesting
import LeadexConfig
import LeadexCore
import LeadexStore
import LeadexTesting
@testable import LeadexWeb
import NIOCore

/// The workspace's router over a real SQLite store, served in-process (HummingbirdTesting's
/// router mode: no socket), with the sample department and a manual clock.
struct WebFixture {
    let store: StoreFixture
    let settings: WebSettings
    let application: Application<RouterResponder<WebContext>>

    static let password = "верный-пароль-1"

    init(settings: WebSettings = WebSettings(), language: Language = .ru, defaultCap: Int = 3) async throws {
        store = try await StoreFixture(defaultCap: defaultCap)
        self.settings = settings
        let router = WebServer.router(
            settings: settings, language: language, store: store.store, clock: store.clock, logger: store.logs.logger(label: "web"))
        application = Application(router: router)
        for login in [SamplePolicy.ivanov, SamplePolicy.petrov, SamplePolicy.head] {
            try await store.store.setPasswordHash(try await Passwords.hash(Self.password, cost: 10), for: login)
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

extension String {
    func between(_ start: String, _ end: String) -> String? {
        guard let from = range(of: start), let to = self[from.upperBound...].range(of: end) else { return nil }
        return String(self[from.upperBound..<to.lowerBound])
    }

    func count(of needle: String) -> Int { components(separatedBy: needle).count - 1 }
}
