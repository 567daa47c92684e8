public import LeadexCore

/// What tells one state of a lead on the exchange from another: every action and every mail
/// about the lead moves its last activity; its title and source never change.
public struct LeadVersion: Sendable, Hashable {
    /// The last activity as stored (to the millisecond), compared as text: no date parsing.
    let lastActivity: String
    let stage: StageID

    public init(_ lead: Lead) {
        lastActivity = StoredTime.text(lead.lastActivityAt)
        stage = lead.stage
    }

    init(lastActivity: String, stage: StageID) {
        self.lastActivity = lastActivity
        self.stage = stage
    }
}
