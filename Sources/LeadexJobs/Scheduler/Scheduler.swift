public import Foundation
internal import CoreMetrics
public import LeadexCore
public import LeadexStore
public import Logging
public import ServiceLifecycle

/// Runs the timed jobs. It sleeps until the earliest next due time of all jobs — no polling —
/// and is woken early by `nudge()` (a reminder was set, a job finished). Each slot is claimed in
/// the job ledger before it runs, so no slot runs twice across restarts; a job never overlaps
/// itself; after downtime, a job's missed slots run once, as the latest of them.
///
/// When the ledger cannot be read or written (a full disk), every job waits for a retry with
/// backoff (1 s doubling, at most 5 min), and the failure is logged once per incident, as the
/// mailboxes do: never a busy loop that repeats the same error.
public actor Scheduler: Service {
    private let jobs: [ScheduledJob]
    private let ledger: JobLedger
    private let clock: any SleepingClock
    private let zone: ZoneRules
    private let logger: Logger

    /// The last slot each job claimed; for a job that never ran, when a scheduler first watched it.
    private var lastSlot: [String: Date] = [:]
    private var running: [String: Task<Void, Never>] = [:]
    /// After a failure, a data-driven job waits before retrying (30 s doubling, at most 1 h).
    private var retryAfter: [String: (at: Date, failures: Int)] = [:]
    /// Each job's failing runs, reported once per incident.
    private var jobOutages: [String: OutageLog] = [:]
    /// The job ledger (or a job's due-time query) failing: no job starts before the retry.
    private var storeFailure: FailureBackoff
    private var prepared = false
    /// `startDueJobs` suspends while claiming; a second call meanwhile must not start a job twice.
    private var starting = false
    private let alarm: LoopAlarm

    /// `alertAfter`: how long the ledger may fail before the warning becomes an error.
    public init(
        jobs: [ScheduledJob], ledger: JobLedger, clock: any SleepingClock, zone: ZoneRules, logger: Logger,
        alertAfter: Duration = .seconds(900)
    ) {
        self.jobs = jobs
        self.storeFailure = FailureBackoff(subject: "the job ledger", alertAfter: alertAfter)
        self.ledger = ledger
        self.clock = clock
        self.zone = zone
        self.logger = logger
        self.alarm = LoopAlarm(clock: clock)
    }

    /// Reads the ledger: runs a crash left 'running' are marked interrupted (not run again).
    public func prepare() async throws {
        guard !prepared else { return }
        let now = clock.now()
        for run in try await ledger.markInterrupted(at: now) {
            logger.warning("job run was interrupted by a stop or crash; its slot is not run again",
                           metadata: ["job": "\(run.job)", "slot": "\(run.slot)"])
        }
        lastSlot = try await ledger.latestSlots()
        // A job that never ran counts its slots from when a scheduler first watched it (not
        // from this start): a slot missed before its first run still runs once.
        let unrun = jobs.map(\.name).filter { lastSlot[$0] == nil }
        let since = try await ledger.watchingSince(unrun, now: now)
        for name in unrun { lastSlot[name] = since[name] ?? now }
        prepared = true
    }

    /// When `job` is next due, ignoring whether it is running.
    private func nextDue(_ job: ScheduledJob) async -> Date? {
        var due: Date?
        switch job.timing {
        case .schedule(let schedule):
            due = lastSlot[job.name].flatMap { schedule.next(after: $0, zone: zone) }
        case .whenDue(let nextDue):
            do { due = try await nextDue() } catch is CancellationError {
                return nil
            } catch {
                storeFailed("cannot tell when the job is due", error, job: job.name)
                due = storeFailure.retryAt
            }
        }
        if let retry = retryAfter[job.name]?.at, let current = due { due = max(current, retry) }
        if let retry = storeFailure.retryAt, let current = due { due = max(current, retry) }
        return due
    }

    private func storeFailed(_ what: String, _ error: any Error, job: String? = nil) {
        storeFailure.failed(what, error, at: clock.now(), logger: logger, metadata: job.map { ["job": "\($0)"] } ?? [:])
    }

    private func storeWorked() { storeFailure.worked(at: clock.now(), logger: logger) }

    /// The earliest moment any idle job is due.
    public func nextWake() async -> Date? {
        var earliest: Date?
        for job in jobs where running[job.name] == nil {
            if let due = await nextDue(job), due < (earliest ?? .distantFuture) { earliest = due }
        }
        // The ledger could not be read at start: scheduled jobs have no due time until it is.
        if !prepared, let retry = storeFailure.retryAt, retry < (earliest ?? .distantFuture) { earliest = retry }
        return earliest
    }

    /// Starts every job due now that is not already running; returns their tasks.
    @discardableResult
    public func startDueJobs() async -> [Task<Void, Never>] {
        let now = clock.now()
        if storeFailure.isWaiting(at: now) { return [] }
        if !prepared {
            do {
                try await prepare()
                storeWorked()
            } catch {
                storeFailed("cannot read or update the job ledger", error)
                return []
            }
        }
        guard !starting else { return [] }
        starting = true
        defer { starting = false }
        var started: [Task<Void, Never>] = []
        for job in jobs where running[job.name] == nil && !alarm.isStopped {
            guard let due = await nextDue(job), due <= now else { continue }
            let slot: Date
            switch job.timing {
            case .schedule(let schedule):
                slot = schedule.latestSlot(after: lastSlot[job.name] ?? now, upTo: now, zone: zone) ?? due
            case .whenDue:
                slot = now
            }
            let claimed: Bool
            do {
                claimed = try await ledger.claim(job: job.name, slot: slot, at: now)
                storeWorked()
            } catch {
                // The other jobs would fail the same way: all wait for the retry.
                storeFailed("cannot claim the job's slot", error, job: job.name)
                break
            }
            lastSlot[job.name] = max(lastSlot[job.name] ?? slot, slot)
            guard claimed else {
                logger.info("slot already ran; skipped", metadata: ["job": "\(job.name)", "slot": "\(slot)"])
                continue
            }
            if due < now.addingTimeInterval(-60), case .schedule = job.timing {
                logger.notice("running a missed slot once", metadata: ["job": "\(job.name)", "slot": "\(slot)"])
            }
            let task = Task { await self.execute(job, slot: slot) }
            running[job.name] = task
            started.append(task)
        }
        return started
    }

    /// Starts the due jobs and waits for them (tests, `leadexd run-job`).
    public func runDueJobs() async {
        for task in await startDueJobs() { await task.value }
    }

    private func execute(_ job: ScheduledJob, slot: Date) async {
        let began = ContinuousClock.now
        var failed = false
        var detail: String
        do {
            detail = try await job.run(slot, clock.now())
            retryAfter[job.name] = nil
        } catch {
            failed = true
            detail = StoreFailureText.describe(error)
            let failures = (retryAfter[job.name]?.failures ?? 0) + 1
            retryAfter[job.name] = (clock.now().addingTimeInterval(min(30 * pow(2, Double(failures - 1)), 3600)), failures)
        }
        do {
            try await ledger.finish(job: job.name, slot: slot, at: clock.now(), failed: failed, detail: detail)
            storeWorked()
        } catch {
            storeFailed("cannot record the job's outcome", error, job: job.name)
        }
        Counter(label: MetricCatalog.jobRuns, dimensions: [("job", job.name), ("outcome", failed ? "failed" : "ok")]).increment()
        let elapsed = ContinuousClock.now - began
        let metadata: Logger.Metadata = ["job": "\(job.name)", "slot": "\(slot)", "duration_ms": "\(elapsed.components.seconds * 1000 + elapsed.components.attoseconds / 1_000_000_000_000_000)"]
        // Every run is in the ledger; the journal gets one error per incident of failing runs.
        var outage = jobOutages[job.name] ?? OutageLog(alertAfter: storeFailure.alertAfter)
        let entry = failed ? outage.failed(at: clock.now()) : outage.succeeded(at: clock.now())
        jobOutages[job.name] = outage
        switch entry {
        case .warning?: logger.error("job failed: \(detail)", metadata: metadata)
        case .error(let after)?: logger.error("job still failing after \(OutageLog.format(after)): \(detail)", metadata: metadata)
        case .recovered(let after)?: logger.notice("job works again after \(OutageLog.format(after)): \(detail)", metadata: metadata)
        case nil: if failed { logger.debug("job failed again: \(detail)", metadata: metadata) } else { logger.info("job done: \(detail)", metadata: metadata) }
        }
        running[job.name] = nil
        alarm.wake()
    }

    /// Something changed that may move a due time earlier (a reminder was set).
    public nonisolated func nudge() { alarm.wake() }

    public func run() async throws {
        await alarm.run { await self.loop() }
        // A job in the middle of its work finishes it (a backup, a batch of reminders): each
        // commits atomically, so this is only about not wasting it.
        for task in running.values { await task.value }
    }

    private func loop() async {
        while !alarm.isStopped {
            await startDueJobs()
            // Also wake hourly: a wall clock set forward by hand must not leave a job asleep.
            await alarm.sleep(until: min(await nextWake() ?? .distantFuture, clock.now().addingTimeInterval(3600)))
        }
    }
}
