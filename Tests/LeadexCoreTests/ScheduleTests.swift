import Foundation
import LeadexCore
import Testing

@Suite("Schedules: calendar expressions, intervals, DST")
struct ScheduleTests {
    let moscow = ZoneRules(TimeZone(identifier: "Europe/Moscow")!)
    let berlin = ZoneRules(TimeZone(identifier: "Europe/Berlin")!)

    func utc(_ text: String) -> Date {
        // "2026-11-30 06:00:00" in UTC
        let parts = text.split(whereSeparator: { "- :".contains($0) }).map { Int($0)! }
        let civil = CivilTime(year: parts[0], month: parts[1], day: parts[2], hour: parts[3], minute: parts[4], second: parts.count > 5 ? parts[5] : 0)
        return Date(timeIntervalSince1970: TimeInterval(civil.localSeconds))
    }

    func local(_ date: Date, _ zone: ZoneRules) -> String { zone.civil(date).description }

    @Test("parses the forms admins write, and names what is wrong otherwise")
    func parsing() throws {
        for text in ["Mon *-*-* 03:00", "*-*-* 09:00", "hourly", "weekly", "daily", "Mon..Fri 09:00", "*:0/15", "Sat,Sun 10:30:15", "*-*-01 00:00", "every 5m", "every 1h30m"] {
            _ = try Schedule(parsing: text)
        }
        for bad in ["", "Mon *-*-* 25:00", "Funday 09:00", "every 0m", "every soon", "*-13-* 00:00", "9 o'clock"] {
            #expect(throws: CalendarSpec.ParseError.self, "\(bad)") { try Schedule(parsing: bad) }
        }
    }

    @Test("next slot of calendar events on Moscow clocks")
    func nextCalendar() throws {
        let weekly = try Schedule(parsing: "Mon *-*-* 03:00")
        // Monday 2026-11-30 05:00 Moscow has passed 03:00: the next is a week later.
        let next = weekly.next(after: utc("2026-11-30 02:00"), zone: moscow)!
        #expect(local(next, moscow) == "2026-12-07 03:00:00")
        let quarter = try Schedule(parsing: "*:0/15")
        #expect(local(quarter.next(after: utc("2026-11-30 06:07"), zone: moscow)!, moscow) == "2026-11-30 09:15:00")
        let weekdays = try Schedule(parsing: "Mon..Fri 09:00")
        // Friday 2026-12-04 10:00 → Monday.
        #expect(local(weekdays.next(after: utc("2026-12-04 07:00"), zone: moscow)!, moscow) == "2026-12-07 09:00:00")
        let monthly = try Schedule(parsing: "monthly")
        #expect(local(monthly.next(after: utc("2026-12-15 00:00"), zone: moscow)!, moscow) == "2027-01-01 00:00:00")
        let leap = try Schedule(parsing: "*-02-29 12:00")
        #expect(local(leap.next(after: utc("2026-03-01 00:00"), zone: moscow)!, moscow) == "2028-02-29 12:00:00")
    }

    @Test("a local time skipped in spring runs at the end of the gap, once")
    func springForward() throws {
        // Berlin, 2026-03-29: 02:00 CET jumps to 03:00 CEST; 02:30 does not exist that night.
        let nightly = try Schedule(parsing: "*-*-* 02:30")
        let first = nightly.next(after: utc("2026-03-28 22:00"), zone: berlin)!
        #expect(first == utc("2026-03-29 01:00"))  // 03:00 CEST
        let second = nightly.next(after: first, zone: berlin)!
        #expect(second == utc("2026-03-30 00:30"))  // 02:30 CEST the next night
    }

    @Test("a local time repeated in autumn runs at its first occurrence only")
    func fallBack() throws {
        // Berlin, 2026-10-25: 03:00 CEST falls back to 02:00 CET; 02:30 happens twice.
        let nightly = try Schedule(parsing: "*-*-* 02:30")
        let first = nightly.next(after: utc("2026-10-24 22:00"), zone: berlin)!
        #expect(first == utc("2026-10-25 00:30"))  // 02:30 CEST
        let second = nightly.next(after: first, zone: berlin)!
        #expect(second == utc("2026-10-26 01:30"))  // 02:30 CET the next night, not 01:30Z the same night
        // A daily 09:00 stays at 09:00 on the wall clock: the interval between is 25 hours there.
        let morning = try Schedule(parsing: "*-*-* 09:00")
        let saturday = morning.next(after: utc("2026-10-24 06:00"), zone: berlin)!
        let sunday = morning.next(after: saturday, zone: berlin)!
        #expect(sunday.timeIntervalSince(saturday) == 25 * 3600)
        #expect(local(sunday, berlin) == "2026-10-25 09:00:00")
    }

    @Test("intervals are aligned to the epoch, so slots survive restarts")
    func intervals() throws {
        let every5 = try Schedule(parsing: "every 5m")
        #expect(every5.next(after: utc("2026-11-30 06:07:30"), zone: moscow) == utc("2026-11-30 06:10"))
        #expect(every5.next(after: utc("2026-11-30 06:10"), zone: moscow) == utc("2026-11-30 06:15"))
    }

    @Test("after a week of downtime the latest missed slot is the one to run")
    func catchUp() throws {
        let daily = try Schedule(parsing: "*-*-* 07:00")
        let lastRun = utc("2026-11-20 04:00")  // 07:00 Moscow
        let now = utc("2026-11-27 10:00")
        #expect(local(daily.latestSlot(after: lastRun, upTo: now, zone: moscow)!, moscow) == "2026-11-27 07:00:00")
        #expect(daily.latestSlot(after: utc("2026-11-27 04:00"), upTo: now, zone: moscow) == nil)
        let minutely = try Schedule(parsing: "minutely")
        let yearLater = lastRun.addingTimeInterval(365 * 86_400 + 30)
        #expect(minutely.latestSlot(after: lastRun, upTo: yearLater, zone: moscow) == lastRun.addingTimeInterval(365 * 86_400))
        let every5 = try Schedule(parsing: "every 5m")
        #expect(every5.latestSlot(after: lastRun, upTo: now.addingTimeInterval(100), zone: moscow) == now)
    }

    @Test("working hours count only the time the department answers")
    func workingHours() throws {
        let hours = try WorkingHours(parsing: "Mon..Fri 09:00-18:00")
        // A request on Friday 17:30 Moscow, looked at on Monday 09:30: 30 + 30 working minutes.
        let arrived = utc("2026-12-04 14:30")
        let monday = utc("2026-12-07 06:30")
        #expect(hours.workingSeconds(from: arrived, to: monday, zone: moscow) == 3600)
        #expect(throws: CalendarSpec.ParseError.self) { try WorkingHours(parsing: "Mon..Fri 18:00-09:00") }
    }
}
