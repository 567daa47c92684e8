internal import Foundation
internal import LeadexConfig
internal import LeadexCore
internal import LeadexIntake
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
    /// The form health check, with the admins' alerts mailed.
    let formProbes: FormProbeJob

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
        let probes = FormProbeJob(
            forms: configuration.forms, store: store,
            alerting: MailFormAlerting(environment: environment, journal: JournalFormAlerting(logger: Logger(label: "leadexd.alerts")), clock: clock),
            logger: Logger(label: "leadexd.forms"))
        self.formProbes = probes
        if configuration.forms.contains(where: { $0.probe != nil }) && settings.formProbes.enabled {
            jobs.append(ScheduledJob(name: "form-probes", timing: .schedule(settings.formProbes.schedule)) { _, now in
                let outcomes = await probes.run(now: now)
                return "\(outcomes.count) probes submitted"
            })
            jobs.append(ScheduledJob(name: "form-deadlines", timing: .whenDue(nextDue: { try await store.nextProbeCheck() })) { _, now in
                let settled = await probes.checkDeadlines(now: now)
                return "\(settled.count) probes settled"
            })
        }
        if !configuration.forms.isEmpty {
            jobs.append(ScheduledJob(name: "form-silence", timing: .schedule(.every(.seconds(3600)))) { _, now in
                let outcomes = await probes.checkSilence(now: now)
                return "\(outcomes.count) forms checked for silence"
            })
        }
        self.scheduler = Scheduler(
            jobs: jobs, ledger: JobLedger(database: store.database), clock: clock, zone: zone, logger: Logger(label: "leadexd.scheduler"))
        self.sender = sender
        self.environment = environment
        self.jobs = jobs
    }
}
