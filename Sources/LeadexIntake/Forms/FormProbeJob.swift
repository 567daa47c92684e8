internal import LeadexCurl
public import Foundation
internal import LeadexCore
public import LeadexConfig
public import LeadexStore
public import Logging

/// What the probe job did for one form.
public enum ProbeOutcome: Sendable, Hashable {
    /// Submitted; it must come back by `deadline`.
    case sent(form: String, token: String, deadline: Date)
    /// The site refused it: the form is failing.
    case submitFailed(form: String, token: String, reason: String)
    /// Came back in time (and readable): the form works.
    case arrived(form: String, token: String)
    /// Not back by its deadline, back too late, or unreadable: the form is failing.
    case failed(form: String, token: String, reason: String)

    public var form: String {
        switch self {
        case .sent(let form, _, _), .submitFailed(let form, _, _), .arrived(let form, _), .failed(let form, _, _): form
        }
    }

    public var token: String {
        switch self {
        case .sent(_, let token, _), .submitFailed(_, let token, _), .arrived(_, let token), .failed(_, let token, _): token
        }
    }
}

/// A silence-watch finding for one form.
public enum SilenceOutcome: Sendable, Hashable {
    /// No requests since `lastSubmission`, longer than its quiet period.
    case silent(form: String, lastSubmission: Date, quietPeriod: Duration)
    /// Requests arrive again.
    case speaking(form: String)
}

/// The weekly form health check. ``run(now:)`` submits every configured probe through the
/// site's public form; intake (the form's feed, or the named mailbox) records each probe when
/// it comes back and never makes it a lead; ``checkDeadlines(now:)``, called on every tick,
/// settles what came back or ran out of time: a failing form gets a journal error and an admin
/// alert once per incident, a recovered one a notice and a recovery alert. ``checkSilence(now:)``
/// flags forms that have gone quiet.
public struct FormProbeJob: Sendable {
    private let forms: [FormSettings]
    let store: ExchangeStore
    private let alerting: any FormAlerting
    let logger: Logger
    private let worker = BlockingWorker(label: "form-probes")

    public init(forms: [FormSettings], store: ExchangeStore, alerting: any FormAlerting, logger: Logger) {
        self.forms = forms
        self.store = store
        self.alerting = alerting
        self.logger = logger
    }

    /// Submits the probe of every form that has one, then settles what can be settled at once
    /// (a refused submission). Returns one `.sent` or `.submitFailed` per form, then whatever
    /// the settling found.
    public func run(now: Date) async -> [ProbeOutcome] {
        var outcomes: [ProbeOutcome] = []
        for form in forms {
            guard let probe = form.probe else { continue }
            let token = ProbeToken.make()
            let expected = probe.destination.stored
            let metadata: Logger.Metadata = ["form": "\(form.name)", "probe_token": "\(token)"]
            do {
                let http = try FormHTTP(settings: form)
                let fields = Self.fields(of: probe, token: token, secret: http.probeSecret)
                let status = try await worker.run { try http.submitProbe(probe, fields: fields) }
                let deadline = now.addingTimeInterval(TimeInterval(probe.deadline.components.seconds))
                try await store.recordProbeSent(
                    form: form.name, token: token, expectedIn: expected, deadline: probe.deadline, accepted: status, at: now)
                logger.info("form probe sent (HTTP \(status)), expected back in \(expected)", metadata: metadata)
                outcomes.append(.sent(form: form.name, token: token, deadline: deadline))
            } catch {
                let stored = "\(error)"
                let reason = ProbeStatus.refused(stored, .en).line
                do {
                    try await store.recordProbeSubmitFailed(form: form.name, token: token, expectedIn: expected, detail: stored, at: now)
                } catch {
                    logger.error("cannot record the failed form probe: \(error)", metadata: metadata)
                }
                logger.error("form probe refused: \(IntakeProblem(stored: stored).explained(.en).line)", metadata: metadata)
                outcomes.append(.submitFailed(form: form.name, token: token, reason: reason))
            }
        }
        return outcomes + (await checkDeadlines(now: now))
    }

    /// Settles probes: those past their deadline are missed; every outcome not yet acted on
    /// marks its form failing (journal error, admin alert on the first failure of an incident)
    /// or healthy again (journal notice, recovery alert). Call it on every scheduler tick.
    public func checkDeadlines(now: Date) async -> [ProbeOutcome] {
        let settled: [SettledProbe]
        do {
            settled = try await store.settleProbes(now: now)
        } catch {
            logger.error("cannot check the form probes: \(error)")
            return []
        }
        var outcomes: [ProbeOutcome] = []
        for probe in settled {
            let metadata: Logger.Metadata = ["form": "\(probe.form)", "probe_token": "\(probe.token)", "probe": "\(probe.state.rawValue)"]
            switch probe.transition {
            case .healthy:
                logger.notice("form probe came back: the form works", metadata: metadata)
                outcomes.append(.arrived(form: probe.form, token: probe.token))
            case .recovered(let since):
                logger.notice("form probe came back: the form works again", metadata: metadata)
                await alerting.formRecovered(form: probe.form, failingSince: since)
                outcomes.append(.arrived(form: probe.form, token: probe.token))
            case .becameFailing, .stillFailing:
                let reason = probe.failingReason ?? probe.state.rawValue
                // A refused submission was logged when it happened.
                if probe.state != .submitFailed { logger.error("web form failing: \(reason)", metadata: metadata) }
                if probe.transition == .becameFailing {
                    await alerting.formFailing(form: probe.form, probe: probe.status, since: probe.failingSince ?? now)
                }
                if probe.state != .submitFailed { outcomes.append(.failed(form: probe.form, token: probe.token, reason: reason)) }
            }
        }
        return outcomes
    }

    /// Flags forms that have had no requests for longer than their quiet period, and clears
    /// the flag once requests arrive again.
    public func checkSilence(now: Date) async -> [SilenceOutcome] {
        var outcomes: [SilenceOutcome] = []
        // A probe-only form's requests arrive as mail: it has no submissions of its own to watch.
        for form in forms where !form.isProbeOnly {
            do {
                let status = try await store.formStatus(form.name)
                let period: Duration?
                switch form.quietPeriod {
                case .off: period = nil
                case .fixed(let fixed): period = fixed
                case .learned:
                    let since = now.addingTimeInterval(-TimeInterval(SilenceWatch.history.components.seconds))
                    period = SilenceWatch.learnedQuietPeriod(try await store.submissionTimes(of: form.name, since: since))
                }
                let metadata: Logger.Metadata = ["form": "\(form.name)"]
                switch SilenceWatch.decide(last: status.lastSubmissionAt, period: period, flagged: status.silentSince != nil, now: now) {
                case .flag:
                    guard let last = status.lastSubmissionAt, let period else { continue }
                    try await store.setFormSilent(form.name, since: now)
                    logger.warning(
                        "web form silent: no requests since \(FormStatusText.utc(last)), longer than its quiet period of \(DurationText.spoken(period, .en))",
                        metadata: metadata)
                    outcomes.append(.silent(form: form.name, lastSubmission: last, quietPeriod: period))
                case .clear:
                    try await store.setFormSilent(form.name, since: nil)
                    logger.notice("web form receives requests again", metadata: metadata)
                    outcomes.append(.speaking(form: form.name))
                case .none:
                    break
                }
            } catch {
                logger.error("cannot check the form for silence: \(error)", metadata: ["form": "\(form.name)"])
            }
        }
        return outcomes
    }

    /// The probe's fields with the token in place, and the secret field (captcha bypass) added.
    static func fields(of probe: FormSettings.Probe, token: String, secret: String?) -> [(name: String, value: String)] {
        var fields = probe.fields.map { (name: $0.name, value: $0.value.replacingOccurrences(of: FormSettings.tokenPlaceholder, with: token)) }
        if let name = probe.secretField, let secret { fields.append((name: name, value: secret)) }
        return fields
    }
}

extension FormSettings.Probe.Destination {
    /// As `form_probe.expected_in` stores it.
    var stored: String {
        switch self {
        case .feed: "feed"
        case .mailbox(let name): "mailbox:\(name)"
        }
    }
}
