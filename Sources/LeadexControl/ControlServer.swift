internal import Foundation
internal import Glibc
internal import Hummingbird
internal import HummingbirdCore
public import LeadexConfig
public import LeadexControlAPI
public import LeadexStore
public import Logging
internal import NIOCore
internal import NIOHTTP1
internal import NIOPosix
public import ServiceLifecycle

/// The control socket as a service: HTTP/1.1 with JSON bodies on a Unix socket, through
/// Hummingbird, one more service in the daemon's group; the socket goes away at shutdown.
///
/// The router and server are Hummingbird's, run here rather than through its `Application`,
/// whose date-header cache is a service that wakes every second: an idle daemon must sleep until
/// its next due time. The Date header is formatted per response instead (microseconds, at the
/// few requests per second a sales team makes).
public struct ControlServer: Service {
    private let responder: RouterResponder<ControlContext>
    private let settings: ControlSettings
    private let logger: Logger

    /// - Parameter reminderAdded: called after a reminder is set, so the scheduler can wake early.
    /// - Parameter status: the daemon's jobs, inboxes and outbox, for `leadexctl status`.
    /// - Parameter restoreMail: intake's decider, reading an ignored mail's original as a request.
    public init(
        settings: ControlSettings, store: ExchangeStore, logger: Logger, reminderAdded: @escaping @Sendable () -> Void,
        status: @escaping @Sendable () async throws -> StatusReply, restoreMail: @escaping MailRestoreDecider
    ) {
        let router = Router(context: ControlContext.self)
        router.add(middleware: ControlMiddleware(store: store, logger: logger))
        let routes = ControlRoutes(store: store, reminderAdded: reminderAdded, status: status)
        routes.add(to: router)
        routes.addBase(to: router)
        IgnoredMailRoutes(store: store, decide: restoreMail).add(to: router)
        // Last, so that it sees every route.
        MethodNotAllowed.register(on: router)
        self.responder = router.buildResponder()
        self.settings = settings
        self.logger = logger
    }

    public func run() async throws {
        let (path, settings, logger, responder) = (settings.socket, settings, logger, responder)
        let directory = (path as NSString).deletingLastPathComponent
        if !directory.isEmpty { try? FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true) }
        let serverLogger = HTTPDate.quieter(logger)
        let server = try HTTPServerBuilder.http1(additionalChannelHandlers: [MalformedRequestHandler.install()]).buildServer(
            configuration: ServerConfiguration(address: .unixDomainSocket(path: path), serverName: "leadexd"),
            eventLoopGroup: MultiThreadedEventLoopGroup.singleton,
            logger: serverLogger,
            responder: { request, writer, channel in
                let context = ControlContext(source: ApplicationRequestContextSource(channel: channel, logger: serverLogger))
                var response: Response
                var malformed = false
                do {
                    response = try await responder.respond(to: request, context: context)
                } catch let error as HTTPParserError {
                    // A body shorter than its Content-Length, a bad chunk: answered here in JSON,
                    // then the connection is closed, as nothing after it can be read.
                    let reply = ErrorReply(kind: "invalid", rule: "request.malformed", message: "the request's body is not valid HTTP/1.1 (\(error))")
                    response = (try? json(reply, status: .badRequest)) ?? Response(status: .badRequest)
                    response.headers[.connection] = "close"
                    malformed = true
                } catch {
                    // The router answers every error it knows; anything else is ours to hide.
                    logger.error("control request failed: \(error)", metadata: ["path": "\(request.uri.path)"])
                    response = Response(status: .internalServerError)
                }
                HTTPDate.stamp(&response)
                try await writer.write(response: response.head, body: response.body)
                // Any error but a parser error closes the channel without a second answer.
                if malformed { throw ChannelError.inputClosed }
            },
            onServerRunning: { _ in
                // bind(2) made the socket with the umask's bits (0750 under the unit's UMask=0027,
                // and connecting needs write permission); open it to the group only now, so it is
                // never wider than meant.
                Self.setPermissions(path: path, settings: settings, logger: logger)
                logger.notice("control socket ready", metadata: ["socket": "\(path)"])
            })
        try await server.run()
    }

    private static func setPermissions(path: String, settings: ControlSettings, logger: Logger) {
        if let group = settings.group {
            if let gid = UnixAccounts.groupID(of: group) {
                if chown(path, UInt32.max, gid) != 0 {
                    logger.error("cannot give the control socket to group \(group): errno \(errno)", metadata: ["socket": "\(path)"])
                }
            } else {
                logger.error("no group '\(group)' for the control socket ([control] group)", metadata: ["socket": "\(path)"])
            }
        }
        if chmod(path, mode_t(settings.mode)) != 0 {
            logger.error("cannot set the control socket's mode: errno \(errno)", metadata: ["socket": "\(path)"])
        }
    }
}
