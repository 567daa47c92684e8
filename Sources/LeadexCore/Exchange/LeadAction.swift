/// Everything a person can do to a lead. The exchange rules decide whether they may.
public enum LeadAction: Sendable, Hashable {
    /// Take a lead from the exchange.
    case take
    /// Hand one's deal back to the exchange.
    case returnToExchange(note: String?)
    /// Mark one's deal to be held through the next exchange sweep (or unmark it).
    case keep(Bool)
    /// Move the deal to another pipeline stage.
    case moveToStage(StageID)
    /// "Условный отказ", with a reason from the configured list.
    case refuse(reason: ReasonID, note: String?)
    /// Confirm a refusal: the deal is closed and not realized. QA and the head only.
    case closeLost(note: String?)
    /// Bring a refused or lost deal back to work: onto the exchange, or to a named manager.
    case reopen(to: UserLogin?, note: String?)
    /// The client bought.
    case win(note: String?)
    /// Not a real lead: spam, wrong number, outdated.
    case disqualify(reason: ReasonID, note: String?)
    /// A line in the deal's history: a call made, no answer, what was agreed. Changes nothing
    /// else but the deal's last activity (a call is work on the deal, which the sweep respects).
    case addNote(String)
    /// The head hands an open deal to another manager (a manager on leave, overloaded, leaving);
    /// the note, saying why, is mandatory.
    case reassign(to: UserLogin, note: String)
    /// What the deal is worth (`nil` clears it): its owner or the head, while it is worked or once won.
    case setAmount(DealAmount?)

    /// The name used in history, the journal (`ACTION=`) and error messages.
    public var name: HistoryAction {
        switch self {
        case .take: .taken
        case .returnToExchange: .returned
        case .keep(let on): on ? .kept : .unkept
        case .moveToStage: .stageChanged
        case .refuse: .refused
        case .closeLost: .closedLost
        case .reopen: .reopened
        case .win: .won
        case .disqualify: .disqualified
        case .addNote: .note
        case .reassign: .reassigned
        case .setAmount: .amountSet
        }
    }
}
