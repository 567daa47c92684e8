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

    /// - Parameter settings: read at each request: a reload changes them (all but `listen`).
    /// - Parameter clock: wall time for sessions, throttling and ages; its sleeps pace keep-alives.
    /// - Parameter timeZone: the config's `timezone` (`nil`: the system's), for dates on the pages.
    /// - Parameter templates: `[mail] templates`, where an admin's call script may be
    ///   (``WebTemplates/check(language:directory:)`` has checked it at load).
    /// - Parameter untaken: the untaken alert's settings, which the head's "now" counts against.
    public init(
        settings: LiveWebSettings, listen: WebSettings.Listen, language: Language, timeZone: String? = nil, store: ExchangeStore,
        clock: any SleepingClock, logger: Logger, reminderAdded: @escaping @Sendable () -> Void = {}, templates: String? = nil,
        untaken: JobsSettings.UntakenAlerts = JobsSettings().untakenAlerts, admin: WebAdminHooks? = nil
    ) {
        self.responder = Self.router(
            settings: settings, language: language, zone: ZoneRules(identifier: timeZone) ?? ZoneRules(TimeZone.current), store: store,
                clock: clock, logger: logger, reminderAdded: reminderAdded, templates: templates, untaken: untaken, admin: admin ?? .none
        ).buildResponder()
        self.listen = listen
        self.logger = logger
    }

    /// Every route behind the security headers and the session gate. Tests serve it directly.
    static func router(
        settings: LiveWebSettings, language: Language, zone: ZoneRules = ZoneRules(TimeZone.current), store: ExchangeStore,
        clock: any SleepingClock, logger: Logger, reminderAdded: @escaping @Sendable () -> Void = {}, templates: String? = nil,
        untaken: JobsSettings.UntakenAlerts = JobsSettings().untakenAlerts, admin: WebAdminHooks = .none
    ) -> Router<WebContext> {
        let router = Router(context: WebContext.self)
        let renderer = PageRenderer(language: language, zone: zone)
        router.add(middleware: SecurityHeaders<WebContext>())
        router.add(middleware: SessionGate(store: store, live: settings, logger: logger, renderer: renderer))
        Assets.add(to: router)
        LoginPage(store: store, live: settings, renderer: renderer, clock: clock, throttle: SharedLoginThrottle(), logger: logger)
            .add(to: router)
        ExchangePage(store: store, renderer: renderer, rows: ExchangeRows(), clock: clock, keepAlive: settings.current.keepAlive).add(to: router)
        DealsPage(store: store, renderer: renderer, clock: clock).add(to: router)
        DealPage(store: store, renderer: renderer, clock: clock, reminderAdded: reminderAdded).add(to: router)
        NewLeadPage(store: store, renderer: renderer).add(to: router)
        ContactsPage(store: store, renderer: renderer).add(to: router)
        PasswordPage(store: store, renderer: renderer, logger: logger).add(to: router)
        // Checked at load (Daemon): a broken override never gets here; the built-in one is the fallback.
        let script: CallScript
        do { script = try CallScript(language: language, directory: templates) } catch {
            logger.error("the call script template cannot be used, the built-in one is: \(error)")
            script = try! CallScript(language: language, directory: nil)
        }
        RefusalsPage(store: store, renderer: renderer, clock: clock, callScript: script, company: settings.current.company ?? "Leadex").add(to: router)
        HeadNowPage(store: store, renderer: renderer, clock: clock, keepAlive: settings.current.keepAlive, untaken: untaken).add(to: router)
        ReportsPage(store: store, renderer: renderer, clock: clock).add(to: router)
        StatusPage(store: store, renderer: renderer, hooks: admin, clock: clock).add(to: router)
        ImportPage(store: store, renderer: renderer, clock: clock).add(to: router)
        ExportPage(store: store, renderer: renderer, clock: clock).add(to: router)
        BackupsPage(store: store, renderer: renderer, hooks: admin, logger: logger).add(to: router)
        UsersPage(store: store, renderer: renderer, hooks: admin, live: settings, logger: logger).add(to: router)
        return router
    }

    public func run() async throws {
        let (listen, logger) = (listen, logger)
        WebMetrics.start()
        try await HTTPServing.run(
            address: .hostname(listen.host, port: listen.port), responder: responder, logger: logger,
            onServerRunning: { _ in
                logger.notice("web workspace ready", metadata: ["listen": "\(listen)"])
            })
    }
}
