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

    public init(store: ExchangeStore, mailer: Mailer, settings: JobsSettings, mail: MailSettings, mailAdded: @escaping @Sendable () -> Void) {
        self.store = store
        self.mailer = mailer
        self.settings = settings
        self.mail = mail
        self.mailAdded = mailAdded
    }

    /// The head of sales and the exchange list: told about the exchange and about norms.
    var heads: [String] {
        store.policy.users.values.filter { $0.role == .head }.compactMap(\.email).sorted() + mail.exchangeList
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

    func stageTitle(_ id: StageID) -> String { store.policy.pipeline.stage(id)?.title ?? id.rawValue }

    func describe(_ entry: HistoryEntry) -> String {
        var parts = [entry.action.rawValue]
        if let actor = entry.actor { parts.append("(\(actor))") }
        if let to = entry.toStage { parts.append("→ \(stageTitle(to))") }
        if let reason = entry.reason { parts.append("[\(reason)]") }
        if let note = entry.note, !note.isEmpty { parts.append("— \(note)") }
        return parts.joined(separator: " ")
    }
}
