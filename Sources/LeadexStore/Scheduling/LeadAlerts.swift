public import Foundation
internal import GRDB
public import LeadexCore

/// A deal that has sat in its stage past the stage's norm.
public struct StageOverrun: Sendable, Hashable {
    public var lead: Lead
    public var contact: Contact
    public var stage: Stage
    public var owner: UserLogin
    /// How long it has been in the stage at the time of the alert.
    public var inStage: TimeInterval
}

/// A request waiting on the exchange with nobody taking it.
public struct UntakenLead: Sendable, Hashable {
    public var lead: Lead
    public var contact: Contact
    /// When it (last) landed on the exchange: its arrival, or its return by the owner, the
    /// sweep or QA. The wait counts from here.
    public var landedAt: Date
    public var waiting: TimeInterval
}

extension ExchangeStore {
    /// Stage-duration alerts, once per stage entry and audience: a deal past its stage's norm is
    /// reported to its owner; past norm + `headGrace`, to the head as well. `composeOwner` gets
    /// one owner's overruns (one digest mail each), `composeHead` all the head's. Mails and the
    /// "alert sent" marks commit together. Returns (owner alerts, head alerts) sent.
    public func sendStageAlerts(
        at now: Date, headGrace: Duration,
        composeOwner: @Sendable (UserLogin, [StageOverrun]) throws -> OutgoingMail?,
        composeHead: @Sendable ([StageOverrun]) throws -> OutgoingMail?
    ) async throws -> (owner: Int, head: Int) {
        let stages = policy.pipeline.stages.filter { $0.norm != nil }
        let grace = TimeInterval(headGrace.components.seconds)
        return try await database.pool.write { db in
            var ownerOverruns: [UserLogin: [StageOverrun]] = [:]
            var headOverruns: [StageOverrun] = []
            for stage in stages {
                let norm = TimeInterval(stage.norm!.components.seconds)
                for (kind, limit) in [("stage_owner", norm), ("stage_head", norm + grace)] {
                    let records = try LeadRecord.fetchAll(
                        db,
                        sql: """
                            SELECT * FROM lead WHERE status = 'owned' AND stage = ? AND stage_entered_at <= ?
                            AND NOT EXISTS (SELECT 1 FROM lead_alert a WHERE a.lead_id = lead.id AND a.kind = ?
                                AND a.since = lead.stage_entered_at)
                            ORDER BY stage_entered_at, id
                            """,
                        arguments: [stage.id.rawValue, StoredTime.text(now.addingTimeInterval(-limit)), kind])
                    for record in records {
                        let lead = try record.lead()
                        guard let owner = lead.status.owner, let id = lead.id else { continue }
                        let overrun = StageOverrun(
                            lead: lead, contact: try Self.contact(lead.contactID, db: db), stage: stage, owner: owner,
                            inStage: now.timeIntervalSince(lead.stageEnteredAt))
                        if kind == "stage_owner" { ownerOverruns[owner, default: []].append(overrun) } else { headOverruns.append(overrun) }
                        try db.cachedExecute(
                            sql: "INSERT INTO lead_alert (lead_id, kind, since, sent_at) VALUES (?, ?, ?, ?)",
                            arguments: [id.rawValue, kind, StoredTime.text(lead.stageEnteredAt), StoredTime.text(now)])
                    }
                }
            }
            for (owner, overruns) in ownerOverruns.sorted(by: { $0.key.rawValue < $1.key.rawValue }) {
                if let mail = try composeOwner(owner, overruns) { _ = try Outbox.insert(mail, db: db, at: now) }
            }
            if !headOverruns.isEmpty, let mail = try composeHead(headOverruns) { _ = try Outbox.insert(mail, db: db, at: now) }
            return (ownerOverruns.values.reduce(0) { $0 + $1.count }, headOverruns.count)
        }
    }

    /// Untaken-lead alerts: requests on the exchange whose waiting time since they landed there
    /// (arrived, or were returned by the owner, the sweep or QA), as measured by `waited`
    /// (working hours only, say), has reached `after`; each lead once per landing, so a deal
    /// handed back is reported again if it sits untaken again. One digest mail.
    public func sendUntakenAlerts(
        at now: Date, after: Duration, waited: @Sendable (Date) -> TimeInterval,
        compose: @Sendable ([UntakenLead]) throws -> OutgoingMail?
    ) async throws -> Int {
        let limit = TimeInterval(after.components.seconds)
        let landed = ExchangeLanding.landedAt(lead: "lead.id", createdAt: "lead.created_at", before: nil)
        return try await database.pool.write { db in
            // Wall time is an upper bound of working time: the index narrows, `waited` decides.
            let cutoff = StoredTime.text(now.addingTimeInterval(-limit))
            let rows = try Row.fetchAll(
                db,
                sql: """
                    SELECT * FROM (SELECT lead.*, \(landed) AS landed_at FROM lead WHERE status = 'exchange' AND created_at <= ?) AS w
                    WHERE w.landed_at <= ?
                    AND NOT EXISTS (SELECT 1 FROM lead_alert a WHERE a.lead_id = w.id AND a.kind = 'untaken' AND a.since = w.landed_at)
                    ORDER BY w.landed_at, w.id
                    """,
                arguments: [cutoff, cutoff])
            var untaken: [UntakenLead] = []
            for row in rows {
                let lead = try LeadRecord(row: row).lead()
                let landedText: String = row["landed_at"]
                let landedAt: Date = row["landed_at"]
                let waiting = waited(landedAt)
                guard waiting >= limit, let id = lead.id else { continue }
                untaken.append(
                    UntakenLead(lead: lead, contact: try Self.contact(lead.contactID, db: db), landedAt: landedAt, waiting: waiting))
                try db.cachedExecute(
                    sql: "INSERT INTO lead_alert (lead_id, kind, since, sent_at) VALUES (?, 'untaken', ?, ?)",
                    arguments: [id.rawValue, landedText, StoredTime.text(now)])
            }
            if !untaken.isEmpty, let mail = try compose(untaken) { _ = try Outbox.insert(mail, db: db, at: now) }
            return untaken.count
        }
    }
}
