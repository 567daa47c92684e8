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

    /// The phrases a Russian sales team types (issue 14); now is Monday 2026-11-30 15:20 in Moscow.
    @Test func phrasesPeopleType() {
        #expect(parse("+3 часа") == "2026-11-30T15:20:00Z")
        #expect(parse("через 2 часа") == "2026-11-30T14:20:00Z")
        #expect(parse("через час") == "2026-11-30T13:20:00Z")
        #expect(parse("+1 неделя") == "2026-12-07T12:20:00Z")
        #expect(parse("через неделю") == "2026-12-07T12:20:00Z")
        #expect(parse("+2 месяца") == "2027-01-30T12:20:00Z")
        #expect(parse("+5 минут") == "2026-11-30T12:25:00Z")
        #expect(parse("in 2 hours") == "2026-11-30T14:20:00Z")
        #expect(parse("завтра в 10:00") == "2026-12-01T07:00:00Z")
        #expect(parse("tomorrow at 10:00") == "2026-12-01T07:00:00Z")
        // A weekday: the next one whose time is ahead; today's (a Monday) has passed at 10:00.
        #expect(parse("в понедельник 10:00") == "2026-12-07T07:00:00Z")
        #expect(parse("понедельник 18:00") == "2026-11-30T15:00:00Z")
        #expect(parse("во вторник 9:30") == "2026-12-01T06:30:00Z")
        #expect(parse("в пятницу") == "2026-12-04T07:00:00Z")
        #expect(parse("friday 11:00") == "2026-12-04T08:00:00Z")
        // A time alone: today while it is ahead, else tomorrow.
        #expect(parse("18:00") == "2026-11-30T15:00:00Z")
        #expect(parse("10:00") == "2026-12-01T07:00:00Z")
        for text in ["через", "в понедельник 25:00", "понедельник вторник", "+3 попугая", "10", "через -2 часа", "когда-нибудь"] {
            #expect(parse(text) == nil, "\(text) is not read as a time")
        }
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
