internal import Foundation
internal import Hummingbird
internal import HummingbirdCore
public import LeadexConfig
public import LeadexCore
internal import LeadexHTTP
public import LeadexStore
public import Logging
internal import NIOCore
public import ServiceLifecycle

/// The web workspace as a service of the daemon: HTTP/1.1 on `[web] listen`, through the same
/// Hummingbird server as the control socket (``HTTPServing``). Pages are rendered here; every
/// rule stays in the store.
public struct WebServer: Service {
    private let responder: RouterResponder<WebContext>
    private let listen: WebSettings.Listen
    private let logger: Logger

    /// - Parameter clock: wall time for sessions, throttling and ages; its sleeps pace keep-alives.
    /// - Parameter timeZone: the config's `timezone` (`nil`: the system's), for dates on the pages.
    public init(
        settings: WebSettings, listen: WebSettings.Listen, language: Language, timeZone: String? = nil, store: ExchangeStore,
        clock: any SleepingClock, logger: Logger, reminderAdded: @escaping @Sendable () -> Void = {}
    ) {
        self.responder = Self.router(
            settings: settings, language: language, zone: ZoneRules(identifier: timeZone) ?? ZoneRules(TimeZone.current), store: store,
            clock: clock, logger: logger, reminderAdded: reminderAdded
        ).buildResponder()
        self.listen = listen
        self.logger = logger
    }

    /// Every route behind the security headers and the session gate. Tests serve it directly.
    static func router(
        settings: WebSettings, language: Language, zone: ZoneRules = ZoneRules(TimeZone.current), store: ExchangeStore,
        clock: any SleepingClock, logger: Logger, reminderAdded: @escaping @Sendable () -> Void = {}
    ) -> Router<WebContext> {
        let router = Router(context: WebContext.self)
        router.add(middleware: SecurityHeaders<WebContext>())
        router.add(middleware: SessionGate(store: store, settings: settings, logger: logger))
        let renderer = PageRenderer(language: language, zone: zone)
        Assets.add(to: router)
        LoginPage(store: store, settings: settings, renderer: renderer, clock: clock, throttle: SharedLoginThrottle(), logger: logger)
            .add(to: router)
        ExchangePage(store: store, renderer: renderer, rows: ExchangeRows(), clock: clock, keepAlive: settings.keepAlive).add(to: router)
        DealsPage(store: store, renderer: renderer, clock: clock).add(to: router)
        DealPage(store: store, renderer: renderer, clock: clock, reminderAdded: reminderAdded).add(to: router)
        NewLeadPage(store: store, renderer: renderer).add(to: router)
        ContactsPage(store: store, renderer: renderer).add(to: router)
        return router
    }

    public func run() async throws {
        let (listen, logger) = (listen, logger)
        try await HTTPServing.run(
            address: .hostname(listen.host, port: listen.port), responder: responder, logger: logger,
            onServerRunning: { _ in
                logger.notice("web workspace ready", metadata: ["listen": "\(listen)"])
            })
    }
}
