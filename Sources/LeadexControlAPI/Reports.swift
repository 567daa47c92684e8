public import Foundation

/// `leadexctl report`: the funnel, refusal reasons and managers' load for a period.
public struct ReportReply: Codable, Sendable {
    enum CodingKeys: String, CodingKey {
        case since, until, stages, managers, totals, previous, speed
        case newLeads = "new_leads", onExchangeNow = "on_exchange_now", refusalReasons = "refusal_reasons"
        case disqualifyReasons = "disqualify_reasons", untakenAlerts = "untaken_alerts"
        case won, wonBySource = "won_by_source"
    }

    /// Deals won in the period and their amounts (in kopecks); a won deal without an amount is
    /// in `deals` only, so `average_kopecks` is over the `priced` ones.
    public struct Won: Codable, Sendable, Hashable {
        enum CodingKeys: String, CodingKey {
            case deals, priced, kopecks
            case averageKopecks = "average_kopecks"
        }

        public var deals: Int
        public var priced: Int
        public var kopecks: Int64
        public var averageKopecks: Int64?

        public init(deals: Int, priced: Int, kopecks: Int64, averageKopecks: Int64?) {
            (self.deals, self.priced, self.kopecks, self.averageKopecks) = (deals, priced, kopecks, averageKopecks)
        }
    }

    public struct SourceWon: Codable, Sendable, Hashable {
        enum CodingKeys: String, CodingKey {
            case source, won
            case sourceTitle = "source_title"
        }

        /// `form:site`, `mail:sales`.
        public var source: String
        public var sourceTitle: String
        public var won: Won

        public init(source: String, sourceTitle: String, won: Won) {
            self.source = source
            self.sourceTitle = sourceTitle
            self.won = won
        }
    }

    /// The period's figures, and the same for the period before it (`previous`).
    public struct Totals: Codable, Sendable, Hashable {
        public var received: Int
        public var taken: Int
        public var won: Int
        public var refused: Int
        public var lost: Int
        public var disqualified: Int
        public var conversion: Double?

        public init(received: Int, taken: Int, won: Int, refused: Int, lost: Int, disqualified: Int, conversion: Double?) {
            (self.received, self.taken, self.won, self.refused, self.lost, self.disqualified) = (received, taken, won, refused, lost, disqualified)
            self.conversion = conversion
        }
    }

    /// Speed to lead: from landing on the exchange to the take.
    public struct Speed: Codable, Sendable, Hashable {
        enum CodingKeys: String, CodingKey {
            case takes
            case medianSeconds = "median_seconds", p90Seconds = "p90_seconds"
        }

        public var takes: Int
        public var medianSeconds: Double?
        public var p90Seconds: Double?

        public init(takes: Int, medianSeconds: Double?, p90Seconds: Double?) {
            self.takes = takes
            self.medianSeconds = medianSeconds
            self.p90Seconds = p90Seconds
        }
    }

    public struct Stage: Codable, Sendable {
        enum CodingKeys: String, CodingKey {
            case id, title, entered, dropped, won, conversion, disqualified
            case movedOn = "moved_on", medianSecondsInStage = "median_seconds_in_stage"
        }

        public var id: String
        public var title: String
        public var entered: Int
        public var movedOn: Int
        public var dropped: Int
        public var won: Int
        public var conversion: Double?
        public var medianSecondsInStage: Double?
        /// Not real requests (spam, duplicates), apart from `dropped`; `conversion` leaves them out.
        public var disqualified: Int?

        public init(
            id: String, title: String, entered: Int, movedOn: Int, dropped: Int, won: Int, conversion: Double?, medianSecondsInStage: Double?,
            disqualified: Int? = nil
        ) {
            self.disqualified = disqualified
            self.id = id
            self.title = title
            self.entered = entered
            self.movedOn = movedOn
            self.dropped = dropped
            self.won = won
            self.conversion = conversion
            self.medianSecondsInStage = medianSecondsInStage
        }
    }

    public struct Reason: Codable, Sendable {
        public var id: String
        public var title: String
        public var count: Int

        public init(id: String, title: String, count: Int) {
            self.id = id
            self.title = title
            self.count = count
        }
    }

    public struct Manager: Codable, Sendable {
        enum CodingKeys: String, CodingKey {
            case login, name, cap, taken, won, refused
            case openDeals = "open_deals", medianSecondsToTake = "median_seconds_to_take", reopenedByQA = "reopened_by_qa",
                overdueReminders = "overdue_reminders", normBreaches = "norm_breaches", wonSum = "won_sum"
        }

        public var login: String
        public var name: String
        public var openDeals: Int
        public var cap: Int
        public var taken: Int
        public var won: Int
        public var medianSecondsToTake: Double?
        public var refused: Int?
        public var reopenedByQA: Int?
        public var overdueReminders: Int?
        public var normBreaches: Int?
        /// What this manager's deals won in the period are worth.
        public var wonSum: Won?

        public init(
            login: String, name: String, openDeals: Int, cap: Int, taken: Int, won: Int, medianSecondsToTake: Double?, refused: Int? = nil,
            reopenedByQA: Int? = nil, overdueReminders: Int? = nil, normBreaches: Int? = nil, wonSum: Won? = nil
        ) {
            self.wonSum = wonSum
            (self.refused, self.reopenedByQA, self.overdueReminders, self.normBreaches) = (refused, reopenedByQA, overdueReminders, normBreaches)
            self.login = login
            self.name = name
            self.openDeals = openDeals
            self.cap = cap
            self.taken = taken
            self.won = won
            self.medianSecondsToTake = medianSecondsToTake
        }
    }

    public var since: Date
    public var until: Date
    public var newLeads: Int
    public var onExchangeNow: Int
    public var stages: [Stage]
    public var refusalReasons: [Reason]
    public var disqualifyReasons: [Reason]
    public var managers: [Manager]
    /// Absent from a daemon older than these figures.
    public var totals: Totals?
    public var previous: Totals?
    public var speed: Speed?
    public var untakenAlerts: Int?
    public var won: Won?
    /// The largest sum first.
    public var wonBySource: [SourceWon]?

    public init(
        since: Date, until: Date, newLeads: Int, onExchangeNow: Int, stages: [Stage], refusalReasons: [Reason],
        disqualifyReasons: [Reason], managers: [Manager], totals: Totals? = nil, previous: Totals? = nil, speed: Speed? = nil,
        untakenAlerts: Int? = nil, won: Won? = nil, wonBySource: [SourceWon]? = nil
    ) {
        self.won = won
        self.wonBySource = wonBySource
        self.totals = totals
        self.previous = previous
        self.speed = speed
        self.untakenAlerts = untakenAlerts
        self.since = since
        self.until = until
        self.newLeads = newLeads
        self.onExchangeNow = onExchangeNow
        self.stages = stages
        self.refusalReasons = refusalReasons
        self.disqualifyReasons = disqualifyReasons
        self.managers = managers
    }
}

/// `leadexctl status`: the daemon's timed jobs, mailboxes, web forms and outbox.
public struct StatusReply: Codable, Sendable {
    enum CodingKeys: String, CodingKey {
        case jobs, inboxes, forms
        case outboxPending = "outbox_pending", outboxSent = "outbox_sent", outboxFailing = "outbox_failing"
        case outboxLastError = "outbox_last_error", lastBackup = "last_backup"
    }

    /// The newest complete backup in `[backup] directory`.
    public struct Backup: Codable, Sendable {
        enum CodingKeys: String, CodingKey {
            case file, verified
            case createdAt = "created_at", compressedBytes = "compressed_bytes", rawBytes = "raw_bytes"
        }

        public var file: String
        public var createdAt: Date
        public var compressedBytes: Int64
        public var rawBytes: Int64
        /// Checked by SQLite's integrity check when taken, and its archive is there at its size.
        public var verified: Bool

        public init(file: String, createdAt: Date, compressedBytes: Int64, rawBytes: Int64, verified: Bool) {
            self.file = file
            self.createdAt = createdAt
            self.compressedBytes = compressedBytes
            self.rawBytes = rawBytes
            self.verified = verified
        }
    }

    public struct Job: Codable, Sendable {
        enum CodingKeys: String, CodingKey {
            case name
            case lastSlot = "last_slot", lastFinished = "last_finished", lastOutcome = "last_outcome", lastDetail = "last_detail", nextRun = "next_run"
        }

        public var name: String
        public var lastSlot: Date?
        public var lastFinished: Date?
        /// `ok`, `failed`, `interrupted`, `running`; `nil` when it never ran.
        public var lastOutcome: String?
        public var lastDetail: String?
        public var nextRun: Date?

        public init(name: String, lastSlot: Date?, lastFinished: Date?, lastOutcome: String?, lastDetail: String?, nextRun: Date?) {
            self.name = name
            self.lastSlot = lastSlot
            self.lastFinished = lastFinished
            self.lastOutcome = lastOutcome
            self.lastDetail = lastDetail
            self.nextRun = nextRun
        }
    }

    public struct Inbox: Codable, Sendable {
        enum CodingKeys: String, CodingKey {
            case name, url, title, problem
            case lastAdvanced = "last_advanced", lastPass = "last_pass", failingSince = "failing_since", lastError = "last_error"
            case problemDetail = "problem_detail"
        }

        public var name: String
        public var url: String
        /// When intake last advanced its position in this mailbox (a message came in).
        public var lastAdvanced: Date?
        /// When the daemon last read the mailbox without an error (since it started).
        public var lastPass: Date?
        /// Set while the mailbox fails (down, login refused, TLS): since when, and the last error.
        public var failingSince: Date?
        public var lastError: String?
        /// The mailbox's configured title ("Почта sales" without one), in the department's language.
        public var title: String?
        /// While failing: what happened and what to check, in the department's language; the
        /// technical detail apart. Absent from an older daemon.
        public var problem: String?
        public var problemDetail: String?

        public init(name: String, url: String, lastAdvanced: Date?, lastPass: Date? = nil, failingSince: Date? = nil, lastError: String? = nil) {
            self.name = name
            self.url = url
            self.lastAdvanced = lastAdvanced
            self.lastPass = lastPass
            self.failingSince = failingSince
            self.lastError = lastError
        }
    }

    /// A web form: its feed, its last real request and its health check.
    public struct Form: Codable, Sendable {
        enum CodingKeys: String, CodingKey {
            case name, url
            case lastPoll = "last_poll", lastSubmission = "last_submission", feedProblem = "feed_problem",
                feedProblemSince = "feed_problem_since", failingSince = "failing_since", failingReason = "failing_reason",
                silentSince = "silent_since", lastProbe = "last_probe", lastProbeAt = "last_probe_at"
            case title, state, problem
            case stateTitle = "state_title", problemDetail = "problem_detail", lastProbeTitle = "last_probe_title"
        }

        public var name: String
        /// The feed; `nil` for a probe-only form (it sends mail, its probe comes back by mail).
        public var url: String?
        public var lastPoll: Date?
        public var lastSubmission: Date?
        /// The feed cannot be read (unreachable, a login page, a changed schema).
        public var feedProblem: String?
        public var feedProblemSince: Date?
        /// The health check's test submission did not come out as a request.
        public var failingSince: Date?
        public var failingReason: String?
        /// No request for longer than the form's quiet period.
        public var silentSince: Date?
        /// The last probe's state (`pending`, `arrived`, `unreadable`, `missed`, …) and when it was sent.
        public var lastProbe: String?
        public var lastProbeAt: Date?
        /// The form's configured title, its state worst first (`failing`, `feed_problem`,
        /// `silent`, `ok`, `never_probed`) and the same in words, what is wrong and what to check,
        /// and the last probe's state in words: in the department's language. Absent from an
        /// older daemon.
        public var title: String?
        public var state: String?
        public var stateTitle: String?
        public var problem: String?
        public var problemDetail: String?
        public var lastProbeTitle: String?

        public init(
            name: String, url: String?, lastPoll: Date?, lastSubmission: Date?, feedProblem: String?, feedProblemSince: Date?,
            failingSince: Date?, failingReason: String?, silentSince: Date?, lastProbe: String?, lastProbeAt: Date?
        ) {
            self.name = name
            self.url = url
            self.lastPoll = lastPoll
            self.lastSubmission = lastSubmission
            self.feedProblem = feedProblem
            self.feedProblemSince = feedProblemSince
            self.failingSince = failingSince
            self.failingReason = failingReason
            self.silentSince = silentSince
            self.lastProbe = lastProbe
            self.lastProbeAt = lastProbeAt
        }

        /// `ok`, or what is wrong, worst first: a failing probe (requests may be lost) before a
        /// feed problem.
        public var health: String {
            if let failingReason { return "failing: \(failingReason)" }
            if failingSince != nil { return "failing" }
            if let feedProblem { return "feed: \(feedProblem)" }
            if silentSince != nil { return "silent" }
            return "ok"
        }
    }

    public var jobs: [Job]
    public var inboxes: [Inbox]
    public var forms: [Form]
    public var outboxPending: Int
    public var outboxSent: Int
    /// Unsent mail whose last attempt failed, and the newest of their errors (`nil` from a daemon
    /// older than these fields).
    public var outboxFailing: Int?
    public var outboxLastError: String?
    /// `nil` when no backup was taken yet.
    public var lastBackup: Backup?

    public init(
        jobs: [Job], inboxes: [Inbox], forms: [Form] = [], outboxPending: Int, outboxSent: Int, outboxFailing: Int? = nil,
        outboxLastError: String? = nil, lastBackup: Backup? = nil
    ) {
        self.outboxFailing = outboxFailing
        self.outboxLastError = outboxLastError
        self.lastBackup = lastBackup
        self.jobs = jobs
        self.inboxes = inboxes
        self.forms = forms
        self.outboxPending = outboxPending
        self.outboxSent = outboxSent
    }
}

/// One row of `leadexctl export`: a lead with its contact.
public struct ExportRow: Codable, Sendable {
    public var lead: LeadSummary
    public var contact: ContactReply

    public init(lead: LeadSummary, contact: ContactReply) {
        self.lead = lead
        self.contact = contact
    }

    /// The export as CSV (RFC 4180, CRLF lines, a header line): `leadexctl export` and the web's
    /// download write the same file.
    public static func csv(_ rows: [ExportRow]) -> String {
        var csv = "lead_id,status,owner,stage,source,created_at,title,contact_id,name,company,phones,emails\r\n"
        let iso = ISO8601DateFormatter()
        for row in rows {
            let fields = [
                "\(row.lead.id)", row.lead.status, row.lead.owner ?? "", row.lead.stage, row.lead.source, iso.string(from: row.lead.createdAt),
                row.lead.title, "\(row.contact.id)", row.contact.name, row.contact.company ?? "", row.contact.phones.joined(separator: " "),
                row.contact.emails.joined(separator: " "),
            ]
            csv += fields.map(csvField).joined(separator: ",") + "\r\n"
        }
        return csv
    }

    private static func csvField(_ text: String) -> String {
        guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
