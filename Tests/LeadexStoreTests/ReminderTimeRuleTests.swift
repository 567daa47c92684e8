import Foundation
import GRDB
import LeadexCore
@testable import LeadexStore
import LeadexTesting
import Testing

/// A reminder is for a call still to make: not in the past, not beyond a sane horizon, and a
/// refused one leaves nothing behind.
@Suite struct ReminderTimeRuleTests {
    @Test func remindersInThePastOrTooFarAheadAreRefusedAndNothingIsStored() async throws {
        let fixture = try await StoreFixture()
        let lead = try await fixture.incoming(phone: "89161234567")
        try await fixture.store.perform(.take, on: lead, by: SamplePolicy.ivanov)
        let now = fixture.clock.now()
        let year: TimeInterval = 365.25 * 86_400
        let refused: [(TimeInterval, RuleViolation)] = [
            (-61, .reminderInPast), (-86_400, .reminderInPast), (-60 * year, .reminderInPast),
            (-now.timeIntervalSince1970 - 62_167_219_200, .reminderInPast),  // year 0
            (5 * year + 1, .reminderTooFar(years: 5)), (8_000 * year, .reminderTooFar(years: 5)),
            (.infinity, .reminderTooFar(years: 5)), (-.infinity, .reminderInPast), (.nan, .reminderInPast),
        ]
        for (offset, expected) in refused {
            let due = Date(timeIntervalSince1970: now.timeIntervalSince1970 + offset)
            let violation = await refusal { try await fixture.store.setReminder(on: lead, at: due, note: "x", by: SamplePolicy.ivanov) }
            #expect(violation == expected, "\(offset)")
            #expect(violation?.rule == .reminderTime && violation?.kind == .invalid)
        }
        let stored = try await fixture.database.pool.read { db in
            (try Int.fetchOne(db, sql: "SELECT count(*) FROM reminder") ?? -1, try Int.fetchOne(db, sql: "SELECT count(*) FROM history WHERE action = 'reminder_set'") ?? -1)
        }
        #expect(stored == (0, 0), "a refused reminder leaves no row and no history line")

        // A minute late (typed at 15:30 for 15:30) and the last day of the horizon are fine.
        for offset in [-59, 0, 60, 5 * year - 60] {
            try await fixture.store.setReminder(on: lead, at: now.addingTimeInterval(offset), note: "ok", by: SamplePolicy.ivanov)
        }
        #expect(try await fixture.store.reminders(of: lead, as: SamplePolicy.ivanov).count == 4)
    }
}
