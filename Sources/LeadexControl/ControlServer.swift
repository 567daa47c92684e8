internal import Foundation
internal import Glibc
internal import Hummingbird
public import LeadexConfig
public import LeadexControlAPI
public import LeadexStore
public import Logging
internal import NIOCore
public import ServiceLifecycle

/// The control socket as a service: HTTP/1.1 with JSON bodies on a Unix socket, through
/// Hummingbird, one more service in the daemon's group; the socket goes away at shutdown.
public struct ControlServer: Service {
    private let application: Application<RouterResponder<ControlContext>>

    /// - Parameter reminderAdded: called after a reminder is set, so the scheduler can wake early.
    /// - Parameter status: the daemon's jobs, inboxes and outbox, for `leadexctl status`.
    public init(
        settings: ControlSettings, store: ExchangeStore, logger: Logger, reminderAdded: @escaping @Sendable () -> Void,
        status: @escaping @Sendable () async throws -> StatusReply
    ) {
        let router = Router(context: ControlContext.self)
        router.add(middleware: ControlMiddleware(store: store, logger: logger))
        let routes = ControlRoutes(store: store, reminderAdded: reminderAdded, status: status)
        routes.add(to: router)
        routes.addBase(to: router)
        let path = settings.socket
        let directory = (path as NSString).deletingLastPathComponent
        if !directory.isEmpty { try? FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true) }
        var serverLogger = logger
        // Hummingbird logs every request at debug and its own start at info; ours are enough.
        serverLogger.logLevel = max(logger.logLevel, .notice)
        self.application = Application(
            router: router,
            configuration: ApplicationConfiguration(address: .unixDomainSocket(path: path), serverName: "leadexd"),
            onServerRunning: { _ in
                // bind(2) made the socket with the umask's bits (0750 under the unit's UMask=0027,
                // and connecting needs write permission); open it to the group only now, so it is
                // never wider than meant.
                Self.setPermissions(path: path, settings: settings, logger: logger)
                logger.notice("control socket ready", metadata: ["socket": "\(path)"])
            },
            logger: serverLogger)
    }

    public func run() async throws {
        try await application.run()
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
