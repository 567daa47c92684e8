public import LeadexCore

/// Everything `/etc/leadex/leadex.toml` and its drop-ins configure, validated. A plain value:
/// the daemon swaps it whole on reload, or keeps the old one when a new file is refused.
public struct LeadexConfiguration: Sendable {
    /// The files it was read from, in merge order.
    public var files: [String]
    public var language: Language
    /// An IANA zone (`Europe/Moscow`); `nil` means the system's.
    public var timeZone: String?
    public var storage: StorageSettings
    public var backup: BackupSettings
    public var control: ControlSettings
    public var web: WebSettings = WebSettings()
    public var metrics: MetricsSettings
    public var log: LogSettings
    public var policy: ExchangePolicy
    public var smtp: SMTPSettings?
    public var inboxes: [InboxSettings]
    public var jobs: JobsSettings
    public var mail: MailSettings
    /// Web forms and missed-call lists read from feeds.
    public var forms: [FormSettings]

    public static let defaultPath = "/etc/leadex/leadex.toml"
}

public struct StorageSettings: Sendable, Hashable {
    /// The SQLite file; relative paths are taken from the working directory.
    public var database: String
}

public struct LogSettings: Sendable, Hashable {
    public enum Target: String, Sendable, CaseIterable {
        /// The journal when started by systemd with stderr connected to it, else the terminal.
        case auto
        case journal
        case console
    }

    public enum Level: String, Sendable, CaseIterable {
        case trace, debug, info, notice, warning, error, critical
    }

    public var target: Target
    public var level: Level
    /// Phones, emails and names in entries at info level and above. Off by default: the journal
    /// is read by ops, who need lead ids, not clients' contacts.
    public var personalData: Bool
}

/// Where outgoing mail goes (reminders, alerts, reports).
public struct SMTPSettings: Sendable, Hashable {
    /// `smtps://host:465/EHLO-DOMAIN` or `smtp://host:587/EHLO-DOMAIN` (STARTTLS required).
    public var url: String
    public var user: String?
    public var password: Secret?
    /// The From header, e.g. `Leadex <leadex@example.ru>`.
    public var from: String
    public var caFile: String?
    /// Tests only: skip certificate verification.
    public var insecureTLS: Bool

    public init(url: String, user: String? = nil, password: Secret? = nil, from: String, caFile: String? = nil, insecureTLS: Bool = false) {
        self.url = url
        self.user = user
        self.password = password
        self.from = from
        self.caFile = caFile
        self.insecureTLS = insecureTLS
    }
}
