public import Foundation

/// `leadexctl report`: the funnel, refusal reasons and managers' load for a period.
public struct ReportReply: Codable, Sendable {
    enum CodingKeys: String, CodingKey {
        case since, until, stages, managers
        case newLeads = "new_leads", onExchangeNow = "on_exchange_now", refusalReasons = "refusal_reasons"
        case disqualifyReasons = "disqualify_reasons"
    }

    public struct Stage: Codable, Sendable {
        enum CodingKeys: String, CodingKey {
            case id, title, entered, dropped, won, conversion
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

        public init(id: String, title: String, entered: Int, movedOn: Int, dropped: Int, won: Int, conversion: Double?, medianSecondsInStage: Double?) {
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
            case login, name, cap, taken, won
            case openDeals = "open_deals", medianSecondsToTake = "median_seconds_to_take"
        }

        public var login: String
        public var name: String
        public var openDeals: Int
        public var cap: Int
        public var taken: Int
        public var won: Int
        public var medianSecondsToTake: Double?

        public init(login: String, name: String, openDeals: Int, cap: Int, taken: Int, won: Int, medianSecondsToTake: Double?) {
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

    public init(
        since: Date, until: Date, newLeads: Int, onExchangeNow: Int, stages: [Stage], refusalReasons: [Reason],
        disqualifyReasons: [Reason], managers: [Manager]
    ) {
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

/// `leadexctl status`: the daemon's timed jobs, mailboxes and outbox.
public struct StatusReply: Codable, Sendable {
    enum CodingKeys: String, CodingKey {
        case jobs, inboxes
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
            case lastAdvanced = "last_advanced"
        }

        public var name: String
        public var url: String
        /// When intake last advanced its position in this mailbox.
        public var lastAdvanced: Date?

        public init(name: String, url: String, lastAdvanced: Date?) {
            self.name = name
            self.url = url
            self.lastAdvanced = lastAdvanced
        }
    }

    public var jobs: [Job]
    public var inboxes: [Inbox]
    public var outboxPending: Int
    public var outboxSent: Int

    public init(jobs: [Job], inboxes: [Inbox], outboxPending: Int, outboxSent: Int) {
        self.jobs = jobs
        self.inboxes = inboxes
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
