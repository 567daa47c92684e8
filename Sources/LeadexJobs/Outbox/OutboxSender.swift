internal import LeadexConfig
public import Foundation
public import LeadexCore
internal import LeadexCurl
public import LeadexStore
public import Logging
public import ServiceLifecycle

/// Delivers the outbox. A mail is marked sent only after the server accepted it; a crash in
/// between sends it again on restart (the same bytes, the same Message-ID) — a duplicate is the
/// most that can cost, never a lost mail. A server that is down gets retries with backoff.
/// Mail left to render (reminders) is rendered and stored before its first attempt. An outbox
/// that cannot be read or written (a full disk) is retried with backoff and logged once per
/// incident; mail the server took meanwhile is remembered and not sent again by this process.
public actor OutboxSender: Service {
    /// Mails read, rendered and sent per round.
    static let batchSize = 50

    private let outbox: Outbox
    private let renderer: OutboxRenderer
    private let transport: SMTPTransport?
    private let clock: any SleepingClock
    private let logger: Logger
    private let worker = BlockingWorker(label: "smtp")
    private let alarm: LoopAlarm
    /// One warning per outage, not one per mail.
    private var failingSince: Date?
    /// After a failure the server is left alone until then: the rest of the outbox would fail
    /// the same way, one connection attempt per mail.
    public private(set) var pausedUntil: Date?
    /// Failed passes in a row: the pause doubles with each (30 s … 1 h).
    private var consecutiveFailures = 0
    /// The outbox failing under the sender: no pass before the retry.
    private var storeFailure: FailureBackoff
    /// Accepted by the server, not yet marked sent: the outbox failed to record it. Marked before
    /// anything else is sent; only a restart meanwhile sends one again.
    private var unrecorded: Set<Int64> = []

    /// `alertAfter`: how long the outbox may fail before the warning becomes an error.
    public init(
        outbox: Outbox, transport: SMTPTransport?, mailer: Mailer, clock: any SleepingClock, logger: Logger,
        alertAfter: Duration = .seconds(900)
    ) {
        self.outbox = outbox
        self.storeFailure = FailureBackoff(subject: "the outbox", alertAfter: alertAfter)
        self.renderer = OutboxRenderer(outbox: outbox, mailer: mailer, logger: logger)
        self.transport = transport
        self.clock = clock
        self.logger = logger
        self.alarm = LoopAlarm(clock: clock)
    }

    /// The delay before attempt `n + 1`: 30 s doubling, at most an hour.
    static func backoff(afterAttempts attempts: Int) -> TimeInterval {
        min(30 * pow(2, Double(min(attempts, 10))), 3600)
    }

    /// Sends everything due now; returns how many went out and how many failed.
    @discardableResult
    public func deliverDue() async -> (sent: Int, failed: Int) {
        guard let transport else { return (0, 0) }
        if storeFailure.isWaiting(at: clock.now()) { return (0, 0) }
        for id in unrecorded.sorted() {
            do {
                try await outbox.markSent(id, at: clock.now())
                unrecorded.remove(id)
                storeFailure.worked(at: clock.now(), logger: logger)
            } catch {
                storeFailure.failed("cannot record sent mail in the outbox", error, at: clock.now(), logger: logger)
                return (0, 0)
            }
        }
        if let pausedUntil, clock.now() < pausedUntil { return (0, 0) }
        var sent = 0
        var failed = 0
        while !alarm.isStopped {
            let ready: [PendingMail]
            do {
                let due = try await outbox.due(at: clock.now(), limit: Self.batchSize)
                if due.isEmpty { break }
                let prepared = try await renderer.prepare(due, now: clock.now())
                ready = prepared.ready
                failed += prepared.failed
            } catch {
                storeFailure.failed("cannot read or update the outbox", error, at: clock.now(), logger: logger)
                return (sent, failed + 1)
            }
            for pending in ready {
                // Rendered by `prepare`, and stored: every attempt sends these very bytes.
                guard let message = pending.mail.message else { continue }
                do {
                    try await worker.run {
                        try transport.send(envelopeFrom: pending.mail.envelopeFrom, recipients: pending.mail.recipients, message: message)
                    }
                    do {
                        try await outbox.markSent(pending.id, at: clock.now())
                        storeFailure.worked(at: clock.now(), logger: logger)
                    } catch {
                        // The server has it: not an SMTP failure, and not to be sent again.
                        unrecorded.insert(pending.id)
                        storeFailure.failed(
                            "cannot record sent mail in the outbox", error, at: clock.now(), logger: logger,
                            metadata: ["outbox_id": "\(pending.id)"])
                        return (sent + 1, failed)
                    }
                    sent += 1
                    pausedUntil = nil
                    consecutiveFailures = 0
                    if let since = failingSince {
                        logger.notice("SMTP delivery works again", metadata: ["down_since": "\(since)", "smtp": "\(transport.settings.url)"])
                        failingSince = nil
                    }
                    logger.debug("mail sent", metadata: ["outbox_id": "\(pending.id)", "kind": "\(pending.mail.kind.rawValue)"])
                } catch {
                    failed += 1
                    consecutiveFailures += 1
                    let retry = clock.now().addingTimeInterval(Self.backoff(afterAttempts: consecutiveFailures - 1))
                    try? await outbox.markFailed(pending.id, error: "\(error)", retryAt: retry)
                    pausedUntil = retry
                    if failingSince == nil {
                        failingSince = clock.now()
                        logger.warning(
                            "SMTP delivery failed; mail waits in the outbox: \(error)",
                            metadata: ["outbox_id": "\(pending.id)", "smtp": "\(transport.settings.url)"])
                    }
                    // The server is likely down for the rest too: wait for the next due time.
                    return (sent, failed)
                }
            }
        }
        return (sent, failed)
    }

    /// New mail is in the outbox: deliver now rather than at the next planned wake-up.
    public nonisolated func nudge() { alarm.wake() }

    public func run() async throws {
        guard transport != nil else {
            logger.notice("no [smtp] configured: mail stays in the outbox until one is")
            // A service that returns would stop the whole group: wait for shutdown instead.
            try? await gracefulShutdown()
            return
        }
        await withTaskGroup(of: Void.self) { group in
            group.addTask { await self.watchOtherWriters() }
            await alarm.run { await self.loop() }
            group.cancelAll()
        }
    }

    /// Mail that other processes queue (`probe-forms`, `run-job`, `backup-now`) is delivered as
    /// soon as they commit it, not at the next planned wake-up: a write to the database wakes
    /// the sender, and an idle database wakes nothing. Where inotify is not available, a look
    /// every 10 s instead.
    private nonisolated func watchOtherWriters() async {
        let watcher: DatabaseWriteWatcher
        do { watcher = try DatabaseWriteWatcher(databasePath: outbox.databasePath) } catch {
            logger.warning("cannot watch the database for mail queued by other processes (\(error)); looking every 10 s")
            while !Task.isCancelled {
                guard (try? await clock.sleep(until: clock.now().addingTimeInterval(10))) != nil else { return }
                nudge()
            }
            return
        }
        await watcher.watch { [alarm] in alarm.wake() }
    }

    private func loop() async {
        while !alarm.isStopped {
            await deliverDue()
            // Wake at the next retry, and at least hourly in case the wall clock jumped.
            var next: Date?
            do { next = try await outbox.nextAttempt() } catch {
                storeFailure.failed("cannot read the outbox", error, at: clock.now(), logger: logger)
                next = storeFailure.retryAt
            }
            if !unrecorded.isEmpty { next = min(next ?? .distantFuture, clock.now()) }
            // A retry still ahead holds everything back; one that has passed (the incident not
            // yet ended by a write) must not make every wait end at once.
            let retry = storeFailure.isWaiting(at: clock.now()) ? storeFailure.retryAt : nil
            let due = max(next ?? .distantFuture, pausedUntil ?? .distantPast, retry ?? .distantPast)
            await alarm.sleep(until: min(due, clock.now().addingTimeInterval(3600)))
        }
    }
}
