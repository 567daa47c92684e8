internal import Foundation
public import LeadexConfig
internal import LeadexCore
public import LeadexStore
public import Logging
public import ServiceLifecycle

/// Polls one form's feed for as long as the daemon runs. A failing feed is retried with backoff
/// — one warning per incident, an error once it has been down past `down_alert_after`, a notice
/// on recovery — and never affects the other forms or mailboxes, each a service of its own. A
/// feed that is read but has problems (unreadable items, a changed schema) is warned about
/// when the problems change, and the form's status says what they are.
public final class FormFeedService: Service, Sendable {
    private let feed: FormFeed
    private let logger: Logger
    private let stop = StopFlag()

    public init(settings: FormSettings, store: ExchangeStore, logger: Logger) throws(IntakeError) {
        var logger = logger
        logger[metadataKey: "form"] = "\(settings.name)"
        self.logger = logger
        self.feed = try FormFeed(settings: settings, store: store)
    }

    /// One pass over the feed, as `leadexd --once` runs it.
    public func syncOnce() async throws -> FormSyncReport {
        try await feed.sync()
    }

    public func run() async throws {
        let settings = feed.settings
        var outage = OutageLog(alertAfter: settings.downAlertAfter)
        var backoff = Duration.seconds(1)
        var reported: Set<String> = []
        await withGracefulShutdownHandler {
            while !stop.isSet {
                do {
                    let report = try await feed.sync()
                    if case .recovered(let after)? = outage.succeeded(at: .now) {
                        logger.notice("form feed readable again after \(OutageLog.format(after))")
                    }
                    backoff = .seconds(1)
                    if report.created + report.ignored + report.probes > 0 { logger.info("form feed pass: \(report)") }
                    // Once per incident: a held-back count growing with each new request, or the
                    // schema problem seen only on passes that bring new items, is the same
                    // incident (the form's status has the current text). It ends when all is well.
                    if report.incidents.isEmpty {
                        if !reported.isEmpty { logger.notice("form feed problems cleared") }
                        reported = []
                    } else if !reported.isSuperset(of: report.incidents) {
                        logger.warning("form feed has problems: \(report.problems.joined(separator: "; "))")
                        reported.formUnion(report.incidents)
                    }
                } catch {
                    // A store failure (a full disk) in words, not GRDB's stale message.
                    let error = StoreFailureText.describe(error)
                    switch outage.failed(at: .now) {
                    case .warning?: logger.warning("form feed failing, retrying with backoff: \(error)")
                    case .error(let after)?: logger.error("form feed still failing after \(OutageLog.format(after)): \(error)")
                    case .recovered?, nil: break
                    }
                    await pause(min(backoff, settings.pollInterval))
                    backoff = min(backoff * 2, .seconds(300))
                    continue
                }
                await pause(settings.pollInterval)
            }
        } onGracefulShutdown: {
            self.stop.set()
        }
    }

    /// Sleeps, cut short by graceful shutdown.
    private func pause(_ duration: Duration) async {
        guard !stop.isSet else { return }
        try? await cancelWhenGracefulShutdown { try await Task.sleep(for: duration) }
    }
}
