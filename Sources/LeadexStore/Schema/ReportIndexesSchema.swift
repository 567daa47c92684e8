extension Migrations {
    /// Indexes for the head's pages on a big base (100,000 leads, 1,000,000 history lines; see
    /// Benchmarks/reports): without them every figure of a report is a scan of the whole history,
    /// and every take, stage move and reminder a walk through its lead's history in the table.
    ///
    /// - `history_by_action`: the period's counts per action (`action = ? AND at >= ? AND at < ?`).
    /// - `history_landings`: when a lead last landed on the exchange (``ExchangeLanding``; the
    ///   condition is spelled exactly as there, so that SQLite sees it implies this one).
    /// - `history_stage_entries`: the latest entry into a stage before a move (time in stage).
    /// - `history_stage_entries_by_at`: the funnel's entries per stage over a period.
    /// - `history_by_lead_actor`: what a reminder's author did on the deal after it fell due.
    /// - `lead_by_created`: the requests received in a period, per source.
    static let v10ReportIndexes = """
        CREATE INDEX history_by_action ON history(action, at);
        CREATE INDEX history_landings ON history(lead_id, at)
            WHERE (action IN ('created', 'returned', 'swept') OR (action = 'reopened' AND (note = 'to the exchange' OR note LIKE '%; to the exchange')) OR (action = 'reassigned' AND note LIKE '% to the exchange'));
        CREATE INDEX history_stage_entries ON history(lead_id, to_stage, at) WHERE to_stage IS NOT NULL;
        CREATE INDEX history_stage_entries_by_at ON history(at, to_stage) WHERE to_stage IS NOT NULL;
        CREATE INDEX history_by_lead_actor ON history(lead_id, actor, at);
        CREATE INDEX lead_by_created ON lead(created_at, source_kind, source_name);
        """
}
