public import Foundation
internal import GRDB
public import LeadexCore

extension ExchangeStore {
    /// For each deal being worked, how many of its reminders fell due with nothing done on the
    /// deal since: the calls its owner still owes, which `leadexctl mine` puts first.
    public func overdueReminders(now: Date? = nil) async throws -> [LeadID: Int] {
        let now = now ?? clock.now()
        return try await database.pool.read { db in
            var counts: [LeadID: Int] = [:]
            let rows = try Row.fetchAll(db, sql: Self.overdueRemindersSQL(by: "r.lead_id"), arguments: [now])
            for row in rows { counts[LeadID(row[0] as Int64)] = row[1] as Int }
            return counts
        }
    }

    /// Reminders of deals being worked that fell due (`?`: now) with nothing done on the deal
    /// since, counted by `key` (the lead, or its owner).
    static func overdueRemindersSQL(by key: String) -> String {
        """
        SELECT \(key), COUNT(*) FROM reminder r JOIN lead l ON l.id = r.lead_id
        WHERE l.status = 'owned' AND r.due_at <= ? AND l.last_activity_at < r.due_at GROUP BY \(key)
        """
    }
}
