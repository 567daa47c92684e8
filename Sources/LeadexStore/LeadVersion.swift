public import Foundation
public import LeadexCore

/// What tells one state of a lead on the exchange from another: every action and every mail
/// about the lead moves `lastActivityAt`; the title and source never change.
public struct LeadVersion: Sendable, Hashable {
    public var lastActivityAt: Date
    public var stage: StageID

    public init(_ lead: Lead) {
        lastActivityAt = lead.lastActivityAt
        stage = lead.stage
    }

    init(lastActivityAt: Date, stage: StageID) {
        self.lastActivityAt = lastActivityAt
        self.stage = stage
    }
}
