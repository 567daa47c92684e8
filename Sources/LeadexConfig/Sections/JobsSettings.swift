public import LeadexCore

/// The timed jobs (`[jobs.*]`): when each runs and its thresholds. Every job can be switched off
/// with `enabled = false`.
public struct JobsSettings: Sendable {
    public struct Reminders: Sendable {
        public var enabled = true
        /// A reminder sent later than this after its due time (the daemon was down) says so.
        public var overdueAfter: Duration = .seconds(600)
    }

    public struct StageAlerts: TimedJobSettings {
        public var enabled = true
        public var schedule = Schedule.every(.seconds(900))
        /// Past the norm by this much, the head of sales is told too.
        public var headGrace: Duration = .seconds(86_400)
    }

    public struct UntakenAlerts: TimedJobSettings {
        public var enabled = true
        public var schedule = Schedule.every(.seconds(300))
        /// A request waiting this long (in working hours) is reported.
        public var after: Duration = .seconds(1800)
        /// `nil`: around the clock.
        public var workingHours: WorkingHours? = WorkingHours.weekdays9to18
    }

    public struct Sweep: TimedJobSettings {
        public var enabled = true
        public var schedule = try! Schedule(parsing: "*-*-* 07:00")
        /// Owned deals idle this long and not marked keep go back to the exchange.
        public var inactiveFor: Duration = .seconds(14 * 86_400)
    }

    public struct Backup: TimedJobSettings {
        public var enabled = true
        public var schedule = try! Schedule(parsing: "Sun *-*-* 03:00")
    }

    public struct Report: TimedJobSettings {
        public var enabled = true
        public var schedule = try! Schedule(parsing: "Mon *-*-* 08:00")
        /// Extra recipients besides every user with the head role.
        public var to: [String] = []
    }

    /// The weekly submission of every form's probe (the deadlines are watched as they come, the
    /// silence of forms hourly).
    public struct FormProbes: TimedJobSettings {
        public var enabled = true
        public var schedule = try! Schedule(parsing: "Mon *-*-* 10:00")
    }

    public var reminders = Reminders()
    public var formProbes = FormProbes()
    public var stageAlerts = StageAlerts()
    public var untakenAlerts = UntakenAlerts()
    public var sweep = Sweep()
    public var backup = Backup()
    public var report = Report()

    public init() {}
}

/// What every job on a schedule has.
public protocol TimedJobSettings: Sendable {
    var enabled: Bool { get set }
    var schedule: Schedule { get set }
}

/// What outgoing mail needs beyond the SMTP server (`[mail]`).
public struct MailSettings: Sendable {
    /// A directory of `NAME.txt.mustache` / `NAME.html.mustache` files overriding the built-in
    /// templates; `nil` uses the built-in ones in the configured language.
    public var templates: String?
    /// Files of that directory that are the web workspace's, not mail (the QA call script).
    public static let workspaceTemplates: Set<String> = ["call_script.txt.mustache"]
    /// Addresses told about the exchange: untaken requests, reminders of deals back on it.
    public var exchangeList: [String] = []
    /// Addresses told when something breaks (a failed backup, a failing form).
    public var admins: [String] = []

    public init(templates: String? = nil, exchangeList: [String] = [], admins: [String] = []) {
        self.templates = templates
        self.exchangeList = exchangeList
        self.admins = admins
    }
}
