internal import Foundation
internal import LeadexControlAPI
internal import LeadexCore
internal import LeadexStore

extension ReportReply {
    /// The report as `/v1/report` sends it: every figure of ``SalesReport``, ids beside titles.
    init(_ report: SalesReport, wording: Wording? = nil) {
        func won(_ w: SalesReport.WonSum) -> Won { Won(deals: w.deals, priced: w.priced, kopecks: w.kopecks, averageKopecks: w.average) }
        func totals(_ t: SalesReport.Totals) -> Totals {
            Totals(received: t.received, taken: t.taken, won: t.won, refused: t.refused, lost: t.lost, disqualified: t.disqualified, conversion: t.conversion)
        }
        self.init(
            since: report.since, until: report.until, newLeads: report.newLeads, onExchangeNow: report.onExchangeNow,
            stages: report.stages.map {
                .init(
                    id: $0.stage.id.rawValue, title: $0.stage.title, entered: $0.entered, movedOn: $0.movedOn, dropped: $0.dropped,
                    won: $0.won, conversion: $0.conversion, medianSecondsInStage: $0.medianTimeInStage, disqualified: $0.disqualified)
            },
            refusalReasons: report.refusalReasons.map { .init(id: $0.reason.rawValue, title: $0.title, count: $0.count) },
            disqualifyReasons: report.disqualifyReasons.map { .init(id: $0.reason.rawValue, title: $0.title, count: $0.count) },
            managers: report.managers.map {
                .init(
                    login: $0.user.login.rawValue, name: $0.user.name, openDeals: $0.openDeals, cap: $0.cap, taken: $0.taken,
                    won: $0.won, medianSecondsToTake: $0.medianTimeToTake, refused: $0.refused, reopenedByQA: $0.reopenedByQA,
                    overdueReminders: $0.overdueReminders, normBreaches: $0.normBreaches, wonSum: won($0.wonSum))
            },
            totals: totals(report.totals), previous: totals(report.previous),
            speed: Speed(takes: report.speed.takes, medianSeconds: report.speed.median, p90Seconds: report.speed.p90),
            untakenAlerts: report.untakenAlerts, won: won(report.wonSum),
            wonBySource: report.wonBySource.map {
                SourceWon(source: $0.source.description, sourceTitle: wording?.source($0.source) ?? $0.source.description, won: won($0.won))
            })
    }
}
