public import Foundation

/// What happened, as recorded in the append-only history. Raw values are stored; never rename one.
public enum HistoryAction: String, Sendable, Codable, CaseIterable, CustomStringConvertible {
    case created
    case taken
    case returned
    case kept
    case unkept
    case stageChanged = "stage_changed"
    case refused
    case closedLost = "closed_lost"
    case reopened
    case won
    case disqualified
    case note
    /// A mail from the client arrived for an open deal (a reply, or a known contact writing again).
    case mailReceived = "mail_received"
    /// A callback reminder was set (the note says when and what about).
    case reminderSet = "reminder_set"
    /// The exchange sweep returned an inactive deal (actor `nil`).
    case swept
    /// An admin or the head turned a mail intake had ignored into this lead, or a line on this
    /// deal (the note says which mail and why it had been ignored).
    case mailRestored = "mail_restored"
    /// The head handed an open deal to another manager, or back to the exchange (the note says
    /// why, then `from LOGIN to LOGIN` or `from LOGIN to the exchange`).
    case reassigned
    /// The deal's amount was set, changed or cleared (the note: `150000.50` or `cleared`, then
    /// `; was 100000.00` when it had one).
    case amountSet = "amount_set"

    public var description: String { rawValue }
}

/// One line of a lead's history: who did what, when, and why.
public struct HistoryEntry: Sendable, Hashable, Codable {
    public var leadID: LeadID
    public var at: Date
    /// `nil` when Leadex itself acted (intake, a sweep).
    public var actor: UserLogin?
    public var action: HistoryAction
    public var fromStage: StageID?
    public var toStage: StageID?
    /// The reason id, when the action needs one.
    public var reason: ReasonID?
    /// Free text: the user's note, or what the system did.
    public var note: String?

    public init(
        leadID: LeadID, at: Date, actor: UserLogin?, action: HistoryAction, fromStage: StageID? = nil,
        toStage: StageID? = nil, reason: ReasonID? = nil, note: String? = nil
    ) {
        self.leadID = leadID
        self.at = at
        self.actor = actor
        self.action = action
        self.fromStage = fromStage
        self.toStage = toStage
        self.reason = reason
        self.note = note
    }
}
