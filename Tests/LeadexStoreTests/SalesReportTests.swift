import Foundation
import LeadexCore
import LeadexStore
import LeadexTesting
import Testing

/// One known fortnight of a department, every figure of its second week's report asserted.
@Suite("The weekly report on a known week: totals against the week before, speed to lead, managers, reasons, sources, funnel")
struct SalesReportTests {
    typealias P = SamplePolicy
    static let zone = ZoneRules(TimeZone(identifier: "Europe/Moscow")!)
    /// Monday 2026-11-23 00:00 in Moscow: the week before the report's.
    static let previousWeek = Date(timeIntervalSince1970: 1_795_413_600 - 9 * 3600)
    static let week = previousWeek.addingTimeInterval(7 * 86_400)

    /// Day `day` (0 = the report week's Monday; negative: the week before) at `hour:minute` Moscow.
    static func at(_ day: Int, _ hour: Int, _ minute: Int = 0) -> Date {
        week.addingTimeInterval(TimeInterval(day * 86_400 + hour * 3600 + minute * 60))
    }

    func receive(_ f: StoreFixture, _ name: String, from source: LeadSource) async throws -> LeadID {
        let outcome = try await f.store.receive(
            IncomingLead(source: source, sourceRef: UUID().uuidString, title: "Заявка", text: "", contact: ContactDraft(name: name)))
        guard case .created(let id, _, _) = outcome else { throw StoreFixture.FixtureError.notCreated(outcome) }
        return id
    }

    /// The fortnight. The week before: A taken in 30 minutes and won (99 999 ₽), B disqualified as spam.
    /// The week: C, D (site form), E (mailbox), F (typed in by the head) on Monday 10:00; C taken
    /// in 10 minutes, moved to "call" and won; D taken in 30 minutes, refused, closed lost; E
    /// taken in an hour, refused, reopened by QA to the exchange, taken again two hours later,
    /// its reminder ignored, swept back on Sunday; F disqualified; G (site form) on Thursday,
    /// never taken, alerted after 30 minutes; C and D past their stage norms on Tuesday.
    func fortnight() async throws -> StoreFixture {
        let f = try await StoreFixture(defaultCap: 10)
        let store = f.store
        let clock = f.clock
        clock.set(Self.at(-7, 10))
        let a = try await f.incoming(name: "A")
        let b = try await f.incoming(name: "B")
        clock.set(Self.at(-7, 10, 30))
        try await store.perform(.take, on: a, by: P.ivanov)
        try await store.perform(.disqualify(reason: "spam", note: nil), on: b, by: P.head)
        try await store.setAmount("99 999", on: a, by: P.ivanov)
        clock.set(Self.at(-6, 12))
        try await store.perform(.win(note: nil), on: a, by: P.ivanov)

        clock.set(Self.at(0, 10))
        let c = try await f.incoming(name: "C")
        let d = try await f.incoming(name: "D")
        let e = try await receive(f, "E", from: LeadSource(kind: .mail, name: "sales"))
        let lf = try await receive(f, "F", from: LeadSource(kind: .manual, name: "head"))
        clock.set(Self.at(0, 10, 10))
        try await store.perform(.take, on: c, by: P.ivanov)
        clock.set(Self.at(0, 10, 30))
        try await store.perform(.take, on: d, by: P.petrov)
        clock.set(Self.at(0, 11))
        try await store.perform(.take, on: e, by: P.ivanov)
        try await store.perform(.moveToStage("call"), on: c, by: P.ivanov)
        clock.set(Self.at(0, 12))
        try await store.perform(.refuse(reason: "expensive", note: nil), on: e, by: P.ivanov)
        try await store.perform(.disqualify(reason: "spam", note: nil), on: lf, by: P.head)
        clock.set(Self.at(1, 10))
        try await store.perform(.reopen(to: nil, note: "клиент передумал"), on: e, by: P.qa)
        clock.set(Self.at(1, 11, 30))
        // C (in "call" since Monday 11:00, norm a day) and D (in "new" since Monday, norm an hour).
        let alerts = try await store.sendStageAlerts(at: clock.now(), headGrace: .seconds(7 * 86_400), composeOwner: { _, _ in nil }, composeHead: { _ in nil })
        #expect(alerts.owner == 2 && alerts.head == 0)
        clock.set(Self.at(1, 12))
        try await store.perform(.take, on: e, by: P.ivanov)
        clock.set(Self.at(1, 12, 5))
        try await store.setReminder(on: e, at: Self.at(2, 10), note: "перезвонить", by: P.ivanov)
        clock.set(Self.at(1, 13))
        try await store.setAmount("150 000,50", on: c, by: P.ivanov)
        try await store.perform(.win(note: nil), on: c, by: P.ivanov)
        clock.set(Self.at(2, 10))
        try await store.perform(.refuse(reason: "competitor", note: nil), on: d, by: P.petrov)
        clock.set(Self.at(2, 11))
        try await store.perform(.closeLost(note: nil), on: d, by: P.qa)
        clock.set(Self.at(3, 10))
        let g = try await f.incoming(name: "G")
        clock.set(Self.at(3, 11))
        let untaken = try await store.sendUntakenAlerts(at: clock.now(), after: .seconds(1800), waited: { arrived in Self.at(3, 11).timeIntervalSince(arrived) }, compose: { _ in nil })
        #expect(untaken == 1)
        clock.set(Self.at(6, 10))
        let swept = try await store.sweepExchange(at: clock.now(), inactiveFor: .seconds(3 * 86_400), compose: { _, _ in nil })
        #expect(swept.map(\.lead.id) == [e])
        _ = g
        clock.set(Self.at(7, 9))
        return f
    }

    @Test("every figure of the week, and the week before beside it")
    func knownWeek() async throws {
        let f = try await fortnight()
        let report = try await f.store.salesReport(since: Self.week, until: Self.at(7, 0), zone: Self.zone)

        #expect(report.totals == .init(received: 5, taken: 4, won: 1, refused: 2, lost: 1, disqualified: 1))
        #expect(report.totals.conversion == 0.2)
        #expect(report.previous == .init(received: 2, taken: 1, won: 1, refused: 0, lost: 0, disqualified: 1))
        #expect(report.previous.conversion == 0.5)
        #expect(report.onExchangeNow == 2)

        // Takes: C 10 min, D 30 min, E 1 h (Monday); E again 2 h after QA put it back (Tuesday).
        #expect(report.speed.takes == 4)
        #expect(report.speed.median == 2700)
        #expect(report.speed.p90 == 7200)
        #expect(report.speedByDay.map(\.day) == [CivilTime(year: 2026, month: 11, day: 30), CivilTime(year: 2026, month: 12, day: 1)])
        #expect(report.speedByDay.map(\.speed.takes) == [3, 1])
        #expect(report.speedByDay.map(\.speed.median) == [1800, 7200])
        #expect(report.speedByDay.map(\.speed.p90) == [3600, 7200])
        #expect(report.speedBySource.map(\.source.description) == ["form:site", "mail:sales"])
        #expect(report.speedBySource.map(\.speed.median) == [1200, 5400])
        #expect(report.speedBySource.map(\.speed.p90) == [1800, 7200])
        #expect(report.untakenAlerts == 1)

        let managers = Dictionary(uniqueKeysWithValues: report.managers.map { ($0.user.login, $0) })
        #expect(report.managers.map(\.user.login) == [P.exporter, P.ivanov, P.petrov, P.trainee], "sellers only; the head held nothing")
        let ivanov = try #require(managers[P.ivanov])
        #expect(ivanov.taken == 3)
        #expect(ivanov.won == 1)
        #expect(ivanov.refused == 1)
        #expect(ivanov.reopenedByQA == 1)
        #expect(ivanov.overdueReminders == 1)
        #expect(ivanov.normBreaches == 1)
        #expect(ivanov.openDeals == 0 && ivanov.cap == 10)
        #expect(ivanov.medianTimeToTake == 3600)
        #expect(ivanov.conversion == 1.0 / 3)
        let petrov = try #require(managers[P.petrov])
        #expect(petrov.taken == 1 && petrov.won == 0 && petrov.refused == 1 && petrov.reopenedByQA == 0)
        #expect(petrov.overdueReminders == 0 && petrov.normBreaches == 1 && petrov.openDeals == 0 && petrov.cap == 1)
        #expect(petrov.medianTimeToTake == 1800 && petrov.conversion == 0)
        let trainee = try #require(managers[P.trainee])
        #expect(trainee.taken == 0 && trainee.conversion == nil && trainee.medianTimeToTake == nil)

        #expect(report.refusalReasons.map(\.title) == ["Выбрали конкурента", "Дорого"])
        #expect(report.refusalReasons.map(\.count) == [1, 1])
        #expect(report.refusalReasons.map(\.share) == [0.5, 0.5])
        #expect(report.disqualifyReasons.map(\.title) == ["Спам"])
        #expect(report.disqualifyReasons.map(\.share) == [1])

        #expect(report.sources.map(\.source.description) == ["form:site", "mail:sales"])
        #expect(report.sources.map(\.count) == [3, 1])
        #expect(report.manualSources.map(\.source.description) == ["manual:head"])
        #expect(report.manualSources.map(\.count) == [1])

        let new = report.stages[0]
        #expect(new.stage.id == "new")
        #expect((new.entered, new.movedOn, new.dropped, new.disqualified, new.won) == (5, 1, 2, 1, 0))
        #expect(new.conversion == 0.25, "disqualified requests are not counted as real ones")
        #expect(new.medianTimeInStage == 3600)
        let call = report.stages[1]
        #expect((call.entered, call.movedOn, call.dropped, call.disqualified, call.won) == (1, 0, 0, 0, 1))
        #expect(call.conversion == 1)
        #expect(call.medianTimeInStage == nil)
        #expect(report.stages.dropFirst(2).allSatisfy { $0.entered == 0 && $0.conversion == nil })

        // C, won for 150 000,50 ₽; A's 99 999 ₽ belongs to the week before.
        #expect(report.wonSum == .init(deals: 1, priced: 1, kopecks: 15_000_050))
        #expect(report.wonSum.average == 15_000_050)
        #expect(ivanov.wonSum == .init(deals: 1, priced: 1, kopecks: 15_000_050))
        #expect(petrov.wonSum == .init() && petrov.wonSum.average == nil)
        #expect(report.wonBySource.map(\.source.description) == ["form:site"])
        #expect(report.wonBySource.map(\.won) == [.init(deals: 1, priced: 1, kopecks: 15_000_050)])
    }

    @Test("won sums per manager and per source, and the average over the deals that have an amount")
    func wonSums() async throws {
        let f = try await StoreFixture(defaultCap: 10)
        let store = f.store
        f.clock.set(Self.at(0, 10))
        func won(_ source: LeadSource, by login: UserLogin, amount: String?, win: Bool = true) async throws {
            let id = try await receive(f, "Клиент", from: source)
            try await store.perform(.take, on: id, by: login)
            if let amount { try await store.setAmount(amount, on: id, by: login) }
            if win { try await store.perform(.win(note: nil), on: id, by: login) }
        }
        let site = LeadSource(kind: .form, name: "site"), mail = LeadSource(kind: .mail, name: "sales")
        try await won(site, by: P.ivanov, amount: "100 000")
        try await won(site, by: P.ivanov, amount: nil)
        try await won(mail, by: P.petrov, amount: "50 000,50")
        try await won(LeadSource(kind: .manual, name: "head"), by: P.exporter, amount: "30 тыс")
        try await won(site, by: P.ivanov, amount: "1 млн", win: false)  // priced, not won: not counted
        f.clock.set(Self.at(8, 10))
        try await won(site, by: P.ivanov, amount: "7 000")  // won after the period
        let report = try await store.salesReport(since: Self.week, until: Self.at(7, 0), zone: Self.zone)

        #expect(report.wonSum == .init(deals: 4, priced: 3, kopecks: 18_000_050))
        #expect(report.wonSum.average == 6_000_017, "18 000 050 kopecks over 3 priced deals, half up")
        let managers = Dictionary(uniqueKeysWithValues: report.managers.map { ($0.user.login, $0.wonSum) })
        #expect(managers[P.ivanov] == .init(deals: 2, priced: 1, kopecks: 10_000_000))
        #expect(managers[P.ivanov]?.average == 10_000_000)
        #expect(managers[P.petrov] == .init(deals: 1, priced: 1, kopecks: 5_000_050))
        #expect(managers[P.exporter] == .init(deals: 1, priced: 1, kopecks: 3_000_000))
        #expect(report.wonBySource.map(\.source.description) == ["form:site", "mail:sales", "manual:head"])
        #expect(report.wonBySource.map(\.won.kopecks) == [10_000_000, 5_000_050, 3_000_000])
        #expect(report.wonBySource.map(\.won.deals) == [2, 1, 1])
    }

    @Test("the week before, reported on its own, has the figures shown beside the next week's")
    func previousWeekOnItsOwn() async throws {
        let f = try await fortnight()
        let before = try await f.store.salesReport(since: Self.previousWeek, until: Self.week, zone: Self.zone)
        let week = try await f.store.salesReport(since: Self.week, until: Self.at(7, 0), zone: Self.zone)
        #expect(before.totals == week.previous)
        #expect(before.speed.takes == 1 && before.speed.median == 1800 && before.speed.p90 == 1800)
        #expect(before.managers.first { $0.user.login == P.ivanov }?.won == 1)
        #expect(before.wonSum == .init(deals: 1, priced: 1, kopecks: 9_999_900))
        #expect(before.disqualifyReasons.map(\.count) == [1])
    }
}
