internal import Foundation
internal import LeadexConfig
internal import LeadexCore
internal import LeadexIntake
internal import LeadexJournal
internal import LeadexStore
internal import Logging
internal import ServiceLifecycle
internal import UnixSignals

/// Starts leadexd: config, logging, the store, then every service in one ServiceGroup, which
/// stops them in reverse order on SIGTERM or SIGINT.
public enum Daemon {
    /// EX_CONFIG from sysexits.h: the unit's RestartPreventExitStatus= stops systemd from
    /// restarting into the same bad config again and again.
    public static let exitConfigurationError: Int32 = 78

    /// Runs until shutdown; returns the process exit code.
    public static func run(configPath: String, dropInDirectory: String? = nil) async -> Int32 {
        let configuration: LeadexConfiguration
        do {
            configuration = try LeadexConfiguration.load(path: configPath, dropInDirectory: dropInDirectory)
        } catch {
            FileHandle.standardError.write(Data("leadexd: the configuration has problems:\n\(error)\n".utf8))
            return exitConfigurationError
        }
        _ = LoggingBootstrap.bootstrap(configuration.log)
        let logger = Logger(label: "leadexd")

        let store: ExchangeStore
        do {
            let database = try LeadexDatabase(path: configuration.storage.database)
            store = try await ExchangeStore(
                database: database, policy: configuration.policy, clock: SystemWallClock(),
                logger: Logger(label: "leadexd.exchange"))
        } catch {
            logger.critical("cannot open the store: \(error)", metadata: ["database": "\(configuration.storage.database)"])
            return 1
        }

        let supervisor = SupervisorService(
            configuration: configuration, configPath: configPath, dropInDirectory: dropInDirectory, store: store,
            notifier: SystemdNotifier(), logger: Logger(label: "leadexd.supervisor"))
        var services: [ServiceGroupConfiguration.ServiceConfiguration] = [.init(service: supervisor)]
        for inbox in configuration.inboxes {
            do {
                services.append(.init(service: try InboxService(settings: inbox, store: store, logger: Logger(label: "leadexd.intake"))))
            } catch {
                logger.error("inbox not started: \(error)", metadata: ["inbox": "\(inbox.name)"])
            }
        }
        let group = ServiceGroup(
            configuration: ServiceGroupConfiguration(
                services: services,
                gracefulShutdownSignals: [.sigterm, .sigint],
                logger: logger
            )
        )
        do {
            try await group.run()
            logger.notice("leadexd stopped")
            return 0
        } catch {
            logger.critical("leadexd failed: \(error)")
            return 1
        }
    }

    /// `--once`: every mailbox polled once through the same code as the daemon, then exit.
    /// Returns 0 when every mailbox was read, 1 otherwise.
    public static func runOnce(configPath: String, dropInDirectory: String? = nil) async -> Int32 {
        let configuration: LeadexConfiguration
        do {
            configuration = try LeadexConfiguration.load(path: configPath, dropInDirectory: dropInDirectory)
        } catch {
            FileHandle.standardError.write(Data("leadexd: the configuration has problems:\n\(error)\n".utf8))
            return exitConfigurationError
        }
        _ = LoggingBootstrap.bootstrap(configuration.log)
        let logger = Logger(label: "leadexd")
        do {
            let database = try LeadexDatabase(path: configuration.storage.database)
            let store = try await ExchangeStore(
                database: database, policy: configuration.policy, clock: SystemWallClock(), logger: Logger(label: "leadexd.exchange"))
            var failed = false
            for inbox in configuration.inboxes {
                do {
                    let report = try await InboxService(settings: inbox, store: store, logger: Logger(label: "leadexd.intake")).syncOnce()
                    print("\(inbox.name): \(report)")
                } catch {
                    failed = true
                    logger.error("mailbox pass failed: \(error)", metadata: ["inbox": "\(inbox.name)"])
                    print("\(inbox.name): failed: \(error)")
                }
            }
            return failed ? 1 : 0
        } catch {
            logger.critical("cannot open the store: \(error)", metadata: ["database": "\(configuration.storage.database)"])
            return 1
        }
    }

    /// `--check-config`: every problem as `FILE:LINE: message`, or a one-line summary.
    public static func checkConfig(path: String, dropInDirectory: String? = nil) -> (ok: Bool, output: String) {
        do {
            let configuration = try LeadexConfiguration.load(path: path, dropInDirectory: dropInDirectory)
            let policy = configuration.policy
            let summary = "\(configuration.files.joined(separator: ", ")): ok (\(policy.users.count) users, "
                + "\(policy.pipeline.stages.count) stages, \(policy.refusalReasons.count) refusal reasons)"
            return (true, summary)
        } catch {
            return (false, error.description)
        }
    }
}
