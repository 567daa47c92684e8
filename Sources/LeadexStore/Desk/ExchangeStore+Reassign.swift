public import Foundation
internal import GRDB
public import LeadexCore
internal import Logging
internal import Synchronization

/// What returning all of one manager's deals to the exchange did.
public struct ReturnAllOutcome: Sendable, Hashable {
    public var owner: UserLogin
    /// The deals that went back to the exchange, as they are now.
    public var returned: [Lead]
    /// Conditional refusals awaiting review, left for QA.
    public var skipped: [Lead]
    /// How many closed deals (won, lost, disqualified) stay with the manager who was responsible.
    public var closed: Int
}

/// The head handing deals on: one deal to another manager goes through ``perform(_:on:by:)``
/// with ``LeadAction/reassign(to:note:)``; all of a manager's deals back to the exchange (a
/// manager on leave or leaving: the base stays with the company) is here.
extension ExchangeStore {
    /// Returns every deal `owner` is working to the exchange in one transaction, each with a
    /// history line carrying `note`; refusals awaiting review stay for QA. `owner` may have left
    /// the config already: their deals are still theirs in the base until returned.
    public func returnAllDeals(of owner: UserLogin, note: String, by login: UserLogin) async throws -> ReturnAllOutcome {
        let actor = try actor(login, action: "return-all")
        let rules = rules.withLock { $0 }
        do {
            let outcome = try await database.pool.write { [clock] db -> ReturnAllOutcome in
                let deals = try LeadRecord.fetchAll(
                    db, sql: "SELECT * FROM lead WHERE owner = ? AND status IN ('owned', 'refused') ORDER BY id", arguments: [owner.rawValue]
                ).map { try $0.lead() }
                let change = try rules.returnAll(deals, of: owner, by: actor, note: note, at: clock.now())
                // Every user ever configured stays in the directory (inactive once removed).
                guard try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM user WHERE login = ?)", arguments: [owner.rawValue]) == true
                else { throw RuleViolation.unknownUser(owner) }
                for step in change.changes {
                    try LeadRecord(step.lead).update(db)
                    try HistoryRecord(step.history).insert(db)
                }
                let closed = try Int.fetchOne(
                    db, sql: "SELECT count(*) FROM lead WHERE owner = ? AND status IN ('won', 'lost', 'disqualified')", arguments: [owner.rawValue])
                return ReturnAllOutcome(owner: owner, returned: change.changes.map(\.lead), skipped: change.skipped, closed: closed ?? 0)
            }
            for lead in outcome.returned {
                logger.info(
                    "reassigned", metadata: ["user": "\(login)", "lead_id": "\(lead.id.map { "\($0)" } ?? "")", "action": "reassigned", "from": "\(owner)"])
            }
            logger.notice(
                "returned all deals of \(owner) to the exchange",
                metadata: [
                    "user": "\(login)", "action": "return-all", "owner": "\(owner)", "returned": "\(outcome.returned.count)",
                    "skipped": "\(outcome.skipped.count)",
                ])
            return outcome
        } catch let violation as RuleViolation {
            logRefusal(violation, user: login, lead: nil, action: "return-all")
            throw violation
        }
    }
}
