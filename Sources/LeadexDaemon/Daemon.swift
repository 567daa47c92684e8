internal import Foundation
internal import LeadexConfig
internal import LeadexControl
internal import LeadexControlAPI
internal import LeadexCore
internal import LeadexIntake
internal import LeadexJobs
internal import LeadexJournal
internal import LeadexStore
internal import LeadexWeb
internal import Logging
internal import ServiceLifecycle
internal import CoreMetrics
internal import UnixSignals

/// Starts leadexd: config, logging, the store, then every service in one ServiceGroup, which
/// stops them in reverse order on SIGTERM or SIGINT.
public enum Daemon {
    /// EX_CONFIG from sysexits.h: the unit's RestartPreventExitStatus= stops systemd from
    /// restarting into the same bad config again and again.
    public static let exitConfigurationError: Int32 = 78

    /// What both the daemon and `--once` start from: a valid config, logging, an open store.
    struct Startup {
        let configuration: LeadexConfiguration
        let templates: MailTemplates
        let store: ExchangeStore
        let logger: Logger
    }

    /// Loads the config (exit 78 on problems), installs logging, opens the store (exit 1).
    static func start(configPath: String, dropInDirectory: String?) async -> Result<Startup, ExitStatus> {
        MallocTuning.apply()
        let configuration: LeadexConfiguration
        do {
            configuration = try LeadexConfiguration.load(path: configPath, dropInDirectory: dropInDirectory)
        } catch {
            FileHandle.standardError.write(Data("leadexd: the configuration has problems:\n\(error)\n".utf8))
            return .failure(ExitStatus(exitConfigurationError))
        }
        let templates: MailTemplates
        do {
            templates = try MailTemplates(language: configuration.language, directory: configuration.mail.templates)
            try WebTemplates.check(language: configuration.language, directory: configuration.mail.templates)
        } catch {
            FileHandle.standardError.write(Data("leadexd: the mail templates have problems:\n\(error)\n".utf8))
            return .failure(ExitStatus(exitConfigurationError))
        }
        _ = LoggingBootstrap.bootstrap(configuration.log)
        let logger = Logger(label: "leadexd")
        do {
            let database = try LeadexDatabase(path: configuration.storage.database)
            let store = try await ExchangeStore(
                database: database, policy: configuration.policy, clock: SystemWallClock(),
                logger: Logger(label: "leadexd.exchange"))
            return .success(Startup(configuration: configuration, templates: templates, store: store, logger: logger))
        } catch {
            logger.critical("cannot open the store: \(StoreFailureText.describe(error))", metadata: ["database": "\(configuration.storage.database)"])
            return .failure(ExitStatus(1))
        }
    }

    struct ExitStatus: Error {
        let code: Int32
        init(_ code: Int32) { self.code = code }
    }

    /// Runs until shutdown; returns the process exit code.
    public static func run(configPath: String, dropInDirectory: String? = nil) async -> Int32 {
        let startup: Startup
        switch await start(configPath: configPath, dropInDirectory: dropInDirectory) {
        case .success(let value): startup = value
        case .failure(let status): return status.code
        }
        let (configuration, store, logger) = (startup.configuration, startup.store, startup.logger)

        let webSettings = LiveWebSettings(configuration.web)
        let supervisor = SupervisorService(
            configuration: configuration, configPath: configPath, dropInDirectory: dropInDirectory, store: store,
            notifier: SystemdNotifier(), logger: Logger(label: "leadexd.supervisor"), reloaded: { webSettings.apply($0.web) })
        let jobs = JobServices(configuration: configuration, templates: startup.templates, store: store, clock: SystemSleepingClock())
        var services: [ServiceGroupConfiguration.ServiceConfiguration] = [
            .init(service: supervisor), .init(service: jobs.sender), .init(service: jobs.scheduler),
        ]
        let mailboxHealth = MailboxHealthBoard()
        // One reply for `leadexctl status` and the admin's status page.
        let status: @Sendable () async throws -> StatusReply = { [jobs] in
            try await jobs.status(inboxes: configuration.inboxes, forms: configuration.forms, health: mailboxHealth)
        }
        if configuration.control.enabled {
            let scheduler = jobs.scheduler
            services.append(
                .init(
                    service: ControlServer(
                        settings: configuration.control, store: store, logger: Logger(label: "leadexd.control"),
                        reminderAdded: { scheduler.nudge() },
                        status: status,
                        restoreMail: { mailbox, original in
                            MessageDecider(mailbox: mailbox).decide(serverKey: "restore", bytes: original, asRequest: true)
                        },
                        language: configuration.language.text,
                        zone: configuration.zone)))
        }
        if let listen = configuration.web.listen {
            services.append(
                .init(
                    service: WebServer(
                        settings: webSettings, listen: listen, language: configuration.language,
                        timeZone: configuration.timeZone, store: store,
                        clock: SystemSleepingClock(), logger: Logger(label: "leadexd.web"),
                        reminderAdded: { [scheduler = jobs.scheduler] in scheduler.nudge() }, templates: configuration.mail.templates,
                        untaken: configuration.jobs.untakenAlerts,
                        admin: WebAdminHooks(
                            status: status,
                            backupNow: { [backup = configuration.backup] in
                                // As `leadexd backup-now` and the weekly job take it.
                                try await DatabaseBackup(database: store.database, logger: Logger(label: "leadexd.backup"))
                                    .backup(into: backup.directory, keep: backup.keep, now: Date())
                            },
                            backupDirectory: configuration.backup.directory,
                            invitations: Invitations(
                                store: store, mailer: jobs.environment.mailer, mailAdded: { [sender = jobs.sender] in sender.nudge() })))))
        }
        if configuration.metrics.enabled {
            do {
                services.append(.init(service: try metricsServer(configuration, store: store, health: mailboxHealth)))
            } catch {
                logger.critical("cannot start the metrics endpoint: \(error)")
                return exitConfigurationError
            }
        }
        for inbox in configuration.inboxes {
            do {
                services.append(
                    .init(
                        service: try InboxService(
                            settings: inbox, store: store, logger: Logger(label: "leadexd.intake"), health: mailboxHealth)))
            } catch {
                mailboxHealth.failed(inbox.name, error: "not started: \(error)")
                logger.error("inbox not started: \(error)", metadata: ["inbox": "\(inbox.name)"])
            }
        }
        for form in configuration.forms where !form.isProbeOnly {
            do {
                services.append(.init(service: try FormFeedService(settings: form, store: store, logger: Logger(label: "leadexd.forms"))))
            } catch {
                logger.error("form feed not started: \(error)", metadata: ["form": "\(form.name)"])
            }
        }
        let group = ServiceGroup(
            configuration: ServiceGroupConfiguration(
                services: services,
                gracefulShutdownSignals: [.sigterm, .sigint],
                logger: logger
            )
        )
        // Every service has stopped when the group returns: the store is closed with the WAL
        // copied into the database file.
        defer { try? store.database.close() }
        do {
            try await group.run()
            logger.notice("leadexd stopped")
            return 0
        } catch {
            logger.critical("leadexd failed: \(error)")
            return 1
        }
    }

    /// The metrics endpoint, with swift-metrics bootstrapped onto its registry (once per process:
    /// counters recorded before this are no-ops, and nothing records before the services run).
    private static func metricsServer(
        _ configuration: LeadexConfiguration, store: ExchangeStore, health: MailboxHealthBoard
    ) throws -> MetricsServer {
        let token = try configuration.metrics.token?.read()
        let factory = LeadexMetricsFactory()
        MetricsSystem.bootstrap(factory)
        let inboxes = configuration.inboxes.map(\.name)
        let endpoints = MetricsEndpoints(
            factory: factory, store: store, configuration: configuration, token: token,
            inboxes: {
                inboxes.map { name in
                    let seen = health.health(of: name)
                    return InboxHealthReading(name: name, lastPass: seen?.lastPass, failing: seen?.failingSince != nil)
                }
            })
        return MetricsServer(endpoints: endpoints, address: configuration.metrics.listen, logger: Logger(label: "leadexd.metrics"))
    }

    /// `--once`: every mailbox polled once through the same code as the daemon, then exit.
    /// Returns 0 when every mailbox was read, 1 otherwise.
    public static func runOnce(configPath: String, dropInDirectory: String? = nil) async -> Int32 {
        let startup: Startup
        switch await start(configPath: configPath, dropInDirectory: dropInDirectory) {
        case .success(let value): startup = value
        case .failure(let status): return status.code
        }
        defer { try? startup.store.database.close() }
        var failed = false
        for inbox in startup.configuration.inboxes {
            do {
                let service = try InboxService(settings: inbox, store: startup.store, logger: Logger(label: "leadexd.intake"))
                print("\(inbox.name): \(try await service.syncOnce())")
            } catch {
                failed = true
                startup.logger.error("mailbox pass failed: \(error)", metadata: ["inbox": "\(inbox.name)"])
                print("\(inbox.name): failed: \(error)")
            }
        }
        for form in startup.configuration.forms where !form.isProbeOnly {
            do {
                let service = try FormFeedService(settings: form, store: startup.store, logger: Logger(label: "leadexd.forms"))
                print("form \(form.name): \(try await service.syncOnce())")
            } catch {
                failed = true
                startup.logger.error("form feed pass failed: \(error)", metadata: ["form": "\(form.name)"])
                print("form \(form.name): failed: \(error)")
            }
        }
        return failed ? 1 : 0
    }

    /// The form health check's job, with the admins' alerts mailed through the outbox.
    private static func formProbeJob(_ startup: Startup) -> FormProbeJob {
        JobServices(configuration: startup.configuration, templates: startup.templates, store: startup.store, clock: SystemSleepingClock())
            .formProbes
    }

    /// `probe-forms`: submits every configured probe now, then (unless `wait` is false) polls the
    /// feeds and mailboxes the probes are expected in until each has come back or passed its
    /// deadline. Returns 0 when every form passed, 1 when one failed, 78 on a bad config.
    public static func probeForms(configPath: String, dropInDirectory: String? = nil, wait: Bool = true) async -> Int32 {
        let startup: Startup
        switch await start(configPath: configPath, dropInDirectory: dropInDirectory) {
        case .success(let value): startup = value
        case .failure(let status): return status.code
        }
        let configuration = startup.configuration
        let probed = configuration.forms.filter { $0.probe != nil }
        guard !probed.isEmpty else {
            print("no [[form]] has a probe: nothing to check")
            return 0
        }
        let job = formProbeJob(startup)
        let clock = SystemSleepingClock()
        var outcomes = await job.run(now: clock.now())
        for outcome in outcomes { print(describe(outcome)) }
        if wait {
            // What the probes are expected in, read each round through the daemon's own code; the
            // outcomes are taken from the store, whoever settled them (the running daemon too).
            let feeds = probed.filter { $0.probe?.destination == .feed && !$0.isProbeOnly }
            let mailboxes = Set(probed.compactMap { if case .mailbox(let name)? = $0.probe?.destination { name } else { nil } })
            let inboxes = configuration.inboxes.filter { mailboxes.contains($0.name) }
            outcomes += await job.watch(
                outcomes, clock: clock,
                readIntake: {
                    for form in feeds {
                        _ = try? await FormFeedService(settings: form, store: startup.store, logger: Logger(label: "leadexd.forms")).syncOnce()
                    }
                    for inbox in inboxes {
                        _ = try? await InboxService(settings: inbox, store: startup.store, logger: Logger(label: "leadexd.intake")).syncOnce()
                    }
                },
                report: { print(describe($0)) })
        }
        let failed = outcomes.contains {
            switch $0 {
            case .submitFailed, .failed: true
            case .sent, .arrived: false
            }
        }
        return failed ? 1 : 0
    }

    private static func describe(_ outcome: ProbeOutcome) -> String {
        switch outcome {
        case .sent(let form, let token, let deadline):
            "form \(form): probe \(token) sent, expected back by \(FormStatusText.utc(deadline))"
        case .submitFailed(let form, _, let reason):
            "form \(form): FAILING, \(reason)"
        case .arrived(let form, let token):
            "form \(form): ok, probe \(token) came back"
        case .failed(let form, _, let reason):
            "form \(form): FAILING, \(reason)"
        }
    }

    /// `form-status`: every form's feed and health as the store has them.
    public static func formStatus(configPath: String, dropInDirectory: String? = nil) async -> Int32 {
        let startup: Startup
        switch await start(configPath: configPath, dropInDirectory: dropInDirectory) {
        case .success(let value): startup = value
        case .failure(let status): return status.code
        }
        do {
            let statuses = Dictionary(uniqueKeysWithValues: try await startup.store.formStatuses().map { ($0.form, $0) })
            let wording = startup.configuration.wording(policy: startup.store.policy)
            var lines = [FormStatusText.zoneLine(wording)]
            for form in startup.configuration.forms {
                lines += FormStatusText.lines(statuses[form.name] ?? FormStatus(form: form.name), of: form, wording: wording)
            }
            print(lines.joined(separator: "\n"))
            return 0
        } catch {
            startup.logger.error("cannot read the form status: \(error)")
            return 1
        }
    }

    /// `leadexd set-password LOGIN`: the password read from standard input (one line; not echoed
    /// at a terminal), checked, and stored as a bcrypt hash; the user's web sessions end.
    public static func setPassword(_ login: String, configPath: String, dropInDirectory: String? = nil) async -> Int32 {
        let startup: Startup
        switch await start(configPath: configPath, dropInDirectory: dropInDirectory) {
        case .success(let value): startup = value
        case .failure(let status): return status.code
        }
        defer { try? startup.store.database.close() }
        guard startup.store.policy.users[UserLogin(rawValue: login)] != nil else {
            FileHandle.standardError.write(Data("leadexd: there is no [[user]] with login '\(login)' in the configuration\n".utf8))
            return 1
        }
        guard let password = PasswordPrompt.read(prompt: "Password for \(login): ") else {
            FileHandle.standardError.write(Data("leadexd: no password on standard input\n".utf8))
            return 1
        }
        do {
            try Passwords.check(password)
            try await startup.store.setPasswordHash(try await Passwords.hash(password), for: UserLogin(rawValue: login))
            print("\(login): password set; their web sessions have ended")
            return 0
        } catch let problem as Passwords.Problem {
            FileHandle.standardError.write(Data("leadexd: \(problem)\n".utf8))
            return 1
        } catch {
            startup.logger.error("cannot set the password: \(error)", metadata: ["user": "\(login)"])
            return 1
        }
    }

    /// `leadexd run-job NAME`: one run of a job now, outside its schedule (not a slot in the ledger).
    /// Its mail waits in the outbox for the daemon's sender. `everyUnmarked` makes the sweep return
    /// every owned deal not marked keep, whatever its activity: the overloaded team's reset.
    public static func runJob(_ name: String, everyUnmarked: Bool, configPath: String, dropInDirectory: String? = nil) async -> Int32 {
        let startup: Startup
        switch await start(configPath: configPath, dropInDirectory: dropInDirectory) {
        case .success(let value): startup = value
        case .failure(let status): return status.code
        }
        let services = JobServices(
            configuration: startup.configuration, templates: startup.templates, store: startup.store, clock: SystemSleepingClock())
        let now = Date()
        do {
            if everyUnmarked {
                guard name == "sweep" else {
                    FileHandle.standardError.write(Data("leadexd: --every-unmarked applies to the sweep only\n".utf8))
                    return 2
                }
                let swept = try await services.environment.sweep(at: now, inactiveFor: nil)
                print("sweep: \(swept.count) deals returned to the exchange")
                return 0
            }
            guard let job = services.jobs.first(where: { $0.name == name }) else {
                let known = services.jobs.map(\.name).joined(separator: ", ")
                FileHandle.standardError.write(Data("leadexd: no enabled job '\(name)' (enabled: \(known))\n".utf8))
                return 2
            }
            print("\(name): \(try await job.run(now, now))")
            return 0
        } catch {
            let text = StoreFailureText.describe(error)
            startup.logger.error("job failed: \(text)", metadata: ["job": "\(name)"])
            print("\(name): failed: \(text)")
            return 1
        }
    }

    /// `--check-config`: every problem as `FILE:LINE: message`, or a one-line summary.
    public static func checkConfig(path: String, dropInDirectory: String? = nil) -> (ok: Bool, output: String) {
        do {
            let configuration = try LeadexConfiguration.load(path: path, dropInDirectory: dropInDirectory)
            _ = try MailTemplates(language: configuration.language, directory: configuration.mail.templates)
            try WebTemplates.check(language: configuration.language, directory: configuration.mail.templates)
            let policy = configuration.policy
            let summary = "\(configuration.files.joined(separator: ", ")): ok (\(policy.users.count) users, "
                + "\(policy.pipeline.stages.count) stages, \(policy.refusalReasons.count) refusal reasons)"
            return (true, summary)
        } catch let error as ConfigError {
            return (false, error.description)
        } catch {
            return (false, "\(error)")
        }
    }
}
