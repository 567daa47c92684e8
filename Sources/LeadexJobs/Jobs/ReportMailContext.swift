internal import Foundation
internal import LeadexCore
internal import LeadexStore

extension JobEnvironment {
    /// The weekly report's template data: every figure as the head reads it, in the department's
    /// words. The HTML and text templates render the same keys, so both carry the same sections.
    func reportContext(_ report: SalesReport) -> [String: Any] {
        let wording = wording
        // Bounded before the conversion: Int(Double) traps on NaN, infinity and huge values.
        let percent = { (value: Double?) in value.flatMap { abs($0) < 1e6 ? "\(Int(($0 * 100).rounded()))%" : nil } ?? "—" }
        let duration = { (value: TimeInterval?) in value.map(wording.duration) ?? "—" }
        /// "5 (2 ▲)": this week's figure, last week's beside it, and which way it went.
        func compared(_ now: Int, _ before: Int) -> String {
            "\(now) (\(before)\(now > before ? " ▲" : now < before ? " ▼" : ""))"
        }
        func compared(_ now: Double?, _ before: Double?) -> String {
            let trend = now.flatMap { n in before.map { b in n > b ? " ▲" : n < b ? " ▼" : "" } } ?? ""
            return "\(percent(now)) (\(percent(before))\(trend))"
        }
        func speed(_ speed: SalesReport.Speed) -> [String: Any] {
            ["median": duration(speed.median), "p90": duration(speed.p90), "takes": speed.takes]
        }
        func reasons(_ lines: [SalesReport.ReasonLine]) -> [[String: Any]] {
            lines.map { ["title": $0.title, "count": $0.count, "share": percent($0.share)] }
        }
        func sources(_ lines: [SalesReport.SourceLine]) -> [[String: Any]] {
            lines.map { ["name": wording.source($0.source), "count": $0.count] }
        }
        let (now, before) = (report.totals, report.previous)
        return [
            "period": wording.times.period(since: report.since, until: report.until),
            "new_leads": report.newLeads,
            "on_exchange": report.onExchangeNow,
            "totals": [
                "received": compared(now.received, before.received), "taken": compared(now.taken, before.taken),
                "won": compared(now.won, before.won), "refused": compared(now.refused, before.refused),
                "lost": compared(now.lost, before.lost), "disqualified": compared(now.disqualified, before.disqualified),
                "conversion": compared(now.conversion, before.conversion),
            ],
            "speed": speed(report.speed),
            "speed_days": report.speedByDay.map { speed($0.speed).merging(["day": wording.times.day($0.day)]) { a, _ in a } },
            "speed_sources": report.speedBySource.map { speed($0.speed).merging(["source": wording.source($0.source)]) { a, _ in a } },
            "untaken_alerts": report.untakenAlerts,
            "managers": report.managers.map { line -> [String: Any] in
                [
                    "name": line.user.name, "taken": line.taken, "won": line.won, "conversion": percent(line.conversion),
                    "refused": line.refused, "reopened": line.reopenedByQA, "overdue": line.overdueReminders,
                    "breaches": line.normBreaches, "open": line.openDeals, "cap": line.cap,
                    "time_to_take": duration(line.medianTimeToTake),
                ]
            },
            "refusals": reasons(report.refusalReasons),
            "disqualifications": reasons(report.disqualifyReasons),
            "sources": sources(report.sources),
            "manual_sources": sources(report.manualSources),
            "stages": report.stages.map { line -> [String: Any] in
                [
                    "title": line.stage.title, "entered": line.entered, "moved_on": line.movedOn, "dropped": line.dropped,
                    "disqualified": line.disqualified, "won": line.won, "conversion": percent(line.conversion),
                    "median": duration(line.medianTimeInStage),
                ]
            },
        ]
    }
}
