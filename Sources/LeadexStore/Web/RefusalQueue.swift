public import Foundation
internal import GRDB
public import LeadexCore

/// A conditional refusal as QA's queue lists it: the deal without its text, the client's name,
/// and when the manager recorded the refusal.
public struct RefusalAwaitingReview: Sendable, Hashable {
    public var lead: Lead
    public var contactName: String
    public var refusedAt: Date
}

extension ExchangeStore {
    /// Every conditional refusal awaiting review, the longest waiting first, in one read: QA's
    /// and the head's queue (the rules refuse, and the journal records, anyone else).
    public func refusalQueue(as login: UserLogin) async throws -> [RefusalAwaitingReview] {
        try checkRefusalReview(login, action: "refusals")
        return try await database.pool.read { db in
            // The latest refusal line: a deal reopened and refused again waits from the second one.
            // The lead's own lines, named: otherwise SQLite may take every refusal through history_by_action.
            try Row.fetchAll(
                db,
                sql: """
                    SELECT \(LeadRecord.columnsExceptText), '' AS text,
                    (SELECT name FROM contact WHERE contact.id = lead.contact_id) AS contact_name,
                    coalesce((SELECT max(h.at) FROM history h INDEXED BY history_by_lead WHERE h.lead_id = lead.id AND h.action = 'refused'), last_activity_at) AS refused_at
                    FROM lead WHERE status = 'refused' ORDER BY refused_at, id
                    """
            ).map { row in
                RefusalAwaitingReview(lead: try LeadRecord(row: row).lead(), contactName: row["contact_name"] ?? "", refusedAt: row["refused_at"])
            }
        }
    }
}
