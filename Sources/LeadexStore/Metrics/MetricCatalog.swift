internal import LeadexCore

/// Every metric Leadex exposes, with its help text: counters and the histogram are recorded
/// through swift-metrics where their event happens; gauges are read from the store at scrape time
/// (LeadexControl's ScrapeGauges). Labels are bounded: source kinds, configured inbox, form and
/// job names, fixed reasons, never lead ids or addresses.
public enum MetricCatalog {
    public static let requestsReceived = "leadex_requests_received_total"
    public static let leadsTaken = "leadex_leads_taken_total"
    public static let leadsReturned = "leadex_leads_returned_total"
    public static let timeToTake = "leadex_lead_time_to_take_seconds"
    public static let mailsIgnored = "leadex_mails_ignored_total"
    public static let jobRuns = "leadex_job_runs_total"
    public static let exchangeLeads = "leadex_exchange_leads"
    public static let exchangeOldestAge = "leadex_exchange_oldest_lead_age_seconds"
    public static let conditionalRefusals = "leadex_conditional_refusals_open"
    public static let inboxLastPass = "leadex_inbox_last_success_timestamp_seconds"
    public static let inboxFailing = "leadex_inbox_failing"
    public static let formLastPass = "leadex_form_last_success_timestamp_seconds"
    public static let formFailing = "leadex_form_failing"
    public static let outboxWaiting = "leadex_outbox_waiting"
    public static let outboxSent = "leadex_outbox_sent"
    public static let outboxFailed = "leadex_outbox_failed"
    public static let jobLastSuccess = "leadex_job_last_success_timestamp_seconds"
    public static let backupLastTimestamp = "leadex_backup_last_timestamp_seconds"
    public static let backupLastSize = "leadex_backup_last_size_bytes"
    public static let buildInfo = "leadex_build_info"
    public static let untakenThreshold = "leadex_untaken_alert_threshold_seconds"
    public static let webLogins = "leadex_web_logins_total"
    public static let webStreamsOpen = "leadex_web_streams_open"
    /// The version build info shows.
    public static let version = LeadexVersion.current

    /// Speed to lead: from a minute to a working day and beyond.
    public static let timeToTakeBuckets: [Duration] = [
        5, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 14400, 28800, 86400,
    ].map { .seconds($0) }

    public static let help: [String: String] = [
        requestsReceived: "Requests that became leads or joined an open deal, by source kind and inbox or form.",
        leadsTaken: "Leads taken off the exchange.",
        leadsReturned: "Leads returned to the exchange by their owner.",
        timeToTake: "Time from a lead landing on the exchange to being taken.",
        mailsIgnored: "Mails recorded as not a request, by reason.",
        jobRuns: "Timed job runs by job and outcome.",
        exchangeLeads: "Leads on the exchange now.",
        exchangeOldestAge: "Age of the oldest lead on the exchange (0 when none).",
        conditionalRefusals: "Open conditional refusals.",
        inboxLastPass: "End of the inbox's last successful pass (0 before the first).",
        inboxFailing: "1 while the inbox's passes fail.",
        formLastPass: "Last successful poll of the form's feed (0 before the first).",
        formFailing: "1 while the form's feed or health check fails.",
        outboxWaiting: "Mails in the outbox not yet sent.",
        outboxSent: "Mails the outbox has sent.",
        outboxFailed: "Unsent mails whose last attempt failed.",
        jobLastSuccess: "End of the job's last successful run (0 before the first).",
        backupLastTimestamp: "Modification time of the newest backup file (0 when none).",
        backupLastSize: "Size of the newest backup file.",
        buildInfo: "Always 1; the version in a label.",
        untakenThreshold: "[jobs.untaken_alerts] after: how long a lead may wait on the exchange untaken.",
        webLogins: "Web workspace login attempts by result: ok, failed (wrong login or password) or throttled.",
        webStreamsOpen: "Live streams (Server-Sent Events) the web workspace holds open now.",
    ]

    /// A mail's ignore reason as a bounded label: the kind before the reason's detail.
    public static func ignoreReason(_ reason: String) -> String {
        let kind = reason.prefix { $0 != ":" }.lowercased()
        switch kind {
        case "auto-reply": return "auto_reply"
        case "bounce": return "bounce"
        case "no contact data": return "no_contact_data"
        default: return kind.contains("loop") ? "mail_loop" : "other"
        }
    }
}
