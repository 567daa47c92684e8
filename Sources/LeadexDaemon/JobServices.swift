internal import Foundation
internal import LeadexConfig
internal import LeadexCore
internal import LeadexJobs
internal import LeadexStore
internal import Logging
internal import ServiceLifecycle

/// The scheduler with every enabled job, and the outbox sender they write to.
struct JobServices {
    let scheduler: Scheduler
    let sender: OutboxSender
    let environment: JobEnvironment
    /// The enabled jobs, as the scheduler runs them.
    let jobs: [ScheduledJob]

    init(configuration: LeadexConfiguration, templates: MailTemplates, store: ExchangeStore, clock: any SleepingClock) {
        let zone = ZoneRules(identifier: configuration.timeZone) ?? ZoneRules(TimeZone.current)
        let transport = configuration.smtp.map { SMTPTransport(settings: $0, caFile: $0.caFile, insecureTLS: $0.insecureTLS) }
        let sender = OutboxSender(
            outbox: Outbox(database: store.database), transport: transport, clock: clock, logger: Logger(label: "leadexd.outbox"))
        let mailer = Mailer(
            templates: templates, from: configuration.smtp?.from ?? "leadex@localhost", zone: zone, language: configuration.language)
        let environment = JobEnvironment(
            store: store, mailer: mailer, settings: configuration.jobs, mail: configuration.mail, mailAdded: { sender.nudge() })
        let settings = configuration.jobs
        var jobs: [ScheduledJob] = []
        if settings.reminders.enabled { jobs.append(environment.reminderJob()) }
        if settings.stageAlerts.enabled { jobs.append(environment.stageAlertJob()) }
        if settings.untakenAlerts.enabled { jobs.append(environment.untakenAlertJob()) }
        if settings.sweep.enabled { jobs.append(environment.sweepJob()) }
        if settings.report.enabled { jobs.append(environment.reportJob()) }
        if settings.backup.enabled { jobs.append(environment.backupJob(configuration.backup, logger: Logger(label: "leadexd.backup"))) }
        self.scheduler = Scheduler(
            jobs: jobs, ledger: JobLedger(database: store.database), clock: clock, zone: zone, logger: Logger(label: "leadexd.scheduler"))
        self.sender = sender
        self.environment = environment
        self.jobs = jobs
    }
}
