public import Foundation
public import LeadexCore
internal import LeadexStore
public import Logging

/// What a service loop on the injected clock (the scheduler, the outbox sender) does when the
/// store fails under it, say on a full disk: it waits for a retry with backoff (1 s doubling, at
/// most 5 min) instead of retrying at once, and logs once per incident (``OutageLog``), naming
/// the failure as people need it (``StoreFailureText``: "the disk is full").
struct FailureBackoff: Sendable {
    /// What is failing, for the recovery notice ("the job ledger").
    let subject: String
    private var outage: OutageLog
    private var retry: (at: Date, delay: TimeInterval)?

    init(subject: String, alertAfter: Duration) {
        self.subject = subject
        self.outage = OutageLog(alertAfter: alertAfter)
    }

    var alertAfter: Duration { outage.alertAfter }

    /// No attempt before this moment; nil when nothing is failing.
    var retryAt: Date? { retry?.at }

    /// Whether the loop must still wait at `now`.
    func isWaiting(at now: Date) -> Bool { retry.map { now < $0.at } ?? false }

    /// `what` failed with `error` at `now`. Failures before the retry is due (several jobs in
    /// one pass) do not lengthen the backoff.
    mutating func failed(_ what: String, _ error: any Error, at now: Date, logger: Logger, metadata: Logger.Metadata = [:]) {
        if retry.map({ $0.at <= now }) ?? true {
            let delay = min((retry?.delay ?? 0.5) * 2, 300)
            retry = (now.addingTimeInterval(delay), delay)
        }
        let text = StoreFailureText.describe(error)
        switch outage.failed(at: now) {
        case .warning?: logger.warning("\(what), retrying with backoff: \(text)", metadata: metadata)
        case .error(let after)?: logger.error("\(what), still failing after \(OutageLog.format(after)): \(text)", metadata: metadata)
        case .recovered?, nil: break
        }
    }

    /// A write worked at `now` (reads prove nothing: a full disk still reads).
    mutating func worked(at now: Date, logger: Logger) {
        retry = nil
        if case .recovered(let after)? = outage.succeeded(at: now) {
            logger.notice("\(subject) works again after \(OutageLog.format(after))")
        }
    }
}
