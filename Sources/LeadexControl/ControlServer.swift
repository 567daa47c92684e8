internal import Foundation
internal import Glibc
internal import Hummingbird
internal import HummingbirdCore
public import LeadexConfig
public import LeadexControlAPI
internal import LeadexHTTP
public import LeadexCore
public import LeadexStore
public import Logging
internal import NIOCore
internal import NIOHTTP1
internal import NIOPosix
public import ServiceLifecycle

/// The control socket as a service: HTTP/1.1 with JSON bodies on a Unix socket, through
/// Hummingbird, one more service in the daemon's group; the socket goes away at shutdown.
///
/// The router and server are Hummingbird's, run through ``HTTPServing`` (no `Application`, whose
/// date cache wakes every second), as the web workspace's are.
public struct ControlServer: Service {
    private let responder: RouterResponder<ControlContext>
    private let settings: ControlSettings
    private let logger: Logger
    private let language: TextLanguage

    /// - Parameter reminderAdded: called after a reminder is set, so the scheduler can wake early.
    /// - Parameter status: the daemon's jobs, inboxes and outbox, for `leadexctl status`.
    /// - Parameter restoreMail: intake's decider, reading an ignored mail's original as a request.
    /// - Parameter language: the configured language of what people read; `zone` their clocks.
    public init(
        settings: ControlSettings, store: ExchangeStore, logger: Logger, reminderAdded: @escaping @Sendable () -> Void,
        status: @escaping @Sendable () async throws -> StatusReply, restoreMail: @escaping MailRestoreDecider,
        language: TextLanguage = .ru, zone: ZoneRules? = nil
    ) {
        let router = Router(context: ControlContext.self)
        let zone = zone ?? ZoneRules(TimeZone.current)
        router.add(middleware: ControlMiddleware(store: store, logger: logger, language: language, zone: zone))
        let routes = ControlRoutes(store: store, reminderAdded: reminderAdded, status: status, language: language, zone: zone)
        routes.add(to: router)
        routes.addBase(to: router)
        IgnoredMailRoutes(store: store, decide: restoreMail).add(to: router)
        // Last, so that it sees every route.
        MethodNotAllowed.register(on: router)
        self.responder = router.buildResponder()
        self.settings = settings
        self.logger = logger
        self.language = language
    }

    public func run() async throws {
        let (path, settings, logger, responder, language) = (settings.socket, settings, logger, responder, language)
        let directory = (path as NSString).deletingLastPathComponent
        if !directory.isEmpty { try? FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true) }
        try await HTTPServing.run(
            address: .unixDomainSocket(path: path), responder: responder, logger: logger,
            channelHandlers: { [MalformedRequestHandler.install(language)] },
            malformed: { error in
                // A body shorter than its Content-Length, a bad chunk: answered in JSON.
                let reply = ControlRefusal.malformed(
                    "the request's body is not valid HTTP/1.1 (\(error))", russian: "тело запроса — не HTTP/1.1 (\(error))", language)
                return (try? json(reply, status: .badRequest)) ?? Response(status: .badRequest)
            },
            onServerRunning: { _ in
                // bind(2) made the socket with the umask's bits (0750 under the unit's UMask=0027,
                // and connecting needs write permission); open it to the group only now, so it is
                // never wider than meant.
                Self.setPermissions(path: path, settings: settings, logger: logger)
                logger.notice("control socket ready", metadata: ["socket": "\(path)"])
            })
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
