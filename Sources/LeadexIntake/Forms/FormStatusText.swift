public import Foundation
public import LeadexConfig
public import LeadexStore

/// A form's status in a few lines of text, for `leadexd form-status` and the weekly report.
public enum FormStatusText {
    /// `form`: its settings, when known (a probe-only form has no feed to report on).
    public static func lines(_ status: FormStatus, of form: FormSettings? = nil) -> [String] {
        var lines: [String] = []
        if let since = status.failingSince {
            lines.append("\(status.form): FAILING since \(utc(since)): \(status.failingReason ?? "?")")
        } else if status.lastProbe != nil {
            lines.append("\(status.form): healthy")
        } else {
            lines.append("\(status.form): never probed")
        }
        if let form, form.isProbeOnly {
            // Its requests are mail: the mailbox, not the form, has the last one.
            let mailbox = if case .mailbox(let name)? = form.probe?.destination { name } else { "?" }
            lines.append("  feed: none, probe-only: its probe comes back by mail to '\(mailbox)'")
        } else {
            lines.append("  last request: " + (status.lastSubmissionAt.map(utc) ?? "none yet"))
            if let since = status.silentSince { lines.append("  SILENT: flagged at \(utc(since)), longer than its quiet period") }
            lines.append(feedLine(status))
        }
        if let probe = status.lastProbe {
            var text = "  last probe: sent \(utc(probe.sentAt)), \(probe.state.rawValue)"
            if let arrived = probe.arrivedAt { text += " \(utc(arrived))" + (probe.arrivedVia.map { " via \($0)" } ?? "") }
            if probe.state == .pending { text += ", deadline \(utc(probe.deadlineAt))" }
            lines.append(text)
        }
        return lines
    }

    private static func feedLine(_ status: FormStatus) -> String {
        if let problem = status.feedProblem { return "  feed problem since \(status.feedProblemSince.map(utc) ?? "?"): \(problem)" }
        return "  feed: " + (status.lastPollAt.map { "read \(utc($0))" } ?? "not read yet")
    }

    /// `2026-11-23 06:00 UTC`, without Foundation's formatters (they load ICU into the daemon).
    public static func utc(_ date: Date) -> String {
        var time = time_t(Int64(date.timeIntervalSince1970.rounded(.down)))
        var parts = tm()
        gmtime_r(&time, &parts)
        func pad(_ value: Int32) -> String { value < 10 ? "0\(value)" : "\(value)" }
        return "\(parts.tm_year + 1900)-\(pad(parts.tm_mon + 1))-\(pad(parts.tm_mday)) \(pad(parts.tm_hour)):\(pad(parts.tm_min)) UTC"
    }
}
