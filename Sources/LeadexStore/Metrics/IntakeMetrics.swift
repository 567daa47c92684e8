internal import CoreMetrics
internal import Foundation

/// Counters of what intake and the exchange did, recorded once per committed batch or action
/// through swift-metrics (a no-op until the daemon bootstraps a metrics system). They count from
/// the daemon's start: Prometheus's rate() and increase() handle the reset of a restart.
enum IntakeMetrics {
    static func recordMail(_ outcomes: [MailIntakeOutcome], mailbox: String) {
        var received = 0
        var ignored: [String: Int] = [:]
        for outcome in outcomes {
            switch outcome {
            case .created, .addedToDeal: received += 1
            case .ignored(let reason): ignored[MetricCatalog.ignoreReason(reason), default: 0] += 1
            case .duplicate, .alreadyRecorded: break
            }
        }
        if received > 0 {
            Counter(label: MetricCatalog.requestsReceived, dimensions: [("source", "mail"), ("name", mailbox)]).increment(by: received)
        }
        for (reason, count) in ignored {
            Counter(label: MetricCatalog.mailsIgnored, dimensions: [("reason", reason)]).increment(by: count)
        }
    }

    static func recordForm(_ outcomes: [FormIntakeOutcome], form: String) {
        let received = outcomes.reduce(0) { count, outcome in if case .created = outcome { count + 1 } else { count } }
        if received > 0 {
            Counter(label: MetricCatalog.requestsReceived, dimensions: [("source", "form"), ("name", form)]).increment(by: received)
        }
    }

    /// A take, with how long the lead waited on the exchange since it last landed there.
    static func recordTake(waited: TimeInterval?) {
        Counter(label: MetricCatalog.leadsTaken).increment()
        if let waited, waited.isFinite {
            // Clock steps can make it negative; a histogram of speed to lead has no such bucket.
            let nanoseconds = min(max(waited, 0), 10 * 365 * 86400) * 1e9
            Timer(label: MetricCatalog.timeToTake).recordNanoseconds(Int64(nanoseconds))
        }
    }

    static func recordReturn() { Counter(label: MetricCatalog.leadsReturned).increment() }
}
