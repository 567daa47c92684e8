import Foundation
import LeadexCore
import LeadexTesting
import Testing

/// Every rule of the exchange, decided on values with no store at all.
@Suite struct ExchangeRulesTests {
    let policy = SamplePolicy.make()
    var rules: ExchangeRules { ExchangeRules(policy: policy) }
    let now = Date(timeIntervalSince1970: 1_795_413_600)

    func user(_ login: UserLogin) -> User { policy.users[login]! }

    func lead(_ status: LeadStatus, stage: StageID = "new") -> Lead {
        Lead(
            id: LeadID(7), contactID: ContactID(1), source: LeadSource(kind: .form, name: "site"), title: "Заявка",
            text: "", stage: stage, status: status, createdAt: now.addingTimeInterval(-3600)
        )
    }

    func apply(_ action: LeadAction, _ lead: Lead, by login: UserLogin, open: Int = 0) throws(RuleViolation) -> LeadChange {
        try rules.apply(action, to: lead, by: user(login), openDeals: { _ in open }, at: now)
    }

    func violation(_ action: LeadAction, _ lead: Lead, by login: UserLogin, open: Int = 0) -> RuleViolation? {
        do {
            _ = try apply(action, lead, by: login, open: open)
            return nil
        } catch {
            return error
        }
    }

    // Rule 2: take.

    @Test func managerTakesAnExchangeLead() throws {
        let change = try apply(.take, lead(.exchange), by: SamplePolicy.ivanov)
        #expect(change.lead.status == .owned(by: SamplePolicy.ivanov, keep: false))
        #expect(change.history.action == .taken)
        #expect(change.history.actor == SamplePolicy.ivanov)
        #expect(change.lead.lastActivityAt == now)
    }

    @Test func takingATakenLeadNamesTheWinner() {
        let refusal = violation(.take, lead(.owned(by: SamplePolicy.petrov, keep: false)), by: SamplePolicy.ivanov)
        #expect(refusal?.rule == .alreadyTaken)
        #expect(refusal?.kind == .conflict)
        #expect(refusal?.takenBy == SamplePolicy.petrov)
        #expect(refusal?.description == "deal 7 is already taken by petrov")
    }

    @Test func theCapStopsTakingAndUsesPerUserCaps() throws {
        // Default cap 3; petrov has a cap of his own, 1.
        _ = try apply(.take, lead(.exchange), by: SamplePolicy.ivanov, open: 2)
        #expect(violation(.take, lead(.exchange), by: SamplePolicy.ivanov, open: 3)?.rule == .cap)
        #expect(violation(.take, lead(.exchange), by: SamplePolicy.petrov, open: 1)?.rule == .cap)
    }

    @Test func onlySellingRolesTake() {
        #expect(violation(.take, lead(.exchange), by: SamplePolicy.qa)?.rule == .role)
        #expect(violation(.take, lead(.exchange), by: SamplePolicy.admin)?.rule == .role)
    }

    @Test func closedLeadsCannotBeTaken() {
        let won = lead(.won(by: SamplePolicy.petrov))
        #expect(violation(.take, won, by: SamplePolicy.ivanov)?.rule == .state)
    }

    // Rule 3: return and keep.

    @Test func ownerReturnsADealWithANote() throws {
        let change = try apply(.returnToExchange(note: "не успеваю"), lead(.owned(by: SamplePolicy.ivanov, keep: true)), by: SamplePolicy.ivanov)
        #expect(change.lead.status == .exchange)
        #expect(change.history.action == .returned)
        #expect(change.history.note == "не успеваю")
    }

    @Test func anotherManagerCannotReturnOrKeepYourDeal() {
        let deal = lead(.owned(by: SamplePolicy.petrov, keep: false))
        let refusal = violation(.returnToExchange(note: nil), deal, by: SamplePolicy.ivanov)
        #expect(refusal?.rule == .visibility)
        #expect(refusal?.kind == .forbidden)
        #expect(violation(.keep(true), deal, by: SamplePolicy.ivanov)?.rule == .visibility)
    }

    @Test func keepMarksAndUnmarksTheDeal() throws {
        let kept = try apply(.keep(true), lead(.owned(by: SamplePolicy.ivanov, keep: false)), by: SamplePolicy.ivanov)
        #expect(kept.lead.status == .owned(by: SamplePolicy.ivanov, keep: true))
        #expect(kept.history.action == .kept)
        let unkept = try apply(.keep(false), kept.lead, by: SamplePolicy.ivanov)
        #expect(unkept.lead.status == .owned(by: SamplePolicy.ivanov, keep: false))
        #expect(unkept.history.action == .unkept)
    }

    @Test func theHeadMayReturnAnyonesDeal() throws {
        let change = try apply(.returnToExchange(note: nil), lead(.owned(by: SamplePolicy.petrov, keep: false)), by: SamplePolicy.head)
        #expect(change.lead.status == .exchange)
        #expect(change.history.note == "returned from petrov")
    }

    // Rule 4: stages.

    @Test func movingToAStageRecordsWhenItWasEntered() throws {
        let change = try apply(.moveToStage("call"), lead(.owned(by: SamplePolicy.ivanov, keep: false)), by: SamplePolicy.ivanov)
        #expect(change.lead.stage == "call")
        #expect(change.lead.stageEnteredAt == now)
        #expect(change.history.fromStage == "new")
        #expect(change.history.toStage == "call")
    }

    @Test func stagesFollowThePipelineAndTheUsersRule() {
        let deal = lead(.owned(by: SamplePolicy.trainee, keep: false))
        #expect(violation(.moveToStage("nowhere"), deal, by: SamplePolicy.trainee)?.rule == .unknownStage)
        #expect(violation(.moveToStage("closing"), deal, by: SamplePolicy.trainee)?.rule == .stageNotAllowed)
        #expect(violation(.moveToStage("new"), deal, by: SamplePolicy.trainee)?.rule == .sameStage)
        #expect(violation(.moveToStage("call"), lead(.exchange), by: SamplePolicy.trainee)?.rule == .ownership)
    }

    // Rule 5: conditional refusal, close as lost, reopen, win, disqualify.

    @Test func refusalNeedsAReasonFromTheList() throws {
        let deal = lead(.owned(by: SamplePolicy.ivanov, keep: false))
        #expect(violation(.refuse(reason: "bored", note: nil), deal, by: SamplePolicy.ivanov)?.rule == .unknownReason)
        #expect(violation(.refuse(reason: "other", note: "  "), deal, by: SamplePolicy.ivanov)?.rule == .noteRequired)
        let change = try apply(.refuse(reason: "expensive", note: "бюджет 50к"), deal, by: SamplePolicy.ivanov)
        #expect(change.lead.status == .conditionalRefusal(owner: SamplePolicy.ivanov, reason: "expensive", note: "бюджет 50к"))
        #expect(change.history.reason == "expensive")
        #expect(!change.lead.status.isOpenDeal)
    }

    @Test func theOwnerCannotCloseAsLostOnlyQAOrHead() throws {
        let refused = lead(.conditionalRefusal(owner: SamplePolicy.ivanov, reason: "expensive", note: nil))
        let refusal = violation(.closeLost(note: nil), refused, by: SamplePolicy.ivanov)
        #expect(refusal?.rule == .refusalReview)
        #expect(refusal?.kind == .forbidden)
        #expect(violation(.closeLost(note: nil), refused, by: SamplePolicy.admin)?.rule == .refusalReview)
        let closed = try apply(.closeLost(note: "подтвердил"), refused, by: SamplePolicy.qa)
        #expect(closed.lead.status == .lost(reason: "expensive", owner: SamplePolicy.ivanov, by: SamplePolicy.qa))
        #expect(try apply(.closeLost(note: nil), refused, by: SamplePolicy.head).lead.status.kind == .lost)
    }

    @Test func closeLostNeedsAConditionalRefusalFirst() {
        #expect(violation(.closeLost(note: nil), lead(.owned(by: SamplePolicy.ivanov, keep: false)), by: SamplePolicy.qa)?.rule == .state)
    }

    @Test func qaReopensToTheExchangeOrToANamedManager() throws {
        let refused = lead(.conditionalRefusal(owner: SamplePolicy.ivanov, reason: "expensive", note: nil))
        let said = "клиент ждёт звонка"
        #expect(try apply(.reopen(to: nil, note: said), refused, by: SamplePolicy.qa).lead.status == .exchange)
        let toPetrov = try apply(.reopen(to: SamplePolicy.petrov, note: "бюджет 550к"), refused, by: SamplePolicy.qa)
        #expect(toPetrov.lead.status == .owned(by: SamplePolicy.petrov, keep: false))
        #expect(toPetrov.history.note == "бюджет 550к; to petrov")
        #expect(violation(.reopen(to: "nobody", note: said), refused, by: SamplePolicy.qa)?.rule == .unknownUser)
        #expect(violation(.reopen(to: SamplePolicy.qa, note: said), refused, by: SamplePolicy.head)?.rule == .role)
        #expect(violation(.reopen(to: SamplePolicy.petrov, note: said), refused, by: SamplePolicy.qa, open: 1)?.rule == .cap)
        #expect(violation(.reopen(to: nil, note: said), refused, by: SamplePolicy.ivanov)?.rule == .refusalReview)
        let lost = lead(.lost(reason: "expensive", owner: SamplePolicy.ivanov, by: SamplePolicy.qa))
        #expect(try apply(.reopen(to: nil, note: said), lost, by: SamplePolicy.head).lead.status == .exchange)
    }

    /// The next manager must know what the client said: no reopen without a note, to anyone.
    @Test func reopeningNeedsANote() {
        let refused = lead(.conditionalRefusal(owner: SamplePolicy.ivanov, reason: "expensive", note: nil))
        for note in [nil, "", "  \n "] {
            for target in [nil, SamplePolicy.petrov] {
                let refusal = violation(.reopen(to: target, note: note), refused, by: SamplePolicy.qa)
                #expect(refusal?.rule == .reopenNote)
                #expect(refusal?.kind == .invalid)
            }
        }
    }

    @Test func onlyTheHeadOfSalesOpensTheHeadsPagesAndQAAndTheHeadTheRefusalQueue() {
        let rules = ExchangeRules(policy: SamplePolicy.make())
        for user in SamplePolicy.make().users.values {
            let head = (try? rules.requireHeadOfSales(user, to: "see the department now")) != nil
            let review = (try? rules.requireRefusalReview(user, to: "review refusals")) != nil
            #expect(head == (user.role == .head), "\(user.login)")
            #expect(review == [.qa, .head].contains(user.role), "\(user.login)")
        }
    }

    @Test func winClosesTheDeal() throws {
        let won = try apply(.win(note: nil), lead(.owned(by: SamplePolicy.ivanov, keep: false)), by: SamplePolicy.ivanov)
        #expect(won.lead.status == .won(by: SamplePolicy.ivanov))
        #expect(won.lead.status.isClosed)
        #expect(violation(.win(note: nil), won.lead, by: SamplePolicy.ivanov)?.rule == .state)
        #expect(violation(.win(note: nil), lead(.exchange), by: SamplePolicy.ivanov)?.rule == .ownership)
    }

    @Test func disqualifyTakesALeadOffTheExchangeWithAReason() throws {
        let change = try apply(.disqualify(reason: "spam", note: nil), lead(.exchange), by: SamplePolicy.petrov)
        #expect(change.lead.status == .disqualified(reason: "spam", owner: nil, by: SamplePolicy.petrov))
        #expect(violation(.disqualify(reason: "expensive", note: nil), lead(.exchange), by: SamplePolicy.petrov)?.rule == .unknownReason)
        #expect(violation(.disqualify(reason: "spam", note: nil), lead(.owned(by: SamplePolicy.ivanov, keep: false)), by: SamplePolicy.petrov)?.rule == .visibility)
    }

    // Rule 6: visibility and rights.

    @Test func managersSeeTheExchangeAndTheirOwnDealsOnly() {
        let mine = lead(.owned(by: SamplePolicy.ivanov, keep: false))
        #expect(rules.canSee(lead(.won(by: SamplePolicy.ivanov)), actor: user(SamplePolicy.ivanov)))
        #expect(rules.canSee(lead(.lost(reason: "expensive", owner: SamplePolicy.ivanov, by: SamplePolicy.qa)), actor: user(SamplePolicy.ivanov)))
        let his = lead(.owned(by: SamplePolicy.petrov, keep: false))
        #expect(rules.canSee(lead(.exchange), actor: user(SamplePolicy.ivanov)))
        #expect(rules.canSee(mine, actor: user(SamplePolicy.ivanov)))
        #expect(!rules.canSee(his, actor: user(SamplePolicy.ivanov)))
        for login in [SamplePolicy.qa, SamplePolicy.head, SamplePolicy.admin] {
            #expect(rules.canSee(his, actor: user(login)))
        }
    }

    @Test func exportAndDeleteNeedExplicitRights() throws {
        #expect(throws: RuleViolation.missingRight(.export)) { try rules.require(.export, actor: user(SamplePolicy.head)) }
        #expect(throws: RuleViolation.missingRight(.delete)) { try rules.require(.delete, actor: user(SamplePolicy.exporter)) }
        try rules.require(.export, actor: user(SamplePolicy.exporter))
        try rules.require(.delete, actor: user(SamplePolicy.admin))
    }
}
