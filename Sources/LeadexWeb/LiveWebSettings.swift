public import LeadexConfig
internal import Synchronization

/// The `[web]` settings the running workspace reads at each request, so that a reload (SIGHUP)
/// changes timeouts, `public_url` (the origin forms must come from, the cookie's security) and
/// the invitation validity without a restart. `listen` is bound once at start.
public final class LiveWebSettings: Sendable {
    private let state: Mutex<WebSettings>

    public init(_ settings: WebSettings) { state = Mutex(settings) }

    /// The settings in force now.
    public var current: WebSettings { state.withLock { $0 } }

    /// Switches to `settings` (a reloaded config); requests already running finish with the old.
    public func apply(_ settings: WebSettings) { state.withLock { $0 = settings } }
}
