/// The department's settings the rules apply: the pipeline, the reason lists, caps and users.
public struct ExchangePolicy: Sendable, Hashable {
    public var pipeline: Pipeline
    /// Reasons for a conditional refusal ("дорого", "выбрали конкурента", ...).
    public var refusalReasons: [Reason]
    /// Reasons a lead is not real ("спам", "ошиблись номером", ...).
    public var disqualifyReasons: [Reason]
    /// The cap on open deals for users who have none of their own.
    public var defaultCap: Int
    public var users: [UserLogin: User]
    /// What people read for mailboxes and forms, by source code (`form:site` → "Сайт: форма
    /// обратного звонка"): their configured `display_name`s. A source without one is shown as
    /// its kind and name.
    public var sourceTitles: [String: String] = [:]

    public init(
        pipeline: Pipeline, refusalReasons: [Reason], disqualifyReasons: [Reason], defaultCap: Int,
        users: [User]
    ) {
        self.pipeline = pipeline
        self.refusalReasons = refusalReasons
        self.disqualifyReasons = disqualifyReasons
        self.defaultCap = defaultCap
        self.users = Dictionary(users.map { ($0.login, $0) }, uniquingKeysWith: { first, _ in first })
    }

    public func cap(of user: User) -> Int { user.cap ?? defaultCap }

    public func refusalReason(_ id: ReasonID) -> Reason? { refusalReasons.first { $0.id == id } }

    public func disqualifyReason(_ id: ReasonID) -> Reason? { disqualifyReasons.first { $0.id == id } }
}
