internal import Foundation
public import LeadexConfig
internal import LeadexCore
public import LeadexStore
public import Logging
public import ServiceLifecycle

/// Polls one mailbox for as long as the daemon runs: a pass, then IMAP IDLE (where offered) or
/// a sleep, then the next pass. A failing mailbox is retried with backoff — one warning per
/// incident, an error once it has been down past `down_alert_after`, a notice on recovery — and
/// never affects the other mailboxes, each of which is a service of its own.
public final class InboxService: Service, Sendable {
    private let mailbox: Mailbox
    private let logger: Logger
    private let stop = StopFlag()
    /// A periodic full pass even while IDLE reports nothing (servers drop IDLE silently).
    private let resyncInterval: Duration
    private let health: MailboxHealthBoard?

    public init(
        settings: InboxSettings, store: ExchangeStore, logger: Logger, resyncInterval: Duration = .seconds(600),
        health: MailboxHealthBoard? = nil
    ) throws(IntakeError) {
        var logger = logger
        logger[metadataKey: "inbox"] = "\(settings.name)"
        self.logger = logger
        self.mailbox = try Mailbox(settings: settings, store: store, logger: logger)
        self.resyncInterval = resyncInterval
        self.health = health
    }

    /// One pass over the mailbox, as `leadexd --once` runs it.
    public func syncOnce() async throws -> MailboxSyncReport {
        try await mailbox.sync()
    }

    public func run() async throws {
        let settings = mailbox.settings
        var outage = OutageLog(alertAfter: settings.downAlertAfter)
        var backoff = Duration.seconds(1)
        await withGracefulShutdownHandler {
            while !stop.isSet {
                do {
                    let report = try await mailbox.sync()
                    health?.passed(settings.name)
                    if case .recovered(let after)? = outage.succeeded(at: .now) {
                        logger.notice("mailbox reachable again after \(OutageLog.format(after))")
                    }
                    backoff = .seconds(1)
                    if report.fetched > 0 { logger.info("mailbox pass: \(report)") }
                } catch {
                    await mailbox.disconnect()
                    // A store failure (a full disk) in words, not GRDB's stale message.
                    let error = StoreFailureText.describe(error)
                    health?.failed(settings.name, error: error)
                    switch outage.failed(at: .now) {
                    case .warning?: logger.warning("mailbox failing, retrying with backoff: \(error)")
                    case .error(let after)?: logger.error("mailbox still failing after \(OutageLog.format(after)): \(error)")
                    case .recovered?, nil: break
                    }
                    await pause(backoff)
                    backoff = min(backoff * 2, .seconds(300))
                    continue
                }
                if settings.idle && !settings.isPOP3 {
                    let started = ContinuousClock.now
                    let deadline = started.advanced(by: resyncInterval)
                    do {
                        if try await mailbox.waitForMail(until: deadline, stop: stop) { continue }
                    } catch {
                        // The IDLE connection broke: the next pass reconnects (and reports if it
                        // cannot). One that breaks at once, every time, waits a poll interval
                        // first: a reconnect loop is a busy loop too.
                        await mailbox.disconnect()
                        if started.duration(to: .now) < .seconds(5) { await pause(settings.pollInterval) }
                        continue
                    }
                }
                await pause(settings.pollInterval)
            }
        } onGracefulShutdown: {
            self.stop.set()
        }
        await mailbox.disconnect()
    }

    /// Sleeps, cut short by graceful shutdown.
    private func pause(_ duration: Duration) async {
        guard !stop.isSet else { return }
        try? await cancelWhenGracefulShutdown { try await Task.sleep(for: duration) }
    }
}

/// An IMAP or a POP3 mailbox: the two ways a mailbox is read.
enum Mailbox: Sendable {
    case imap(IMAPMailbox)
    case pop3(POP3Mailbox)

    init(settings: InboxSettings, store: ExchangeStore, logger: Logger) throws(IntakeError) {
        let password: String
        do {
            password = try settings.password.read()
        } catch {
            throw IntakeError(.authentication, "cannot read the password: \(error)")
        }
        let server = MailServerSettings(
            url: settings.url, user: settings.user, password: password, caFile: settings.caFile, insecureTLS: settings.insecureTLS,
            allowPlaintext: settings.allowPlaintext, maxMessageBytes: settings.maxMessageBytes)
        let decider = MessageDecider(mailbox: settings.name, keepOriginalBytes: settings.keepOriginalBytes)
        let context = MailboxContext(settings: settings, server: server, store: store, decider: decider, logger: logger)
        self = settings.isPOP3 ? .pop3(POP3Mailbox(context: context)) : .imap(IMAPMailbox(context: context))
    }

    var settings: InboxSettings {
        switch self {
        case .imap(let mailbox): mailbox.settings
        case .pop3(let mailbox): mailbox.settings
        }
    }

    func sync() async throws -> MailboxSyncReport {
        switch self {
        case .imap(let mailbox): try await mailbox.sync()
        case .pop3(let mailbox): try await mailbox.sync()
        }
    }

    func waitForMail(until deadline: ContinuousClock.Instant, stop: StopFlag) async throws -> Bool {
        switch self {
        case .imap(let mailbox): try await mailbox.waitForMail(until: deadline, stop: stop)
        case .pop3: false
        }
    }

    func disconnect() async {
        if case .imap(let mailbox) = self { await mailbox.disconnect() }
    }
}
