public import Foundation
internal import GRDB
internal import Logging
public import LeadexCore

/// A deal the sweep took back from its owner.
public struct SweptDeal: Sendable, Hashable {
    public var lead: Lead
    /// Whom the deal is with: the owner's notice names the client and the phone.
    public var contact: Contact
    public var previousOwner: UserLogin
    public var idle: TimeInterval
}

extension ExchangeStore {
    /// The exchange sweep: owned deals not marked keep and idle for `inactiveFor` (every unmarked
    /// deal when `nil`: the manual run for an overloaded team) go back to the exchange with a
    /// history line; then every keep mark is cleared, since it holds a deal through one sweep.
    /// Each previous owner gets one mail listing what left them. All in one transaction.
    public func sweepExchange(
        at now: Date, inactiveFor: Duration?,
        compose: @Sendable (UserLogin, [SweptDeal]) throws -> OutgoingMail?
    ) async throws -> [SweptDeal] {
        let cutoff = inactiveFor.map { now.addingTimeInterval(-TimeInterval($0.components.seconds)) } ?? now
        let swept = try await database.pool.write { db -> [SweptDeal] in
            let records = try LeadRecord.fetchAll(
                db, sql: "SELECT * FROM lead WHERE status = 'owned' AND keep = 0 AND last_activity_at <= ? ORDER BY id",
                arguments: [StoredTime.text(cutoff)])
            var swept: [SweptDeal] = []
            for record in records {
                var lead = try record.lead()
                guard let owner = lead.status.owner, let id = lead.id else { continue }
                let idle = now.timeIntervalSince(lead.lastActivityAt)
                lead.status = .exchange
                lead.lastActivityAt = now
                try LeadRecord(lead).update(db)
                let why = inactiveFor == nil
                    ? "returned from \(owner) by a sweep of every unmarked deal"
                    : "returned from \(owner): no activity for \(Int(idle / 86_400)) days"
                try HistoryRecord(HistoryEntry(leadID: id, at: now, actor: nil, action: .swept, note: why)).insert(db)
                swept.append(SweptDeal(lead: lead, contact: try Self.contact(lead.contactID, db: db), previousOwner: owner, idle: idle))
            }
            try db.execute(sql: "UPDATE lead SET keep = 0 WHERE keep = 1")
            for (owner, deals) in Dictionary(grouping: swept, by: \.previousOwner).sorted(by: { $0.key.rawValue < $1.key.rawValue }) {
                if let mail = try compose(owner, deals) { _ = try Outbox.insert(mail, db: db, at: now) }
            }
            return swept
        }
        for deal in swept {
            logger.notice(
                "deal swept back to the exchange",
                metadata: ["lead_id": "\(deal.lead.id.map(\.description) ?? "?")", "owner": "\(deal.previousOwner)", "action": "sweep"])
        }
        return swept
    }
}
