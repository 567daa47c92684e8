public import Foundation
internal import GRDB
public import LeadexCore

/// The sales department at one moment, for the head of sales: the exchange, each seller's load,
/// the calls owed, the deals over their stage's norm, the refusals waiting for QA.
public struct DepartmentNow: Sendable, Hashable {
    /// One seller's line.
    public struct Seller: Sendable, Hashable {
        public var load: UserLoad
        /// Reminders fallen due with nothing done on the deal since.
        public var overdueReminders: Int
        /// Deals in a stage longer than its norm.
        public var overNorm: Int
    }

    /// When each lead on the exchange landed there (arrived, or was handed back), oldest first.
    public var exchangeLanded: [Date]
    /// Managers, and the head when they hold deals, by login.
    public var sellers: [Seller]
    public var refusalsWaiting: Int
    /// When the oldest refusal awaiting review was recorded.
    public var oldestRefusal: Date?

    public var overdueReminders: Int { sellers.reduce(0) { $0 + $1.overdueReminders } }
    public var overNorm: Int { sellers.reduce(0) { $0 + $1.overNorm } }
}

extension ExchangeStore {
    /// The department now, in one read, for the head of sales only. Every query is an indexed
    /// count or a scan of what is open (the exchange, the deals being worked), never of the
    /// closed base or the whole history.
    public func departmentNow(at now: Date, as login: UserLogin) async throws -> DepartmentNow {
        try checkHeadOfSales(login, action: "now")
        let policy = policy
        let landed = ExchangeLanding.landedAt(lead: "lead.id", createdAt: "lead.created_at", before: nil)
        return try await database.pool.read { db in
            let exchange = try Date.fetchAll(db, sql: "SELECT \(landed) AS landed_at FROM lead WHERE status = 'exchange' ORDER BY landed_at")
            var overdue: [String: Int] = [:]
            for row in try Row.fetchAll(db, sql: Self.overdueRemindersSQL(by: "l.owner"), arguments: [now]) {
                overdue[row[0] ?? ""] = row[1]
            }
            var overNorm: [String: Int] = [:]
            for stage in policy.pipeline.stages {
                guard let norm = stage.norm else { continue }
                let since = StoredTime.text(now.addingTimeInterval(-norm.timeInterval))
                for row in try Row.fetchAll(
                    db, sql: "SELECT owner, count(*) FROM lead WHERE status = 'owned' AND stage = ? AND stage_entered_at < ? GROUP BY owner",
                    arguments: [stage.id.rawValue, since])
                {
                    overNorm[row[0] ?? "", default: 0] += row[1] as Int
                }
            }
            let loads = try Self.teamLoad(policy: policy, db: db)
            let sellers = loads.filter { $0.user.role == .manager || ($0.user.role.sells && ($0.openDeals > 0 || $0.refusals > 0)) }
                .map { load in
                    DepartmentNow.Seller(
                        load: load, overdueReminders: overdue[load.user.login.rawValue] ?? 0, overNorm: overNorm[load.user.login.rawValue] ?? 0)
                }
            // The lead's own lines, named: otherwise SQLite may take every refusal of the base
            // through history_by_action for each lead.
            let refusals = try Row.fetchOne(
                db,
                sql: """
                    SELECT count(*) AS n, min((SELECT max(h.at) FROM history h INDEXED BY history_by_lead WHERE h.lead_id = lead.id AND h.action = 'refused')) AS oldest
                    FROM lead WHERE status = 'refused'
                    """)
            return DepartmentNow(
                exchangeLanded: exchange, sellers: sellers, refusalsWaiting: refusals?["n"] ?? 0, oldestRefusal: refusals?["oldest"])
        }
    }
}
