public import Foundation
internal import GRDB
public import LeadexCore

extension ExchangeStore {
    /// The report for `[since, until)`, from the history, with the totals of the period of the
    /// same length before it. Local days (speed to lead per day) are `zone`'s.
    public func salesReport(since: Date, until: Date, zone: ZoneRules = ZoneRules(TimeZone(secondsFromGMT: 0)!)) async throws -> SalesReport {
        let policy = policy
        let length = max(0, until.timeIntervalSince(since))
        return try await database.pool.read { db in
            let query = SalesReportQuery(db: db, since: since, until: until)
            let previous = SalesReportQuery(db: db, since: since.addingTimeInterval(-length), until: since)
            return try query.report(policy: policy, zone: zone, previous: previous.totals())
        }
    }
}

/// The report's queries over one period, inside one read transaction.
private struct SalesReportQuery {
    let db: Database
    let since: Date
    let until: Date

    var period: StatementArguments { [StoredTime.text(since), StoredTime.text(until)] }

    /// `key → count` rows of `sql` (its first two columns) over the period.
    func count(_ sql: String, _ arguments: StatementArguments? = nil) throws -> [String: Int] {
        Dictionary(
            try Row.fetchAll(db, sql: sql, arguments: arguments ?? period).map { ($0[0] as String? ?? "", $0[1] as Int) },
            uniquingKeysWith: +)
    }

    func number(_ sql: String) throws -> Int { try Int.fetchOne(db, sql: sql, arguments: period) ?? 0 }

    func actions(_ action: String) throws -> Int {
        try number("SELECT count(*) FROM history WHERE action = '\(action)' AND at >= ? AND at < ?")
    }

    func totals() throws -> SalesReport.Totals {
        SalesReport.Totals(
            received: try number("SELECT count(*) FROM lead WHERE created_at >= ? AND created_at < ?"),
            taken: try actions("taken"), won: try actions("won"), refused: try actions("refused"), lost: try actions("closed_lost"),
            disqualified: try actions("disqualified"))
    }

    func report(policy: ExchangePolicy, zone: ZoneRules, previous: SalesReport.Totals) throws -> SalesReport {
        let takes = try takes()
        let byDay = Dictionary(grouping: takes) { take -> Int64 in
            let civil = zone.civil(take.at)
            return CivilTime(year: civil.year, month: civil.month, day: civil.day).localSeconds
        }
        let bySource = Dictionary(grouping: takes, by: \.source)
        let sources = try Row.fetchAll(
            db,
            sql: """
                SELECT source_kind, source_name, count(*) AS n FROM lead WHERE created_at >= ? AND created_at < ?
                GROUP BY source_kind, source_name ORDER BY n DESC, source_kind, source_name
                """, arguments: period
        ).compactMap { row -> SalesReport.SourceLine? in
            guard let kind = LeadSource.Kind(rawValue: row["source_kind"]) else { return nil }
            return SalesReport.SourceLine(source: LeadSource(kind: kind, name: row["source_name"]), count: row["n"])
        }
        let typedIn: Set<LeadSource.Kind> = [.manual, .import]
        let won = try wonSums()
        var report = SalesReport(
            since: since, until: until, totals: try totals(), previous: previous,
            onExchangeNow: try Int.fetchOne(db, sql: "SELECT count(*) FROM lead WHERE status = 'exchange'") ?? 0,
            speed: SalesReport.Speed(takes.map(\.seconds)),
            speedByDay: byDay.sorted { $0.key < $1.key }.map {
                SalesReport.DaySpeed(day: CivilTime(localSeconds: $0.key), speed: SalesReport.Speed($0.value.map(\.seconds)))
            },
            speedBySource: bySource.map { SalesReport.SourceSpeed(source: $0.key, speed: SalesReport.Speed($0.value.map(\.seconds))) }
                .sorted { ($1.speed.takes, $0.source.description) < ($0.speed.takes, $1.source.description) },
            untakenAlerts: try number("SELECT count(*) FROM lead_alert WHERE kind = 'untaken' AND sent_at >= ? AND sent_at < ?"),
            stages: try stages(policy),
            refusalReasons: try reasons("refused", policy.refusalReasons),
            disqualifyReasons: try reasons("disqualified", policy.disqualifyReasons),
            managers: try managers(policy, takes: takes, won: won),
            sources: sources.filter { !typedIn.contains($0.source.kind) },
            manualSources: sources.filter { typedIn.contains($0.source.kind) })
        for row in won { report.wonSum.add(row.sum) }
        report.wonBySource = Dictionary(grouping: won, by: \.source)
            .map { source, rows in SalesReport.SourceWon(source: source, won: rows.reduce(into: SalesReport.WonSum()) { $0.add($1.sum) }) }
            .sorted { ($1.won.kopecks, $1.won.deals, $0.source.description) < ($0.won.kopecks, $0.won.deals, $1.source.description) }
        return report
    }

    /// Deals won in the period, by who won them and the request's source, with their amounts.
    struct WonRow {
        var actor: String
        var source: LeadSource
        var sum: SalesReport.WonSum
    }

    func wonSums() throws -> [WonRow] {
        try Row.fetchAll(
            db,
            sql: """
                SELECT h.actor AS actor, l.source_kind AS kind, l.source_name AS name, count(*) AS deals,
                    count(l.amount_kopecks) AS priced, coalesce(sum(l.amount_kopecks), 0) AS kopecks
                FROM history h JOIN lead l ON l.id = h.lead_id WHERE h.action = 'won' AND h.at >= ? AND h.at < ?
                GROUP BY h.actor, l.source_kind, l.source_name
                """, arguments: period
        ).map { row in
            WonRow(
                actor: row["actor"] ?? "", source: LeadSource(kind: LeadSource.Kind(rawValue: row["kind"]) ?? .manual, name: row["name"]),
                sum: SalesReport.WonSum(deals: row["deals"], priced: row["priced"], kopecks: row["kopecks"]))
        }
    }

    struct Take {
        var at: Date
        var actor: String
        var source: LeadSource
        /// From landing on the exchange to the take.
        var seconds: Double
    }

    func takes() throws -> [Take] {
        try Row.fetchAll(
            db,
            sql: """
                SELECT h.at AS at, h.actor AS actor, l.source_kind AS kind, l.source_name AS name,
                    (julianday(h.at) - julianday(\(ExchangeLanding.landedAt(lead: "h.lead_id", createdAt: "l.created_at", before: "h.id")))) * 86400.0 AS seconds
                FROM history h JOIN lead l ON l.id = h.lead_id WHERE h.action = 'taken' AND h.at >= ? AND h.at < ?
                ORDER BY h.at, h.id
                """, arguments: period
        ).map { row in
            Take(
                at: row["at"], actor: row["actor"] ?? "",
                source: LeadSource(kind: LeadSource.Kind(rawValue: row["kind"]) ?? .manual, name: row["name"]),
                seconds: Self.milliseconds(row["seconds"]))
        }
    }

    /// A span julianday computed, to the stored times' milliseconds (its float arithmetic
    /// leaves a few microseconds of noise); never negative.
    static func milliseconds(_ seconds: Double?) -> Double {
        guard let seconds, seconds.isFinite else { return 0 }
        return max(0, (seconds * 1000).rounded() / 1000)
    }

    func stages(_ policy: ExchangePolicy) throws -> [SalesReport.StageLine] {
        let entered = try count("SELECT to_stage, count(*) FROM history WHERE to_stage IS NOT NULL AND at >= ? AND at < ? GROUP BY to_stage")
        let movedOn = try count("SELECT from_stage, count(*) FROM history WHERE action = 'stage_changed' AND at >= ? AND at < ? GROUP BY from_stage")
        // A refused, disqualified or won deal stays in its stage: the lead's stage is where it left.
        func inStage(_ action: String) throws -> [String: Int] {
            try count("SELECT l.stage, count(*) FROM history h JOIN lead l ON l.id = h.lead_id WHERE h.action = '\(action)' AND h.at >= ? AND h.at < ? GROUP BY l.stage")
        }
        let (dropped, disqualified, won) = (try inStage("refused"), try inStage("disqualified"), try inStage("won"))
        // Time in stage: from the latest entry into the stage before the move, to the move.
        let spans = try Row.fetchAll(
            db,
            sql: """
                SELECT h.from_stage AS stage, (julianday(h.at) - julianday(coalesce(
                    (SELECT max(e.at) FROM history e WHERE e.lead_id = h.lead_id AND e.to_stage = h.from_stage AND e.id < h.id),
                    (SELECT created_at FROM lead WHERE id = h.lead_id)))) * 86400.0 AS seconds
                FROM history h WHERE h.action = 'stage_changed' AND h.at >= ? AND h.at < ?
                """, arguments: period)
        let spansByStage = Dictionary(grouping: spans, by: { $0["stage"] as String }).mapValues { $0.map { Self.milliseconds($0["seconds"]) }.sorted() }
        return policy.pipeline.stages.map { stage in
            let id = stage.id.rawValue
            return SalesReport.StageLine(
                stage: stage, entered: entered[id] ?? 0, movedOn: movedOn[id] ?? 0, dropped: dropped[id] ?? 0,
                disqualified: disqualified[id] ?? 0, won: won[id] ?? 0, medianTimeInStage: SalesReport.median(spansByStage[id] ?? []))
        }
    }

    func reasons(_ action: String, _ list: [Reason]) throws -> [SalesReport.ReasonLine] {
        let counts = try count("SELECT reason, count(*) FROM history WHERE action = '\(action)' AND at >= ? AND at < ? GROUP BY reason")
        let total = counts.values.reduce(0, +)
        return counts.map { id, n in
            SalesReport.ReasonLine(
                reason: ReasonID(id), title: list.first { $0.id.rawValue == id }?.title ?? id, count: n,
                share: total == 0 ? 0 : Double(n) / Double(total))
        }
        .sorted { ($0.count, $1.title) > ($1.count, $0.title) }
    }

    func managers(_ policy: ExchangePolicy, takes: [Take], won wonRows: [WonRow]) throws -> [SalesReport.ManagerLine] {
        let wonSums = Dictionary(grouping: wonRows, by: \.actor).mapValues { $0.reduce(into: SalesReport.WonSum()) { $0.add($1.sum) } }
        let open = try count("SELECT owner, count(*) FROM lead WHERE status = 'owned' GROUP BY owner", [])
        let taken = Dictionary(grouping: takes, by: \.actor).mapValues { $0.map(\.seconds).sorted() }
        let won = try count("SELECT actor, count(*) FROM history WHERE action = 'won' AND at >= ? AND at < ? GROUP BY actor")
        let refused = try count("SELECT actor, count(*) FROM history WHERE action = 'refused' AND at >= ? AND at < ? GROUP BY actor")
        // A reopen belongs to whoever recorded the refusal it undid.
        let reopened = try count(
            """
            SELECT (SELECT r.actor FROM history r WHERE r.lead_id = h.lead_id AND r.action = 'refused' AND r.id < h.id
                ORDER BY r.id DESC LIMIT 1), count(*)
            FROM history h WHERE h.action = 'reopened' AND h.at >= ? AND h.at < ? GROUP BY 1
            """)
        let overdue = try count(
            """
            SELECT r.created_by, count(*) FROM reminder r WHERE r.due_at >= ? AND r.due_at < ?
            AND NOT EXISTS (SELECT 1 FROM history h WHERE h.lead_id = r.lead_id AND h.actor = r.created_by AND h.at >= r.due_at AND h.at < ?2)
            GROUP BY r.created_by
            """)
        let breaches = try count(
            """
            SELECT l.owner, count(*) FROM lead_alert a JOIN lead l ON l.id = a.lead_id
            WHERE a.kind = 'stage_owner' AND a.sent_at >= ? AND a.sent_at < ? GROUP BY l.owner
            """)
        return policy.users.values
            .filter { $0.role == .manager || ($0.role == .head && (taken[$0.login.rawValue] != nil || open[$0.login.rawValue] != nil)) }
            .sorted { $0.login.rawValue < $1.login.rawValue }
            .map { user in
                let login = user.login.rawValue
                return SalesReport.ManagerLine(
                    user: user, openDeals: open[login] ?? 0, cap: policy.cap(of: user), taken: taken[login]?.count ?? 0,
                    won: won[login] ?? 0, refused: refused[login] ?? 0, reopenedByQA: reopened[login] ?? 0,
                    overdueReminders: overdue[login] ?? 0, normBreaches: breaches[login] ?? 0,
                    medianTimeToTake: SalesReport.median(taken[login] ?? []), wonSum: wonSums[login] ?? SalesReport.WonSum())
            }
    }
}
