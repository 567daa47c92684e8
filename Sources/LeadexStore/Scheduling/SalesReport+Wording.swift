public import Foundation
public import LeadexCore

extension SalesReport {
    /// Every figure as the head reads it, in the department's words: the weekly mail's template
    /// data and the reports page's, so that both show the same numbers the same way.
    public func templateValues(_ wording: Wording) -> [String: Any] {
        let report = self
        let (percent, duration) = (wording.percent, { (value: TimeInterval?) in wording.duration(value) })
        let compared = { (now: Int, before: Int) in wording.compared(now, before) }
        let comparedShare = { (now: Double?, before: Double?) in wording.compared(now, before) }
        func speed(_ speed: SalesReport.Speed) -> [String: Any] {
            ["median": duration(speed.median), "p90": duration(speed.p90), "takes": speed.takes]
        }
        func reasons(_ lines: [SalesReport.ReasonLine]) -> [[String: Any]] {
            lines.map { ["title": $0.title, "count": $0.count, "share": percent($0.share)] }
        }
        func sources(_ lines: [SalesReport.SourceLine]) -> [[String: Any]] {
            lines.map { ["name": wording.source($0.source), "count": $0.count] }
        }
        func won(_ sum: SalesReport.WonSum) -> [String: Any] {
            ["sum": wording.money(sum.kopecks), "deals": sum.deals, "priced": sum.priced, "average": sum.average.map(wording.money) ?? "—"]
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
                "conversion": comparedShare(now.conversion, before.conversion),
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
            "won": won(report.wonSum),
            "won_managers": report.managers.filter { $0.wonSum.deals > 0 }.map { won($0.wonSum).merging(["name": $0.user.name]) { a, _ in a } },
            "won_sources": report.wonBySource.map { won($0.won).merging(["name": wording.source($0.source)]) { a, _ in a } },
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
