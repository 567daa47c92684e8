public import Foundation
public import LeadexStore
public import Logging

/// Who learns that a web form stopped working, and that it works again: the admins, by email
/// through the outbox (connected where the daemon is wired), and until then the journal.
public protocol FormAlerting: Sendable {
    /// `form` failed its health check with `probe` (its ``ProbeStatus/failure(_:place:)`` says
    /// why, in any language); failing since `since`.
    func formFailing(form: String, probe: ProbeStatus, since: Date) async
    /// `form` passed its health check again after failing since `failingSince`.
    func formRecovered(form: String, failingSince: Date) async
}

/// The alert as a journal entry of its own (`ALERT=form_failing`), for as long as there is no
/// outbox to mail it from.
public struct JournalFormAlerting: FormAlerting {
    private let logger: Logger

    public init(logger: Logger) {
        self.logger = logger
    }

    public func formFailing(form: String, probe: ProbeStatus, since: Date) async {
        let reason = probe.failingReason ?? probe.state.rawValue
        logger.error("admin alert: web form '\(form)' is failing: \(reason)", metadata: ["form": "\(form)", "alert": "form_failing"])
    }

    public func formRecovered(form: String, failingSince: Date) async {
        logger.notice("admin alert: web form '\(form)' works again", metadata: ["form": "\(form)", "alert": "form_recovered"])
    }
}
