public import Foundation
public import LeadexConfig
public import LeadexCore
public import LeadexStore

/// A form's health as admins read it, in the department's language and on its clocks, for
/// `leadexd form-status`, `leadexctl status` and the alerts: one way of saying it everywhere.
public enum FormStatusText {
    /// Where a form stands, worst first: a failing health check says the requests may be lost,
    /// so it comes before a feed problem, which comes before silence.
    public struct Health: Sendable, Hashable {
        public enum State: String, Sendable, Hashable {
            case failing, feedProblem = "feed_problem", silent, ok, neverProbed = "never_probed"
        }

        public var state: State
        /// Since when it is so (nil when it is fine).
        public var since: Date?
        /// What is wrong and what to check; nil when all is well.
        public var problem: IntakeProblem.Explained?
    }

    /// The form's health in `wording`'s language; `form`, its settings when known (a form with
    /// no probe configured is never probed, and fine for all that).
    public static func health(_ status: FormStatus, of form: FormSettings? = nil, wording: Wording) -> Health {
        if let since = status.failingSince {
            let probe = status.lastFailure ?? status.lastProbe
            let problem =
                probe?.failure(wording.language, place: wording.source)
                ?? IntakeProblem.Explained(summary: wording.language == .ru ? "проверка не прошла" : "the health check failed", detail: status.failingReason)
            return Health(state: .failing, since: since, problem: problem)
        }
        if let problem = status.feedProblem {
            return Health(state: .feedProblem, since: status.feedProblemSince, problem: IntakeProblem(stored: problem).explained(wording.language))
        }
        if let since = status.silentSince {
            let summary =
                wording.language == .ru
                ? "заявок нет дольше обычного перерыва — проверьте, что форма на сайте открывается и отправляется"
                : "no requests for longer than its usual gap — check that the form on the site opens and submits"
            return Health(state: .silent, since: since, problem: .init(summary: summary, detail: nil))
        }
        let unprobed = status.lastProbe == nil && (form.map { $0.probe != nil } ?? true)
        return Health(state: unprobed ? .neverProbed : .ok, since: nil, problem: nil)
    }

    /// "не работает", "сбой ленты", "тишина", "работает", "не проверялась".
    public static func title(_ state: Health.State, _ language: TextLanguage) -> String {
        let ru = language == .ru
        switch state {
        case .failing: return ru ? "не работает" : "failing"
        case .feedProblem: return ru ? "сбой ленты" : "feed problem"
        case .silent: return ru ? "тишина" : "silent"
        case .ok: return ru ? "работает" : "ok"
        case .neverProbed: return ru ? "не проверялась" : "never probed"
        }
    }

    /// "ждёт", "пришла", … : a probe's state as people say it.
    public static func title(_ state: ProbeState, _ language: TextLanguage) -> String {
        let ru = language == .ru
        switch state {
        case .pending: return ru ? "ждём возврата" : "pending"
        case .arrived: return ru ? "вернулась" : "came back"
        case .unreadable: return ru ? "вернулась нечитаемой" : "came back unreadable"
        case .missed: return ru ? "не вернулась" : "never came back"
        case .late: return ru ? "вернулась с опозданием" : "came back late"
        case .submitFailed: return ru ? "сайт не принял" : "refused by the site"
        }
    }

    /// `form-status`'s lines for one form: `form`, its settings when known (a probe-only form has
    /// no feed to report on).
    public static func lines(_ status: FormStatus, of form: FormSettings? = nil, wording: Wording) -> [String] {
        let ru = wording.language == .ru
        let time = { (date: Date) in wording.time(date, now: nil) }
        let name = wording.source(LeadSource(kind: .form, name: status.form))
        let health = health(status, of: form, wording: wording)
        var head = "\(name) (\(status.form)): " + title(health.state, wording.language)
        if let since = health.since { head += (ru ? " с " : " since ") + time(since) }
        var lines = [head]
        if let problem = health.problem {
            lines.append("  " + problem.summary)
            if let detail = problem.detail { lines.append("  > " + detail) }
        }
        if let form, form.isProbeOnly {
            // Its requests are mail: the mailbox, not the form, has the last one.
            let mailbox = if case .mailbox(let name)? = form.probe?.destination { wording.source(LeadSource(kind: .mail, name: name)) } else { "?" }
            lines.append(ru ? "  лента: нет, заявки и проверка приходят письмом в «\(mailbox)»" : "  feed: none, requests and the probe come by mail to '\(mailbox)'")
        } else {
            lines.append((ru ? "  последняя заявка: " : "  last request: ") + (status.lastSubmissionAt.map(time) ?? (ru ? "ещё не было" : "none yet")))
            let read = status.lastPollAt.map { (ru ? "прочитана " : "read ") + time($0) } ?? (ru ? "ещё не читалась" : "not read yet")
            lines.append((ru ? "  лента: " : "  feed: ") + read)
            if health.state != .feedProblem, let problem = status.feedProblem {
                // Behind the failing probe, the feed's own problem still needs its line.
                let since = status.feedProblemSince.map { (ru ? " с " : " since ") + time($0) } ?? ""
                lines.append((ru ? "  сбой ленты" : "  feed problem") + since + ": " + IntakeProblem(stored: problem).summary(wording.language))
            }
        }
        if let probe = status.lastProbe {
            var text = (ru ? "  последняя проверка: отправлена " : "  last probe: sent ") + time(probe.sentAt) + ", " + title(probe.state, wording.language)
            if let arrived = probe.arrivedAt { text += " " + time(arrived) }
            if probe.state == .pending { text += (ru ? ", срок до " : ", due back by ") + time(probe.deadlineAt) }
            lines.append(text)
        }
        return lines
    }

    /// "Время: Europe/Moscow" — the zone the times are in, said once above them.
    public static func zoneLine(_ wording: Wording) -> String {
        (wording.language == .ru ? "Время: " : "Times in ") + wording.times.zone.timeZone.identifier
    }

    /// `2026-11-23 06:00 UTC`, for the journal's lines (sortable, greppable), without
    /// Foundation's formatters (they load ICU into the daemon).
    public static func utc(_ date: Date) -> String {
        var time = time_t(Int64(date.timeIntervalSince1970.rounded(.down)))
        var parts = tm()
        gmtime_r(&time, &parts)
        func pad(_ value: Int32) -> String { value < 10 ? "0\(value)" : "\(value)" }
        return "\(parts.tm_year + 1900)-\(pad(parts.tm_mon + 1))-\(pad(parts.tm_mday)) \(pad(parts.tm_hour)):\(pad(parts.tm_min)) UTC"
    }
}
