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
    /// `[backup] directory`, whose newest backup the status reports.
    let backupDirectory: String

    init(configuration: LeadexConfiguration, templates: MailTemplates, store: ExchangeStore, clock: any SleepingClock) {
        let zone = configuration.zone
        let transport = configuration.smtp.map { SMTPTransport(settings: $0, caFile: $0.caFile, insecureTLS: $0.insecureTLS) }
        let mailer = Mailer(
            templates: templates, from: configuration.smtp?.from ?? "leadex@localhost", zone: zone, language: configuration.language)
        let sender = OutboxSender(
            outbox: Outbox(database: store.database), transport: transport, mailer: mailer, clock: clock,
            logger: Logger(label: "leadexd.outbox"))
        let environment = JobEnvironment(
            store: store, mailer: mailer, settings: configuration.jobs, mail: configuration.mail,
            links: PageLinks(publicURL: configuration.web.publicURL), mailAdded: { sender.nudge() })
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
                JobDetail.probes(await probes.run(now: now))
            })
            jobs.append(ScheduledJob(name: "form-deadlines", timing: .whenDue(nextDue: { try await store.nextProbeCheck() })) { _, now in
                JobDetail.probes(await probes.checkDeadlines(now: now), settling: true)
            })
        }
        let watched = configuration.forms.filter { !$0.isProbeOnly }.count
        if watched > 0 {
            jobs.append(ScheduledJob(name: "form-silence", timing: .schedule(.every(.seconds(3600)))) { _, now in
                JobDetail.silence(await probes.checkSilence(now: now), checked: watched)
            })
        }
        self.zone = zone
        self.store = store
        self.backupDirectory = configuration.backup.directory
        self.scheduler = Scheduler(
            jobs: jobs, ledger: JobLedger(database: store.database), clock: clock, zone: zone, logger: Logger(label: "leadexd.scheduler"))
        self.sender = sender
        self.environment = environment
        self.jobs = jobs
    }

    /// What `leadexctl status` shows: each job's last run and next due time, each mailbox's last
    /// progress and failure, each web form's feed and health check, the outbox, the last backup.
    /// The admin's status page in the web workspace shows this same reply.
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
        let wording = environment.wording
        let failures = try await Outbox(database: store.database).failures()
        // An unreadable directory is not the status's failure: it shows as no backup.
        let newest = (try? BackupCatalog.list(directory: backupDirectory))?.first
        let formStatuses = Dictionary(try await store.formStatuses().map { ($0.form, $0) }, uniquingKeysWith: { first, _ in first })
        return StatusReply(
            jobs: lines,
            inboxes: inboxes.map { inbox in
                let seen = health.health(of: inbox.name)
                var reply = StatusReply.Inbox(
                    name: inbox.name, url: inbox.url, lastAdvanced: advanced[inbox.name], lastPass: seen?.lastPass,
                    failingSince: seen?.failingSince, lastError: seen?.lastError)
                reply.title = wording.source(LeadSource(kind: .mail, name: inbox.name))
                if seen?.failingSince != nil, let error = seen?.lastError {
                    let problem = IntakeProblem(stored: error).explained(wording.language)
                    (reply.problem, reply.problemDetail) = (problem.summary, problem.detail)
                }
                return reply
            },
            forms: forms.map { form in
                let status = formStatuses[form.name] ?? FormStatus(form: form.name)
                var reply = StatusReply.Form(
                    name: form.name, url: form.url, lastPoll: status.lastPollAt, lastSubmission: status.lastSubmissionAt,
                    feedProblem: status.feedProblem, feedProblemSince: status.feedProblemSince, failingSince: status.failingSince,
                    failingReason: status.failingReason, silentSince: status.silentSince, lastProbe: status.lastProbe?.state.rawValue,
                    lastProbeAt: status.lastProbe?.sentAt)
                let health = FormStatusText.health(status, of: form, wording: wording)
                reply.title = wording.source(LeadSource(kind: .form, name: form.name))
                reply.state = health.state.rawValue
                reply.stateTitle = FormStatusText.title(health.state, wording.language)
                (reply.problem, reply.problemDetail) = (health.problem?.summary, health.problem?.detail)
                reply.lastProbeTitle = status.lastProbe.map { FormStatusText.title($0.state, wording.language) }
                return reply
            },
            outboxPending: outbox.pending, outboxSent: outbox.sent, outboxFailing: failures.failing, outboxLastError: failures.lastError,
            lastBackup: newest.map {
                StatusReply.Backup(
                    file: $0.manifest.file, createdAt: $0.manifest.createdAt, compressedBytes: $0.manifest.compressedBytes,
                    rawBytes: $0.manifest.rawBytes, verified: $0.verified)
            })
    }
}
