public import Foundation
public import LeadexCore

/// The numbers the head of sales gets each week, for one period: computed once here, for the
/// weekly mail, `leadexctl report` / `/v1/report`, and the web pages.
public struct SalesReport: Sendable, Hashable {
    /// The department's week in a few numbers, for comparison with the week before.
    public struct Totals: Sendable, Hashable {
        /// New requests (leads created).
        public var received = 0
        /// Takes from the exchange (a deal returned and taken again counts twice).
        public var taken = 0
        public var won = 0
        /// Conditional refusals recorded by the managers.
        public var refused = 0
        /// Deals confirmed lost by QA or the head.
        public var lost = 0
        /// Spam, duplicates, wrong numbers: not real requests, counted apart from losses.
        public var disqualified = 0

        public init(received: Int = 0, taken: Int = 0, won: Int = 0, refused: Int = 0, lost: Int = 0, disqualified: Int = 0) {
            (self.received, self.taken, self.won, self.refused, self.lost, self.disqualified) = (received, taken, won, refused, lost, disqualified)
        }

        /// Won of received; `nil` without requests.
        public var conversion: Double? { received == 0 ? nil : Double(won) / Double(received) }
    }

    /// Time from landing on the exchange to being taken, over a set of takes.
    public struct Speed: Sendable, Hashable {
        public var takes: Int
        public var median: TimeInterval?
        public var p90: TimeInterval?

        init(_ seconds: [Double]) {
            let sorted = seconds.sorted()
            takes = sorted.count
            median = SalesReport.median(sorted)
            // Nearest rank: the smallest wait that 90% of the takes did not exceed.
            p90 = sorted.isEmpty ? nil : sorted[max(0, Int((0.9 * Double(sorted.count)).rounded(.up)) - 1)]
        }
    }

    public struct DaySpeed: Sendable, Hashable {
        /// The local day (time of day zero).
        public var day: CivilTime
        public var speed: Speed
    }

    public struct SourceSpeed: Sendable, Hashable {
        public var source: LeadSource
        public var speed: Speed
    }

    public struct StageLine: Sendable, Hashable {
        public var stage: Stage
        /// Deals that entered the stage in the period (new requests for the first stage).
        public var entered: Int
        /// Deals that left it for another stage.
        public var movedOn: Int
        /// Deals refused while in it (real losses).
        public var dropped: Int
        /// Deals disqualified while in it: not real requests.
        public var disqualified: Int
        public var won: Int
        /// Median time spent in the stage by the deals that left it in the period.
        public var medianTimeInStage: TimeInterval?

        /// Moved on or won, of those that entered and were real requests; `nil` when none.
        public var conversion: Double? {
            let real = entered - disqualified
            return real <= 0 ? nil : Double(movedOn + won) / Double(real)
        }
    }

    public struct ReasonLine: Sendable, Hashable {
        public var reason: ReasonID
        public var title: String
        public var count: Int
        /// Of all the reasons of its list in the period.
        public var share: Double
    }

    public struct ManagerLine: Sendable, Hashable {
        public var user: User
        public var openDeals: Int
        public var cap: Int
        public var taken: Int
        public var won: Int
        /// Conditional refusals this manager recorded.
        public var refused: Int
        /// Of this manager's refusals, how many QA or the head reopened in the period.
        public var reopenedByQA: Int
        /// Reminders this manager set, due in the period, after which they recorded nothing on
        /// the deal before the period's end: a promised callback with no trace of it.
        public var overdueReminders: Int
        /// Stage-norm alerts sent in the period about this manager's deals.
        public var normBreaches: Int
        /// Median time from a request landing on the exchange to this manager taking it.
        public var medianTimeToTake: TimeInterval?
        /// What this manager's won deals of the period are worth.
        public var wonSum = WonSum()

        /// Won of taken; `nil` when nothing was taken.
        public var conversion: Double? { taken == 0 ? nil : Double(won) / Double(taken) }
    }

    /// Deals won in the period and what they are worth (the amounts they carry now). A won deal
    /// with no amount counts in `deals` only, so the average is over the deals that have one.
    public struct WonSum: Sendable, Hashable {
        public var deals = 0
        /// Of `deals`, those with an amount.
        public var priced = 0
        public var kopecks: Int64 = 0

        public init(deals: Int = 0, priced: Int = 0, kopecks: Int64 = 0) {
            (self.deals, self.priced, self.kopecks) = (deals, priced, kopecks)
        }

        /// The average won deal, to the kopeck (half up); `nil` when no won deal has an amount.
        public var average: Int64? { priced == 0 ? nil : (kopecks + Int64(priced) / 2) / Int64(priced) }

        mutating func add(_ other: WonSum) {
            deals += other.deals
            priced += other.priced
            kopecks += other.kopecks
        }
    }

    public struct SourceWon: Sendable, Hashable {
        public var source: LeadSource
        public var won: WonSum
    }

    public struct SourceLine: Sendable, Hashable {
        public var source: LeadSource
        public var count: Int
    }

    public var since: Date
    public var until: Date
    public var totals: Totals
    /// The same figures for the period of the same length just before.
    public var previous: Totals
    public var newLeads: Int { totals.received }
    public var onExchangeNow: Int
    /// Every take of the period, then per local day (oldest first) and per source (most first).
    public var speed: Speed
    public var speedByDay: [DaySpeed]
    public var speedBySource: [SourceSpeed]
    /// Requests reported to the head in the period for waiting untaken past the alert threshold.
    public var untakenAlerts: Int
    public var stages: [StageLine]
    public var refusalReasons: [ReasonLine]
    public var disqualifyReasons: [ReasonLine]
    /// Sellers only: every manager, and the head when they took or hold deals.
    public var managers: [ManagerLine]
    /// New requests from mailboxes and forms, busiest first.
    public var sources: [SourceLine]
    /// New requests typed in by people or imported, apart from the channels.
    public var manualSources: [SourceLine]
    /// Every deal won in the period and its worth; the average won deal is `wonSum.average`.
    public var wonSum = WonSum()
    /// The same per source of the request, the largest sum first.
    public var wonBySource: [SourceWon] = []

    /// New requests per source (`mail:sales`, `form:site`) in the period, busiest first.
    public var leadsBySource: [(source: String, count: Int)] {
        (sources + manualSources).sorted { ($1.count, $0.source.description) < ($0.count, $1.source.description) }
            .map { (source: $0.source.description, count: $0.count) }
    }

    public static func == (a: Self, b: Self) -> Bool {
        a.since == b.since && a.until == b.until && a.totals == b.totals && a.previous == b.previous && a.stages == b.stages
            && a.managers == b.managers && a.speed == b.speed && a.sources == b.sources && a.manualSources == b.manualSources
            && a.wonSum == b.wonSum && a.wonBySource == b.wonBySource
    }
    public func hash(into hasher: inout Hasher) { hasher.combine(since) }

    static func median(_ sorted: [Double]) -> TimeInterval? {
        guard !sorted.isEmpty else { return nil }
        let middle = sorted.count / 2
        return sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
    }
}
