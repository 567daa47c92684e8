internal import Foundation
internal import Hummingbird
internal import LeadexControlAPI
internal import LeadexCore
internal import LeadexStore
internal import Logging
internal import NIOCore
internal import NIOHTTP1

/// Resolves the caller from SO_PEERCRED before any route runs, and turns every refusal into a
/// JSON error reply with the status scripts and leadexctl read: 403 forbidden, 404 not found,
/// 409 conflict, 422 invalid, 413 a body over the limit, 405 a method the path does not take.
/// Refusals by the control layer itself (an unmapped user) are logged here; the store logs its own.
struct ControlMiddleware: RouterMiddleware {
    typealias Context = ControlContext

    let store: ExchangeStore
    let logger: Logger
    /// What people read: refusals go out in this language, and every reply names it and the
    /// zone (`Content-Language`, `Leadex-Time-Zone`) so leadexctl words its own text the same way.
    let language: TextLanguage
    let zone: ZoneRules

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var response = try await respond(request, context: context, next: next)
        response.headers[.contentLanguage] = language.rawValue
        response.headers[Self.timeZoneHeader] = zone.timeZone.identifier
        return response
    }

    private static let timeZoneHeader: HTTPFields.Element.Name = .init("Leadex-Time-Zone")!

    private var wording: Wording { Wording(language: language, zone: zone, policy: store.policy) }

    private func respond(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var context = context
        do {
            let credentials = try await PeerCredentials.of(context.channel)
            do {
                context.identity = try ControlIdentity.resolve(credentials, policy: store.policy)
            } catch {
                logger.warning(
                    "refused: \(error)",
                    metadata: [
                        "user": "\(UnixAccounts.userName(of: credentials.uid) ?? "uid \(credentials.uid)")", "uid": "\(credentials.uid)",
                        "pid": "\(credentials.pid)", "rule": "user.unmapped", "refusal": "forbidden",
                        "action": "\(request.method) \(request.uri.path)",
                    ])
                throw error
            }
            return try await next(request, context)
        } catch let violation as RuleViolation {
            return reply(violation)
        } catch let refusal as ControlRefusal {
            let status: HTTPResponse.Status = switch refusal.kind {
            case .forbidden: .forbidden
            case .notFound: .notFound
            case .invalid: .unprocessableContent
            case .tooLarge: .contentTooLarge
            }
            return (try? json(refusal.reply(language), status: status)) ?? Response(status: status)
        } catch is NIOTooManyBytesError {
            let refusal = ControlRefusal.tooLarge(
                "the request body is larger than the daemon takes: at most \(Wire.megabytes(context.maxUploadSize))",
                russian: "запрос больше, чем принимает leadexd: не больше \(context.maxUploadSize >> 20) МБ")
            return (try? json(refusal.reply(language), status: .contentTooLarge)) ?? Response(status: .contentTooLarge)
        } catch let error as HTTPParserError {
            // A body cut short or a bad chunk: the server answers it and closes the connection.
            throw error
        } catch let error as HTTPError {
            let kind = error.status == .notFound ? "not_found" : error.status.code < 500 ? "invalid" : "internal"
            let reply = ErrorReply(kind: kind, rule: "request", message: Self.message(error, request, language))
            var response = (try? json(reply, status: error.status)) ?? Response(status: error.status)
            response.headers.append(contentsOf: error.headers)
            return response
        } catch {
            logger.error("control request failed: \(error)", metadata: ["action": "\(request.method) \(request.uri.path)"])
            let reply = ErrorReply(
                kind: "internal", rule: nil,
                message: language == .ru
                    ? "leadexd не смог это сделать; причина — в его журнале (journalctl -u leadexd)"
                    : "the daemon failed to do this; its log says why (journalctl -u leadexd)")
            return (try? json(reply, status: .internalServerError)) ?? Response(status: .internalServerError)
        }
    }

    /// Hummingbird's own refusals (a path no route has, a method the path does not take) in the
    /// department's language; the English one is what the route said, or the status's phrase.
    static func message(_ error: HTTPError, _ request: Request, _ language: TextLanguage) -> String {
        let path = request.uri.path
        switch (error.status, language) {
        case (.methodNotAllowed, .ru):
            let allow = error.headers[.allow] ?? "?"
            return "\(path) принимает \(allow), а не \(request.method.rawValue)"
        case (.notFound, .ru):
            return "у leadexd нет запроса \(path) (leadexctl и leadexd разных версий?)"
        case (.notFound, .en) where error.body == nil:
            return "leadexd has no request \(path) (leadexctl and leadexd of different versions?)"
        case (_, .ru):
            return "leadexd не принял запрос: HTTP \(error.status.code)" + (error.body.map { " (\($0))" } ?? "")
        case (_, .en):
            return error.body ?? error.status.reasonPhrase
        }
    }

    private func reply(_ violation: RuleViolation) -> Response {
        let (status, kind): (HTTPResponse.Status, String) = switch violation.kind {
        case .forbidden: (.forbidden, "forbidden")
        case .notFound: (.notFound, "not_found")
        case .conflict: (.conflict, "conflict")
        case .invalid: (.unprocessableContent, "invalid")
        }
        let reply = ErrorReply(kind: kind, rule: violation.rule.rawValue, message: violation.message(wording), takenBy: violation.takenBy?.rawValue)
        return (try? json(reply, status: status)) ?? Response(status: status)
    }
}
