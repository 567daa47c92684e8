internal import Foundation
public import LeadexConfig
internal import LeadexCore
internal import LeadexJournal
internal import LeadexStore
internal import Logging
public import ServiceLifecycle
internal import Synchronization
internal import UnixSignals

/// Talks to systemd for the whole daemon: READY=1 once started, STATUS= with a one-line summary,
/// WATCHDOG=1 at half of WatchdogSec, RELOADING=1/READY=1 around a SIGHUP reload and STOPPING=1 on
/// shutdown. A reload re-reads the config; one with problems is refused (logged with FILE:LINE)
/// and the running config stays.
public final class SupervisorService: Service, Sendable {
    private let configPath: String
    private let dropInDirectory: String?
    private let store: ExchangeStore
    private let notifier: SystemdNotifier
    private let logger: Logger
    private let current: Mutex<LeadexConfiguration>
    private let statusRefresh: Duration
    /// Services that read settings while running (the web workspace) take the reloaded config here.
    private let reloaded: @Sendable (LeadexConfiguration) -> Void

    init(
        configuration: LeadexConfiguration, configPath: String, dropInDirectory: String?, store: ExchangeStore,
        notifier: SystemdNotifier, logger: Logger, statusRefresh: Duration = .seconds(60),
        reloaded: @escaping @Sendable (LeadexConfiguration) -> Void = { _ in }
    ) {
        self.reloaded = reloaded
        self.current = Mutex(configuration)
        self.configPath = configPath
        self.dropInDirectory = dropInDirectory
        self.store = store
        self.notifier = notifier
        self.logger = logger
        self.statusRefresh = statusRefresh
    }

    /// The configuration in force.
    public var configuration: LeadexConfiguration { current.withLock { $0 } }

    public func run() async throws {
        // Trap SIGHUP before telling systemd we are ready, so an early reload is not lost.
        let hangups = await UnixSignalsSequence(trapping: .sighup)
        notifier.ready(status: await statusLine())
        logger.notice(
            "leadexd ready",
            metadata: ["config": "\(configPath)", "database": "\(store.database.path)", "users": "\(configuration.policy.users.count)"]
        )
        await withGracefulShutdownHandler {
            await cancelWhenGracefulShutdown {
                await withTaskGroup(of: Void.self) { group in
                    group.addTask { await self.handleReloads(hangups) }
                    group.addTask { await self.refreshStatus() }
                    if let interval = self.notifier.watchdogInterval() {
                        group.addTask { await self.petWatchdog(every: interval) }
                    }
                    await group.waitForAll()
                }
            }
        } onGracefulShutdown: {
            self.notifier.stopping()
            self.logger.notice("leadexd stopping: finishing work in progress")
        }
    }

    private func handleReloads(_ hangups: UnixSignalsSequence) async {
        for await _ in hangups {
            await reload()
        }
    }

    /// Re-reads the config; applies it whole, or keeps the running one and says why.
    func reload() async {
        notifier.reloading()
        logger.notice("reloading configuration", metadata: ["config": "\(configPath)"])
        do {
            let next = try LeadexConfiguration.load(path: configPath, dropInDirectory: dropInDirectory)
            try await store.apply(policy: next.policy)
            let previous = current.withLock { old in
                defer { old = next }
                return old
            }
            if previous.log != next.log || previous.storage != next.storage || previous.inboxes != next.inboxes
                || previous.forms != next.forms
            {
                logger.warning("log, storage, inbox and form settings take effect at the next restart")
            }
            if previous.web.listen != next.web.listen {
                logger.warning("[web] listen takes effect at the next restart")
            }
            reloaded(next)
            logger.notice("configuration reloaded", metadata: ["users": "\(next.policy.users.count)", "files": "\(next.files.count)"])
            notifier.ready(status: await statusLine())
        } catch let error as ConfigError {
            for problem in error.problems {
                logger.error("config reload refused: \(problem)")
            }
            notifier.ready(status: await statusLine(note: "reload refused, previous config kept"))
        } catch {
            logger.error("config reload failed, previous config kept: \(error)")
            notifier.ready(status: await statusLine(note: "reload failed, previous config kept"))
        }
    }

    private func refreshStatus() async {
        while !Task.isCancelled {
            do { try await Task.sleep(for: statusRefresh) } catch { return }
            notifier.status(await statusLine())
        }
    }

    private func petWatchdog(every interval: Duration) async {
        while !Task.isCancelled {
            notifier.watchdog()
            do { try await Task.sleep(for: interval) } catch { return }
        }
    }

    /// "3 on the exchange, 12 in work, 5 users": what `systemctl status leadexd` shows.
    func statusLine(note: String? = nil) async -> String {
        let users = configuration.policy.users.count
        var parts: [String] = []
        if let counts = try? await store.countsByStatus() {
            parts.append("\(counts[.exchange] ?? 0) on the exchange")
            parts.append("\(counts[.owned] ?? 0) in work")
            parts.append("\(counts[.conditionalRefusal] ?? 0) refusals to review")
        } else {
            parts.append("store unreadable")
        }
        parts.append("\(users) users")
        if let note { parts.append(note) }
        return parts.joined(separator: ", ")
    }
}
