/// When a lead landed on the exchange: its creation, or the latest return to it (by its owner,
/// the sweep, QA reopening it "to the exchange", or the head returning it there). Speed to lead and the untaken alerts count
/// from here, so a deal handed back is timed afresh rather than from its first arrival.
enum ExchangeLanding {
    /// An SQL condition on history row `alias`: the row put its lead on the exchange. A reopen's
    /// note ends with "to the exchange" only when no manager was named (ExchangeRules writes
    /// "to LOGIN" otherwise, and a login has no spaces). A reassignment's note always ends with
    /// "from LOGIN to LOGIN" or "from LOGIN to the exchange".
    static func condition(_ alias: String) -> String {
        """
        (\(alias).action IN ('created', 'returned', 'swept') OR (\(alias).action = 'reopened' \
        AND (\(alias).note = 'to the exchange' OR \(alias).note LIKE '%; to the exchange')) \
        OR (\(alias).action = 'reassigned' AND \(alias).note LIKE '% to the exchange'))
        """
    }

    /// An SQL expression: when lead `leadColumn` last landed on the exchange before history row
    /// id `beforeID` (an SQL expression; `NULL` for "now"), or its creation. It reads the partial
    /// index of the landings (v10-report-indexes, whose condition is ``condition(_:)``'s): named,
    /// because without statistics SQLite may walk the lead's whole history instead.
    static func landedAt(lead leadColumn: String, createdAt: String, before beforeID: String?) -> String {
        let bound = beforeID.map { " AND e.id < \($0)" } ?? ""
        return "coalesce((SELECT max(e.at) FROM history e INDEXED BY history_landings WHERE e.lead_id = \(leadColumn)\(bound) AND \(condition("e"))), \(createdAt))"
    }
}
