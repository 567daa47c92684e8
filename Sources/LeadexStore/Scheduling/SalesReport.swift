public import Foundation
internal import GRDB
public import LeadexCore

/// The numbers the head of sales gets each week, for one period.
public struct SalesReport: Sendable, Hashable {
    public struct StageLine: Sendable, Hashable {
        public var stage: Stage
        /// Deals that entered the stage in the period (new requests for the first stage).
        public var entered: Int
        /// Deals that left it for another stage.
        public var movedOn: Int
        /// Deals refused, disqualified or lost while in it.
        public var dropped: Int
        public var won: Int
        /// Median time spent in the stage by the deals that left it in the period.
        public var medianTimeInStage: TimeInterval?

        /// Moved on or won, of those that entered; `nil` when none entered.
        public var conversion: Double? { entered == 0 ? nil : Double(movedOn + won) / Double(entered) }
    }

    public struct ReasonLine: Sendable, Hashable {
        public var reason: ReasonID
        public var title: String
        public var count: Int
    }

    public struct ManagerLine: Sendable, Hashable {
        public var user: User
        public var openDeals: Int
        public var cap: Int
        public var taken: Int
        public var won: Int
        /// Median time from a request's arrival to this manager taking it.
        public var medianTimeToTake: TimeInterval?
    }

    public var since: Date
    public var until: Date
    public var newLeads: Int
    public var onExchangeNow: Int
    public var stages: [StageLine]
    public var refusalReasons: [ReasonLine]
    public var disqualifyReasons: [ReasonLine]
    public var managers: [ManagerLine]
    /// New requests per source (`mail:sales`, `form:site`) in the period, busiest first.
    public var leadsBySource: [(source: String, count: Int)]

    public static func == (a: Self, b: Self) -> Bool {
        a.since == b.since && a.until == b.until && a.stages == b.stages && a.managers == b.managers
    }
    public func hash(into hasher: inout Hasher) { hasher.combine(since) }
}

extension ExchangeStore {
    /// The funnel, refusal reasons and managers' load for `[since, until)`, from the history.
    public func salesReport(since: Date, until: Date) async throws -> SalesReport {
        let policy = policy
        let period: StatementArguments = [StoredTime.text(since), StoredTime.text(until)]
        return try await database.pool.read { db in
            func count(_ sql: String, _ arguments: StatementArguments) throws -> [String: Int] {
                Dictionary(
                    try Row.fetchAll(db, sql: sql, arguments: arguments).map { ($0[0] as String? ?? "", $0[1] as Int) },
                    uniquingKeysWith: +)
            }
            let entered = try count("SELECT to_stage, count(*) FROM history WHERE to_stage IS NOT NULL AND at >= ? AND at < ? GROUP BY to_stage", period)
            let movedOn = try count("SELECT from_stage, count(*) FROM history WHERE action = 'stage_changed' AND at >= ? AND at < ? GROUP BY from_stage", period)
            let dropped = try count(
                """
                SELECT l.stage, count(*) FROM history h JOIN lead l ON l.id = h.lead_id
                WHERE h.action IN ('refused', 'disqualified') AND h.at >= ? AND h.at < ? GROUP BY l.stage
                """, period)
            let won = try count(
                "SELECT l.stage, count(*) FROM history h JOIN lead l ON l.id = h.lead_id WHERE h.action = 'won' AND h.at >= ? AND h.at < ? GROUP BY l.stage",
                period)
            // Time in stage: from the latest entry into the stage before the move, to the move.
            let spans = try Row.fetchAll(
                db,
                sql: """
                    SELECT h.from_stage AS stage, (julianday(h.at) - julianday(coalesce(
                        (SELECT max(e.at) FROM history e WHERE e.lead_id = h.lead_id AND e.to_stage = h.from_stage AND e.id < h.id),
                        (SELECT created_at FROM lead WHERE id = h.lead_id)))) * 86400.0 AS seconds
                    FROM history h WHERE h.action = 'stage_changed' AND h.at >= ? AND h.at < ?
                    """, arguments: period)
            let spansByStage = Dictionary(grouping: spans, by: { $0["stage"] as String }).mapValues { $0.map { $0["seconds"] as Double } }
            let stages = policy.pipeline.stages.map { stage in
                let id = stage.id.rawValue
                return SalesReport.StageLine(
                    stage: stage, entered: entered[id] ?? 0, movedOn: movedOn[id] ?? 0, dropped: dropped[id] ?? 0,
                    won: won[id] ?? 0, medianTimeInStage: median(spansByStage[id] ?? []))
            }

            func reasons(_ action: String, _ list: [Reason]) throws -> [SalesReport.ReasonLine] {
                try count("SELECT reason, count(*) FROM history WHERE action = '\(action)' AND at >= ? AND at < ? GROUP BY reason", period)
                    .map { id, n in
                        SalesReport.ReasonLine(reason: ReasonID(id), title: list.first { $0.id.rawValue == id }?.title ?? id, count: n)
                    }
                    .sorted { ($0.count, $1.title) > ($1.count, $0.title) }
            }

            let open = try count("SELECT owner, count(*) FROM lead WHERE status = 'owned' GROUP BY owner", [])
            let taken = try count("SELECT actor, count(*) FROM history WHERE action = 'taken' AND at >= ? AND at < ? GROUP BY actor", period)
            let wonBy = try count("SELECT actor, count(*) FROM history WHERE action = 'won' AND at >= ? AND at < ? GROUP BY actor", period)
            let takeTimes = try Row.fetchAll(
                db,
                sql: """
                    SELECT h.actor AS actor, (julianday(h.at) - julianday(l.created_at)) * 86400.0 AS seconds
                    FROM history h JOIN lead l ON l.id = h.lead_id WHERE h.action = 'taken' AND h.at >= ? AND h.at < ?
                    """, arguments: period)
            let takeByUser = Dictionary(grouping: takeTimes, by: { $0["actor"] as String }).mapValues { $0.map { $0["seconds"] as Double } }
            let managers = policy.users.values.filter { $0.role.sells }.sorted { $0.login.rawValue < $1.login.rawValue }.map { user in
                let login = user.login.rawValue
                return SalesReport.ManagerLine(
                    user: user, openDeals: open[login] ?? 0, cap: policy.cap(of: user), taken: taken[login] ?? 0,
                    won: wonBy[login] ?? 0, medianTimeToTake: median(takeByUser[login] ?? []))
            }
            return SalesReport(
                since: since, until: until,
                newLeads: try Int.fetchOne(db, sql: "SELECT count(*) FROM lead WHERE created_at >= ? AND created_at < ?", arguments: period) ?? 0,
                onExchangeNow: try Int.fetchOne(db, sql: "SELECT count(*) FROM lead WHERE status = 'exchange'") ?? 0,
                stages: stages,
                refusalReasons: try reasons("refused", policy.refusalReasons),
                disqualifyReasons: try reasons("disqualified", policy.disqualifyReasons),
                managers: managers,
                leadsBySource: try Row.fetchAll(
                    db,
                    sql: """
                        SELECT source_kind || ':' || source_name AS source, count(*) AS n FROM lead
                        WHERE created_at >= ? AND created_at < ? GROUP BY source_kind, source_name ORDER BY n DESC, source
                        """, arguments: period
                ).map { (source: $0["source"] as String, count: $0["n"] as Int) })
        }
    }
}

private func median(_ values: [Double]) -> TimeInterval? {
    guard !values.isEmpty else { return nil }
    let sorted = values.sorted()
    let middle = sorted.count / 2
    return sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
}
