import Foundation
import LeadexCore
import LeadexTesting
import Testing

/// Adding a note: a history line on a deal, by whoever works or reviews it.
@Suite struct NoteRulesTests {
    let policy = SamplePolicy.make()
    let now = Date(timeIntervalSince1970: 1_795_413_600)

    func lead(_ status: LeadStatus) -> Lead {
        Lead(
            id: LeadID(7), contactID: ContactID(1), source: LeadSource(kind: .form, name: "site"), title: "Заявка",
            text: "", stage: "call", status: status, createdAt: now.addingTimeInterval(-3600))
    }

    func apply(_ text: String, _ lead: Lead, by login: UserLogin) throws(RuleViolation) -> LeadChange {
        try ExchangeRules(policy: policy).apply(.addNote(text), to: lead, by: policy.users[login]!, openDeals: { _ in 0 }, at: now)
    }

    func refusal(_ text: String, _ lead: Lead, by login: UserLogin) -> RuleViolation? {
        do {
            _ = try apply(text, lead, by: login)
            return nil
        } catch {
            return error
        }
    }

    @Test func theOwnerAddsANoteThatChangesOnlyTheHistoryAndActivity() throws {
        let owned = lead(.owned(by: SamplePolicy.ivanov, keep: true))
        let change = try apply("  Позвонил, не ответили; перезвонить завтра  \n", owned, by: SamplePolicy.ivanov)
        #expect(change.history.action == .note)
        #expect(change.history.note == "Позвонил, не ответили; перезвонить завтра")
        #expect(change.history.actor == SamplePolicy.ivanov)
        #expect(change.lead.status == owned.status)
        #expect(change.lead.stage == owned.stage)
        #expect(change.lead.lastActivityAt == now)
    }

    @Test func reviewersNoteAnyDealButNoOneNotesTheExchange() throws {
        let refused = lead(.conditionalRefusal(owner: SamplePolicy.ivanov, reason: "expensive", note: nil))
        #expect(try apply("Проверено ОКК", refused, by: SamplePolicy.qa).history.note == "Проверено ОКК")
        #expect(try apply("Беру на контроль", lead(.owned(by: SamplePolicy.ivanov, keep: false)), by: SamplePolicy.head).history.actor == SamplePolicy.head)
        #expect(refusal("x", lead(.exchange), by: SamplePolicy.ivanov)?.rule == .ownership)
        #expect(refusal("x", lead(.exchange), by: SamplePolicy.qa)?.rule == .role)
    }

    @Test func aManagerCannotNoteAColleaguesDealAndEmptyNotesAreRefused() {
        #expect(refusal("чужая", lead(.owned(by: SamplePolicy.petrov, keep: false)), by: SamplePolicy.ivanov)?.rule == .visibility)
        for blank in ["", "   ", "\n\t"] {
            let empty = refusal(blank, lead(.owned(by: SamplePolicy.ivanov, keep: false)), by: SamplePolicy.ivanov)
            #expect(empty?.rule == .emptyNote)
            #expect(empty?.kind == .invalid)
        }
    }
}
