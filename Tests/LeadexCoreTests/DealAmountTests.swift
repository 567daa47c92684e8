import Foundation
import LeadexCore
import LeadexTesting
import Testing

/// Deal amounts: what people type, read exactly in kopecks or refused with the reason; who may
/// set one; how the history and the mails write it.
@Suite struct DealAmountTests {
    @Test("amounts as people type them", arguments: [
        ("150000", 15_000_000), ("150 000", 15_000_000), ("150 000,50", 15_000_050), ("150000.5", 15_000_050),
        ("150\u{00A0}000 ₽", 15_000_000), ("1\u{202F}250\u{202F}000 руб.", 125_000_000), ("150 тыс", 15_000_000), ("150к", 15_000_000),
        ("1,5 млн", 150_000_000), ("2 млн ₽", 200_000_000), ("0,01", 1), ("  99,9 р. ", 9_990), ("1,234567 млн", 123_456_700),
        ("10 000 000 000", 1_000_000_000_000), ("1,500 тыс", 150_000),
    ] as [(String, Int64)])
    func parses(text: String, kopecks: Int64) throws {
        #expect(try DealAmount.parse(text).kopecks == kopecks)
    }

    @Test("what is refused, and why", arguments: [
        ("", RuleViolation.AmountProblem.empty), ("   ", .empty), ("-5", .negative), ("−150 000", .negative), ("0", .zero), ("0,00", .zero),
        ("1,500", .ambiguous), ("1.500", .ambiguous), ("1.500.000", .notANumber), ("15 00", .notANumber), ("1 5000", .notANumber),
        ("150 000,505", .fractionOfKopeck), ("1,234567891 млн", .fractionOfKopeck), ("10 000 000 000,01", .tooLarge),
        ("99999999999999999999", .tooLarge), ("1e6", .notANumber), ("сто тысяч", .notANumber), ("١٢٣", .notANumber), ("150$", .notANumber),
        ("nan", .notANumber), ("12 000 000 млн", .tooLarge),
    ] as [(String, RuleViolation.AmountProblem)])
    func refuses(text: String, problem: RuleViolation.AmountProblem) {
        do {
            let amount = try DealAmount.parse(text)
            Issue.record("'\(text)' read as \(amount)")
        } catch {
            #expect(error.rule == .amount)
            #expect(error.kind == .invalid)
            #expect(error == .badAmount(text, problem), "\(error)")
        }
    }

    @Test func refusalsSayWhatToWriteInBothLanguages() {
        let wording = Wording(language: .ru, zone: ZoneRules(TimeZone(identifier: "Europe/Moscow")!), policy: SamplePolicy.make())
        let ambiguous = RuleViolation.badAmount("1,500", .ambiguous)
        #expect(ambiguous.description == "'1,500' is ambiguous: write 1500 for thousands with no mark, or 1,50 for roubles and kopecks")
        #expect(ambiguous.message(wording) == "«1,500» можно понять двояко: тысячи пишите без знака (1500), рубли с копейками — 1,50")
        #expect(RuleViolation.badAmount("-5", .negative).message(wording) == "Сумма не может быть отрицательной")
    }

    @Test func sumsAreWrittenAsPeopleWriteThem() {
        #expect(MoneyText.written(15_000_000, .ru) == "150 000 ₽")
        #expect(MoneyText.written(15_000_050, .ru) == "150 000,50 ₽")
        #expect(MoneyText.written(15_000_005, .en) == "150,000.05 ₽")
        #expect(MoneyText.written(99, .ru) == "0,99 ₽")
        #expect(MoneyText.written(1_000_000_000_000, .ru) == "10 000 000 000 ₽")
        #expect(DealAmount(kopecks: 15_000_050)?.description == "150000.50")
        #expect(DealAmount.canonical("150000.50") == DealAmount(kopecks: 15_000_050))
        #expect(DealAmount.canonical("150000.5") == nil && DealAmount.canonical("-1.00") == nil)
        #expect(DealAmount(kopecks: 0) == nil && DealAmount(kopecks: -1) == nil && DealAmount(kopecks: DealAmount.maxKopecks + 1) == nil)
    }

    // Who may set it.

    let policy = SamplePolicy.make()
    let now = Date(timeIntervalSince1970: 1_795_413_600)

    func lead(_ status: LeadStatus, amount: DealAmount? = nil) -> Lead {
        Lead(
            id: LeadID(7), contactID: ContactID(1), source: LeadSource(kind: .form, name: "site"), title: "Заявка", text: "",
            stage: "call", status: status, createdAt: now.addingTimeInterval(-3600), amount: amount)
    }

    func set(_ amount: DealAmount?, on lead: Lead, by login: UserLogin) throws(RuleViolation) -> LeadChange {
        try ExchangeRules(policy: policy).apply(.setAmount(amount), to: lead, by: policy.users[login]!, openDeals: { _ in 0 }, at: now)
    }

    func refusal(_ amount: DealAmount?, on lead: Lead, by login: UserLogin) -> RuleViolation? {
        do throws(RuleViolation) {
            _ = try set(amount, on: lead, by: login)
            return nil
        } catch {
            return error
        }
    }

    @Test func theOwnerOrTheHeadSetsItWhileWorkedOrOnceWon() throws {
        let amount = DealAmount(kopecks: 15_000_050)
        let owned = lead(.owned(by: SamplePolicy.ivanov, keep: false))
        let change = try set(amount, on: owned, by: SamplePolicy.ivanov)
        #expect(change.lead.amount == amount)
        #expect(change.history.action == .amountSet && change.history.note == "150000.50")
        let corrected = try set(DealAmount(kopecks: 100), on: lead(.won(by: SamplePolicy.ivanov), amount: amount), by: SamplePolicy.head)
        #expect(corrected.history.note == "1.00; was 150000.50")
        let cleared = try set(nil, on: lead(.won(by: SamplePolicy.ivanov), amount: amount), by: SamplePolicy.ivanov)
        #expect(cleared.lead.amount == nil && cleared.history.note == "cleared; was 150000.50")
    }

    @Test func everyoneElseIsRefused() {
        let amount = DealAmount(kopecks: 100)
        let owned = lead(.owned(by: SamplePolicy.ivanov, keep: false))
        #expect(refusal(amount, on: owned, by: SamplePolicy.petrov)?.rule == .visibility)
        #expect(refusal(amount, on: owned, by: SamplePolicy.qa)?.rule == .role)
        #expect(refusal(amount, on: owned, by: SamplePolicy.admin)?.rule == .role)
        #expect(refusal(amount, on: lead(.exchange), by: SamplePolicy.ivanov)?.rule == .ownership)
        let refused = lead(.conditionalRefusal(owner: SamplePolicy.ivanov, reason: "expensive", note: nil))
        #expect(refusal(amount, on: refused, by: SamplePolicy.ivanov)?.rule == .state)
        #expect(refusal(amount, on: lead(.lost(reason: "expensive", owner: SamplePolicy.ivanov, by: SamplePolicy.qa)), by: SamplePolicy.ivanov)?.rule == .state)
        #expect(refusal(amount, on: lead(.owned(by: SamplePolicy.ivanov, keep: false), amount: amount), by: SamplePolicy.ivanov)?.rule == .sameAmount)
        #expect(refusal(nil, on: owned, by: SamplePolicy.ivanov)?.description == "the deal has no amount to clear")
    }

    @Test func theHistoryLineWritesTheSumInTheLanguage() throws {
        let zone = ZoneRules(TimeZone(identifier: "Europe/Moscow")!)
        let amount = DealAmount(kopecks: 15_000_050)
        let set = try set(amount, on: lead(.owned(by: SamplePolicy.ivanov, keep: false), amount: DealAmount(kopecks: 10_000_000)), by: SamplePolicy.ivanov)
        let ru = Wording(language: .ru, zone: zone, policy: policy)
        #expect(ru.event(set.history) == "Иван Иванов: сумма сделки 150 000,50 ₽ (было 100 000 ₽)")
        let cleared = try self.set(nil, on: lead(.owned(by: SamplePolicy.ivanov, keep: false), amount: amount), by: SamplePolicy.ivanov)
        #expect(ru.event(cleared.history) == "Иван Иванов: сумма сделки убрана (было 150 000,50 ₽)")
        let en = Wording(language: .en, zone: zone, policy: policy)
        #expect(en.event(set.history) == "Иван Иванов: amount 150,000.50 ₽ (was 100,000 ₽)")
    }
}
