internal import Foundation
internal import LeadexConfig
internal import LeadexControlAPI
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
    let zone: ZoneRules
    let store: ExchangeStore

    init(configuration: LeadexConfiguration, templates: MailTemplates, store: ExchangeStore, clock: any SleepingClock) {
        let zone = ZoneRules(identifier: configuration.timeZone) ?? ZoneRules(TimeZone.current)
        let transport = configuration.smtp.map { SMTPTransport(settings: $0, caFile: $0.caFile, insecureTLS: $0.insecureTLS) }
        let mailer = Mailer(
            templates: templates, from: configuration.smtp?.from ?? "leadex@localhost", zone: zone, language: configuration.language)
        let sender = OutboxSender(
            outbox: Outbox(database: store.database), transport: transport, mailer: mailer, clock: clock,
            logger: Logger(label: "leadexd.outbox"))
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
        self.zone = zone
        self.store = store
        self.scheduler = Scheduler(
            jobs: jobs, ledger: JobLedger(database: store.database), clock: clock, zone: zone, logger: Logger(label: "leadexd.scheduler"))
        self.sender = sender
        self.environment = environment
        self.jobs = jobs
    }

    /// What `leadexctl status` shows: each job's last run and next due time, each mailbox's last
    /// progress and failure, each web form's feed and health check, the outbox.
    func status(
        inboxes: [InboxSettings], forms: [FormSettings], health: MailboxHealthBoard, now: Date = Date()
    ) async throws -> StatusReply {
        let latest = try await JobLedger(database: store.database).latestRuns()
        var lines: [StatusReply.Job] = []
        for job in jobs {
            let run = latest[job.name]
            let next: Date? = switch job.timing {
            case .schedule(let schedule): schedule.next(after: max(now, run?.slot ?? now), zone: zone)
            case .whenDue(let nextDue): try await nextDue()
            }
            lines.append(
                StatusReply.Job(
                    name: job.name, lastSlot: run?.slot, lastFinished: run?.finishedAt, lastOutcome: run?.outcome.rawValue,
                    lastDetail: run?.detail, nextRun: next))
        }
        let advanced = try await store.mailboxesAdvanced()
        let outbox = try await Outbox(database: store.database).counts()
        let formStatuses = Dictionary(try await store.formStatuses().map { ($0.form, $0) }, uniquingKeysWith: { first, _ in first })
        return StatusReply(
            jobs: lines,
            inboxes: inboxes.map { inbox in
                let seen = health.health(of: inbox.name)
                return StatusReply.Inbox(
                    name: inbox.name, url: inbox.url, lastAdvanced: advanced[inbox.name], lastPass: seen?.lastPass,
                    failingSince: seen?.failingSince, lastError: seen?.lastError)
            },
            forms: forms.map { form in
                let status = formStatuses[form.name] ?? FormStatus(form: form.name)
                return StatusReply.Form(
                    name: form.name, url: form.url, lastPoll: status.lastPollAt, lastSubmission: status.lastSubmissionAt,
                    feedProblem: status.feedProblem, feedProblemSince: status.feedProblemSince, failingSince: status.failingSince,
                    failingReason: status.failingReason, silentSince: status.silentSince, lastProbe: status.lastProbe?.state.rawValue,
                    lastProbeAt: status.lastProbe?.sentAt)
            },
            outboxPending: outbox.pending, outboxSent: outbox.sent)
    }
}
