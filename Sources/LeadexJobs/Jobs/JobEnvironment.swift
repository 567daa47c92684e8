public import LeadexConfig
public import LeadexCore
public import LeadexStore

/// What every job needs: the store, the mailer, who gets which mail, and the sender to wake.
public struct JobEnvironment: Sendable {
    public let store: ExchangeStore
    public let mailer: Mailer
    public let settings: JobsSettings
    public let mail: MailSettings
    /// Wakes the outbox sender after a job added mail.
    public let mailAdded: @Sendable () -> Void
    /// The web pages the mails link to (none without `[web] public_url`).
    public let links: PageLinks

    public init(
        store: ExchangeStore, mailer: Mailer, settings: JobsSettings, mail: MailSettings, links: PageLinks = .none,
        mailAdded: @escaping @Sendable () -> Void
    ) {
        self.links = links
        self.store = store
        self.mailer = mailer
        self.settings = settings
        self.mail = mail
        self.mailAdded = mailAdded
    }

    /// The heads of sales: told about norms, sent the report. When no head has an address, the
    /// admins get what is meant for the head: an alert nobody receives is marked sent all the same,
    /// and would be lost without a trace.
    var heads: [String] { Self.orAdmins(headAddresses, admins) }

    private var headAddresses: [String] {
        store.policy.users.values.filter { $0.role == .head }.compactMap(\.email).sorted()
    }

    /// What the whole team may read about the exchange (untaken requests, reminders of deals on
    /// it): the heads and `exchange_list`, a shared address that never gets the head's alerts
    /// or the report's per-manager figures; the admins only when neither is there.
    var exchangeAudience: [String] { Self.orAdmins(headAddresses + mail.exchangeList, admins) }

    private static func orAdmins(_ addresses: [String], _ admins: [String]) -> [String] {
        addresses.isEmpty ? admins : addresses
    }

    /// Admins: told when something breaks.
    var admins: [String] {
        store.policy.users.values.filter { $0.role == .admin }.compactMap(\.email).sorted() + mail.admins
    }

    /// A user's address, or the heads' when the user has none.
    func address(of login: UserLogin?) -> [String] {
        guard let login, let email = store.policy.users[login]?.email else { return heads }
        return [email]
    }

    func greeting(_ login: UserLogin?) -> String {
        let name = login.flatMap { store.policy.users[$0]?.name }
        switch mailer.language {
        case .ru: return name.map { "\($0), добрый день!" } ?? "Добрый день!"
        case .en: return name.map { "Hello \($0)," } ?? "Hello,"
        }
    }

    /// Titles, local times, durations and phones in the department's language, for the policy
    /// in force now (a reload may change it).
    public var wording: Wording { Wording(language: mailer.language.text, zone: mailer.zone, policy: store.policy) }
}
