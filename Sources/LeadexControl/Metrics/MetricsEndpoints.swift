internal import Foundation
public import Hummingbird
public import LeadexConfig
public import LeadexStore
internal import Prometheus

/// `/metrics`, `/healthz` and `/readyz` as plain request → response, so that the same endpoints
/// serve on `[metrics] listen` (``MetricsServer``) and can be mounted on another listener.
public struct MetricsEndpoints: Sendable {
    private let gauges: ScrapeGauges
    private let token: String?

    /// - Parameter token: required of callers not on loopback; `nil` refuses them all.
    public init(
        factory: LeadexMetricsFactory, store: ExchangeStore, configuration: LeadexConfiguration, token: String?,
        inboxes: @escaping @Sendable () -> [InboxHealthReading]
    ) {
        self.gauges = ScrapeGauges(
            registry: factory.registry, store: store, forms: configuration.forms, backupDirectory: configuration.backup.directory,
            untakenAfter: configuration.jobs.untakenAlerts.after,
            inboxes: inboxes, version: MetricCatalog.version)
        self.token = token
    }

    public func respond(path: String, method: HTTPRequest.Method, authorization: String?, fromLoopback: Bool) async -> Response {
        guard method == .get || method == .head else { return Self.text(.methodNotAllowed, "only GET\n") }
        guard fromLoopback || authorized(authorization) else {
            var response = Self.text(.unauthorized, "a bearer token is required off loopback\n")
            response.headers[.wwwAuthenticate] = "Bearer"
            return response
        }
        switch path {
        case "/metrics":
            do {
                try await gauges.update(now: Date())
            } catch {
                return Self.text(.internalServerError, "cannot read the store: \(error)\n")
            }
            var response = Response(status: .ok, body: ResponseBody(byteBuffer: ByteBuffer(bytes: gauges.registry.emitToBuffer())))
            response.headers[.contentType] = "text/plain; version=0.0.4; charset=utf-8"
            return response
        case "/healthz":
            return await Self.check("ok", failure: "the database does not take writes") { try await gauges.store.checkWritable() }
        case "/readyz":
            // The config was loaded and the store opened before any listener starts; a read
            // proves the store is still open.
            return await Self.check("ready", failure: "the store is not open") { try await gauges.store.checkReadable() }
        default:
            return Self.text(.notFound, "not found\n")
        }
    }

    /// Compared in constant time over the token's length, so timing tells nothing of a prefix.
    private func authorized(_ header: String?) -> Bool {
        guard let token, !token.isEmpty, let header, header.hasPrefix("Bearer ") else { return false }
        let given = Array(header.dropFirst("Bearer ".count).utf8)
        let expected = Array(token.utf8)
        guard given.count == expected.count else { return false }
        return zip(given, expected).reduce(UInt8(0)) { $0 | ($1.0 ^ $1.1) } == 0
    }

    /// 200 with `ok` when `probe` passes, 503 with the failure and its error otherwise.
    private static func check(_ ok: String, failure: String, _ probe: () async throws -> Void) async -> Response {
        do {
            try await probe()
            return text(.ok, ok + "\n")
        } catch {
            return text(.serviceUnavailable, "\(failure): \(error)\n")
        }
    }

    private static func text(_ status: HTTPResponse.Status, _ body: String) -> Response {
        var response = Response(status: status, body: ResponseBody(byteBuffer: ByteBuffer(string: body)))
        response.headers[.contentType] = "text/plain; charset=utf-8"
        return response
    }
}
