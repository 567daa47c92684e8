public import Foundation

/// `leadexctl report`: the funnel, refusal reasons and managers' load for a period.
public struct ReportReply: Codable, Sendable {
    enum CodingKeys: String, CodingKey {
        case since, until, stages, managers, totals, previous, speed
        case newLeads = "new_leads", onExchangeNow = "on_exchange_now", refusalReasons = "refusal_reasons"
        case disqualifyReasons = "disqualify_reasons", untakenAlerts = "untaken_alerts"
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
                overdueReminders = "overdue_reminders", normBreaches = "norm_breaches"
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

        public init(
            login: String, name: String, openDeals: Int, cap: Int, taken: Int, won: Int, medianSecondsToTake: Double?, refused: Int? = nil,
            reopenedByQA: Int? = nil, overdueReminders: Int? = nil, normBreaches: Int? = nil
        ) {
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

    public init(
        since: Date, until: Date, newLeads: Int, onExchangeNow: Int, stages: [Stage], refusalReasons: [Reason],
        disqualifyReasons: [Reason], managers: [Manager], totals: Totals? = nil, previous: Totals? = nil, speed: Speed? = nil,
        untakenAlerts: Int? = nil
    ) {
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
        case outboxPending = "outbox_pending", outboxSent = "outbox_sent"
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
            case name, url
            case lastAdvanced = "last_advanced", lastPass = "last_pass", failingSince = "failing_since", lastError = "last_error"
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

        /// `ok`, or what is wrong, worst first.
        public var health: String {
            if let feedProblem { return "feed: \(feedProblem)" }
            if let failingReason { return "failing: \(failingReason)" }
            if failingSince != nil { return "failing" }
            if silentSince != nil { return "silent" }
            return "ok"
        }
    }

    public var jobs: [Job]
    public var inboxes: [Inbox]
    public var forms: [Form]
    public var outboxPending: Int
    public var outboxSent: Int

    public init(jobs: [Job], inboxes: [Inbox], forms: [Form] = [], outboxPending: Int, outboxSent: Int) {
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
}
