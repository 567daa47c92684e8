import Foundation
import LeadexControlAPI
import Testing

@Suite struct ReminderTimeTests {
    var calendar: Calendar {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "Europe/Moscow")!
        return calendar
    }
    // 2026-11-30 15:20 in Moscow (UTC+3).
    let now = ISO8601DateFormatter().date(from: "2026-11-30T12:20:00Z")!

    func parse(_ text: String) -> String? {
        ReminderTime.parse(text, now: now, calendar: calendar).map { ISO8601DateFormatter().string(from: $0) }
    }

    @Test func wallTimesAreInTheCallersZone() {
        #expect(parse("tomorrow 10:00") == "2026-12-01T07:00:00Z")
        #expect(parse("завтра 9:30") == "2026-12-01T06:30:00Z")
        #expect(parse("today 18:00") == "2026-11-30T15:00:00Z")
        #expect(parse("tomorrow") == "2026-12-01T07:00:00Z")
        #expect(parse("2026-12-15T10:00") == "2026-12-15T07:00:00Z")
        #expect(parse("2026-12-15 10:00") == "2026-12-15T07:00:00Z")
        #expect(parse("2026-12-15T10:00:00Z") == "2026-12-15T10:00:00Z")
        #expect(parse("2026-12-15") == "2026-12-15T07:00:00Z")
    }

    @Test func aZoneWithoutSecondsIsRead() {
        #expect(parse("2026-12-20T15:00+03:00") == "2026-12-20T12:00:00Z")
        #expect(parse("2026-12-20 15:00+05:00") == "2026-12-20T10:00:00Z")
        #expect(parse("2026-12-20T15:00Z") == "2026-12-20T15:00:00Z")
        #expect(parse("2026-12-20T15:00+0300") == "2026-12-20T12:00:00Z")
    }

    @Test func hugeOffsetsDoNotTrap() {
        // What the daemon then refuses as too far ahead; here they must only not crash leadexctl.
        for text in ["+99999999999999999w", "+9223372036854775807 weeks", "+999999999999999999999d", "+9223372036854775807y"] {
            _ = parse(text)
        }
        #expect(parse("+999999d").map { $0 > "2126" } == true, "far enough for the daemon to refuse")
        #expect(parse("+99999999999999999999999d") == nil, "more digits than Int holds")
    }

    @Test func offsetsFromNow() {
        #expect(parse("+2 months") == "2027-01-30T12:20:00Z")
        #expect(parse("+3d") == "2026-12-03T12:20:00Z")
        #expect(parse("+1 week") == "2026-12-07T12:20:00Z")
        #expect(parse("+90m") == "2026-11-30T13:50:00Z")
    }

    @Test func nonsenseIsRefused() {
        for text in ["tomorrow 25:00", "+2 fortnights", "+0d", "someday", "tomorrow 10:00 sharp", ""] {
            #expect(parse(text) == nil, "\(text)")
        }
    }
}
