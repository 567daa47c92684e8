/// Where a lead stands on the exchange. Each case carries exactly what it needs, so an owned deal
/// without an owner, or a refusal without a reason, cannot be written down.
public enum LeadStatus: Sendable, Hashable, Codable {
    /// On the exchange (биржа лидов): owned by nobody, visible to every manager.
    case exchange
    /// Worked by `owner`; `keep` marks it to be held through the next exchange sweep.
    case owned(by: UserLogin, keep: Bool)
    /// "Условный отказ": the owner believes the client refused; QA or the head decides.
    case conditionalRefusal(owner: UserLogin, reason: ReasonID, note: String?)
    /// Closed as sold.
    case won(by: UserLogin)
    /// "Закрыто и не реализовано": confirmed lost by QA or the head (`by`); `owner` is the
    /// manager who was responsible, kept so that they still see their client.
    case lost(reason: ReasonID, owner: UserLogin, by: UserLogin)
    /// Not a real lead: spam, wrong number, outdated, a duplicate. `owner` is set when a deal
    /// being worked was disqualified, `nil` when it was taken off the exchange.
    case disqualified(reason: ReasonID, owner: UserLogin?, by: UserLogin)

    /// The column value the store keeps; its CHECK constraint lists exactly these.
    public var kind: Kind {
        switch self {
        case .exchange: .exchange
        case .owned: .owned
        case .conditionalRefusal: .conditionalRefusal
        case .won: .won
        case .lost: .lost
        case .disqualified: .disqualified
        }
    }

    public enum Kind: String, Sendable, Codable, CaseIterable {
        case exchange
        case owned
        case conditionalRefusal = "refused"
        case won
        case lost
        case disqualified
    }

    /// The user responsible for the deal (ответственный), if any; closed deals keep theirs.
    public var owner: UserLogin? {
        switch self {
        case .exchange: nil
        case .owned(let owner, _), .conditionalRefusal(let owner, _, _), .won(let owner),
            .lost(_, let owner, _): owner
        case .disqualified(_, let owner, _): owner
        }
    }

    /// Whether the deal counts against its owner's cap: only deals being worked do. A refusal
    /// frees the slot, which is one of the three ways a manager gets room for a fresh request.
    public var isOpenDeal: Bool { kind == .owned }

    /// Whether the deal is finished (won, lost or disqualified).
    public var isClosed: Bool {
        switch self {
        case .won, .lost, .disqualified: true
        case .exchange, .owned, .conditionalRefusal: false
        }
    }
}
