import Foundation
import LeadexCore
import LeadexTesting
import Testing

/// The head handing deals on: one deal to another manager, or all of a manager's deals back to
/// the exchange. Every refusal, decided on values.
@Suite struct ReassignRulesTests {
    let policy = SamplePolicy.make()
    var rules: ExchangeRules { ExchangeRules(policy: policy) }
    let now = Date(timeIntervalSince1970: 1_795_413_600)

    func lead(_ status: LeadStatus, id: Int64 = 7) -> Lead {
        Lead(
            id: LeadID(id), contactID: ContactID(1), source: LeadSource(kind: .form, name: "site"), title: "Заявка", text: "",
            stage: "call", status: status, createdAt: now.addingTimeInterval(-86_400))
    }

    func reassign(
        _ lead: Lead, to target: UserLogin, note: String = "в отпуске до 20-го", by login: UserLogin = SamplePolicy.head, open: Int = 0
    ) throws(RuleViolation) -> LeadChange {
        try rules.apply(.reassign(to: target, note: note), to: lead, by: policy.users[login]!, openDeals: { _ in open }, at: now)
    }

    func refusal(_ body: () throws -> Void) -> RuleViolation? {
        do {
            try body()
            return nil
        } catch {
            return error as? RuleViolation
        }
    }

    var ivanovsDeal: Lead { lead(.owned(by: SamplePolicy.ivanov, keep: true)) }

    @Test func theHeadHandsADealToAnotherManagerWithWhoAndWhy() throws {
        let change = try reassign(ivanovsDeal, to: SamplePolicy.exporter, note: "  в отпуске до 20-го ")
        #expect(change.lead.status == .owned(by: SamplePolicy.exporter, keep: false))
        #expect(change.lead.stage == "call", "the deal keeps its stage")
        #expect(change.lead.lastActivityAt == now)
        #expect(change.history.action == .reassigned)
        #expect(change.history.actor == SamplePolicy.head)
        #expect(change.history.note == "в отпуске до 20-го; from ivanov to analyst")
    }

    @Test func onlyTheHeadReassigns() {
        for login in [SamplePolicy.ivanov, SamplePolicy.qa, SamplePolicy.admin] {
            let violation = refusal { _ = try reassign(ivanovsDeal, to: SamplePolicy.exporter, by: login) }
            #expect(violation?.rule == .role, "\(login)")
            #expect(violation?.kind == .forbidden)
        }
        let manager = refusal { _ = try reassign(ivanovsDeal, to: SamplePolicy.exporter, by: SamplePolicy.ivanov) }
        #expect(manager?.description == "a manager may not reassign deals")
    }

    @Test func aNoteSayingWhyIsMandatory() {
        for note in ["", "  \n "] {
            let violation = refusal { _ = try reassign(ivanovsDeal, to: SamplePolicy.exporter, note: note) }
            #expect(violation?.rule == .reassignNote)
            #expect(violation?.kind == .invalid)
        }
    }

    @Test func refusalsAwaitingQAAndClosedDealsAreNotReassigned() {
        let statuses: [LeadStatus] = [
            .exchange, .conditionalRefusal(owner: SamplePolicy.ivanov, reason: "expensive", note: nil), .won(by: SamplePolicy.ivanov),
            .lost(reason: "expensive", owner: SamplePolicy.ivanov, by: SamplePolicy.qa),
            .disqualified(reason: "spam", owner: SamplePolicy.ivanov, by: SamplePolicy.ivanov),
        ]
        for status in statuses {
            let violation = refusal { _ = try reassign(lead(status), to: SamplePolicy.exporter) }
            #expect(violation?.rule == .state, "\(status)")
            #expect(violation?.kind == .conflict)
        }
        let refused = refusal {
            _ = try reassign(lead(.conditionalRefusal(owner: SamplePolicy.ivanov, reason: "expensive", note: nil)), to: SamplePolicy.exporter)
        }
        #expect(refused?.description == "cannot reassign deal 7: it is a conditional refusal awaiting review")
    }

    @Test func theReceiverMustBeAConfiguredSeller() {
        let unknown = refusal { _ = try reassign(ivanovsDeal, to: "nobody") }
        #expect(unknown?.rule == .unknownUser)
        #expect(unknown?.kind == .notFound)
        for login in [SamplePolicy.qa, SamplePolicy.admin] {
            #expect(refusal { _ = try reassign(ivanovsDeal, to: login) }?.rule == .role)
        }
        let same = refusal { _ = try reassign(ivanovsDeal, to: SamplePolicy.ivanov) }
        #expect(same?.rule == .sameOwner)
        #expect(same?.description == "deal 7 is already ivanov's")
    }

    @Test func theReceiversCapHoldsForTheHeadTooAndSaysWhatToDo() throws {
        // petrov's own cap is 1; the default is 3.
        let full = refusal { _ = try reassign(ivanovsDeal, to: SamplePolicy.petrov, open: 1) }
        #expect(full?.rule == .cap)
        #expect(full?.kind == .conflict)
        #expect(full?.description.contains("petrov already has 1 open deals, their cap: give the deal to someone with room") == true)
        let wording = Wording(language: .ru, zone: ZoneRules(TimeZone(identifier: "Europe/Moscow")!), policy: policy)
        #expect(full?.message(wording).hasPrefix("У Пётр Петров уже 1 открытых сделок — это его предел: передайте сделку") == true)
        _ = try reassign(ivanovsDeal, to: SamplePolicy.petrov, open: 0)
        // QA reopening a refusal to a full manager is told the same, not "win, refuse or return".
        let reopen = refusal {
            _ = try rules.apply(
                .reopen(to: SamplePolicy.petrov, note: "бюджет есть"),
                to: lead(.conditionalRefusal(owner: SamplePolicy.ivanov, reason: "expensive", note: nil)), by: policy.users[SamplePolicy.qa]!,
                openDeals: { _ in 1 }, at: now)
        }
        #expect(reopen?.description.contains("give the deal to someone with room") == true)
    }

    @Test func returningAllOfAManagersDealsSkipsRefusalsAndOthersDeals() throws {
        let deals = [
            lead(.owned(by: SamplePolicy.ivanov, keep: true), id: 1),
            lead(.conditionalRefusal(owner: SamplePolicy.ivanov, reason: "expensive", note: nil), id: 2),
            lead(.owned(by: SamplePolicy.ivanov, keep: false), id: 3),
            lead(.owned(by: SamplePolicy.petrov, keep: false), id: 4),
        ]
        let change = try rules.returnAll(deals, of: SamplePolicy.ivanov, by: policy.users[SamplePolicy.head]!, note: "уволился", at: now)
        #expect(change.changes.map(\.lead.id) == [LeadID(1), LeadID(3)])
        #expect(change.changes.allSatisfy { $0.lead.status == .exchange && $0.lead.lastActivityAt == now })
        #expect(change.changes.map(\.history.note) == ["уволился; from ivanov to the exchange", "уволился; from ivanov to the exchange"])
        #expect(change.changes.allSatisfy { $0.history.action == .reassigned && $0.history.actor == SamplePolicy.head })
        #expect(change.skipped.map(\.id) == [LeadID(2)])
    }

    @Test func returningAllIsTheHeadsWithANote() {
        let deals = [lead(.owned(by: SamplePolicy.ivanov, keep: false))]
        for login in [SamplePolicy.ivanov, SamplePolicy.qa, SamplePolicy.admin] {
            let violation = refusal { _ = try rules.returnAll(deals, of: SamplePolicy.ivanov, by: policy.users[login]!, note: "x", at: now) }
            #expect(violation?.rule == .role)
        }
        let empty = refusal { _ = try rules.returnAll(deals, of: SamplePolicy.ivanov, by: policy.users[SamplePolicy.head]!, note: " ", at: now) }
        #expect(empty?.rule == .reassignNote)
    }

    @Test func theHistoryLineSaysWhoHadItAndWhoHasItInBothLanguages() throws {
        let zone = ZoneRules(TimeZone(identifier: "Europe/Moscow")!)
        let toManager = try reassign(ivanovsDeal, to: SamplePolicy.exporter, note: "в отпуске; до 20-го").history
        let toExchange = try rules.returnAll(
            [ivanovsDeal], of: SamplePolicy.ivanov, by: policy.users[SamplePolicy.head]!, note: "уволился", at: now
        ).changes[0].history
        let ru = Wording(language: .ru, zone: zone, policy: policy)
        #expect(ru.event(toManager) == "Руководитель: передал сделку: Иван Иванов → Аналитик — в отпуске; до 20-го")
        #expect(ru.event(toExchange) == "Руководитель: передал сделку: Иван Иванов → биржа — уволился")
        let en = Wording(language: .en, zone: zone, policy: policy)
        #expect(en.event(toExchange) == "Руководитель: reassigned it: Иван Иванов → the exchange — уволился")
    }
}
