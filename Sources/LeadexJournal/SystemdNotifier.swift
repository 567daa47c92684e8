internal import CSystemd

/// The service manager's notification protocol (sd_notify(3)). Outside systemd, where
/// `NOTIFY_SOCKET` is unset, every call does nothing.
public struct SystemdNotifier: Sendable {
    public init() {}

    /// The store is open and the config loaded: systemd considers the service started.
    public func ready(status: String) { send("READY=1\nSTATUS=\(status)") }

    /// A one-line summary shown by `systemctl status`.
    public func status(_ status: String) { send("STATUS=\(status)") }

    /// A reload (SIGHUP) has begun; ``ready(status:)`` ends it.
    public func reloading() { send("RELOADING=1") }

    /// Shutdown has begun (SIGTERM); in-flight work is being finished.
    public func stopping() { send("STOPPING=1") }

    /// The main loop is alive (`WatchdogSec=`).
    public func watchdog() { send("WATCHDOG=1") }

    /// How often to send ``watchdog()``: half of `WatchdogSec=`, as sd_watchdog_enabled(3)
    /// advises; `nil` when no watchdog is configured for this process.
    public func watchdogInterval() -> Duration? {
        var microseconds: UInt64 = 0
        guard sd_watchdog_enabled(0, &microseconds) > 0, microseconds > 0 else { return nil }
        return .microseconds(Int64(microseconds / 2))
    }

    @discardableResult
    public func send(_ state: String) -> Bool {
        sd_notify(0, state) > 0
    }
}
