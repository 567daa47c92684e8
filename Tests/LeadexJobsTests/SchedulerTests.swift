import Foundation
import LeadexCore
import LeadexJobs
import LeadexStore
import LeadexTesting
import Logging
import Synchronization
import Testing

/// Records each run of a job: its slot and the clock's time.
final class RunLog: Sendable {
    private let runs = Mutex<[(slot: Date, at: Date)]>([])
    var all: [(slot: Date, at: Date)] { runs.withLock { $0 } }
    var count: Int { all.count }
    func record(_ slot: Date, _ at: Date) { runs.withLock { $0.append((slot, at)) } }
}

@Suite("Scheduler: manual clock, job ledger, catch-up, no double run, no overlap")
struct SchedulerTests {
    let zone = ZoneRules(TimeZone(identifier: "Europe/Moscow")!)

    func scheduler(_ fixture: StoreFixture, _ jobs: [ScheduledJob]) -> Scheduler {
        Scheduler(
            jobs: jobs, ledger: JobLedger(database: fixture.database), clock: fixture.clock, zone: zone,
            logger: fixture.logs.logger())
    }

    func job(_ name: String, _ schedule: String, log: RunLog) throws -> ScheduledJob {
        ScheduledJob(name: name, timing: .schedule(try Schedule(parsing: schedule))) { slot, now in
            log.record(slot, now)
            return "ok"
        }
    }

    @Test("a week of a daily and an every-15-minutes job, stepped minute by minute in milliseconds")
    func weekOfSchedule() async throws {
        let fixture = try await StoreFixture()
        let daily = RunLog(), quarter = RunLog()
        let scheduler = scheduler(fixture, [try job("daily", "*-*-* 07:00", log: daily), try job("quarter", "every 15m", log: quarter)])
        try await scheduler.prepare()
        let start = fixture.clock.now()
        while fixture.clock.now() < start.addingTimeInterval(7 * 86_400) {
            // Jump straight to the next due time, as the real loop's sleep would.
            guard let wake = await scheduler.nextWake() else { break }
            fixture.clock.set(max(wake, fixture.clock.now()))
            await scheduler.runDueJobs()
        }
        #expect(daily.count == 7)
        #expect(daily.all.allSatisfy { zone.civil($0.slot).hour == 7 && zone.civil($0.slot).minute == 0 })
        #expect(quarter.count == 7 * 96)
        #expect(Set(quarter.all.map(\.slot)).count == quarter.count)
    }

    @Test("after a week of downtime a missed slot runs once at start-up, then the schedule resumes")
    func catchUpOnce() async throws {
        let fixture = try await StoreFixture()
        let log = RunLog()
        let first = scheduler(fixture, [try job("sweep", "*-*-* 07:00", log: log)])
        fixture.clock.set(fixture.clock.now().addingTimeInterval(86_400))  // Tuesday 09:00: Tuesday 07:00 is due
        try await first.prepare()
        // The first start ever does not catch up on slots from before Leadex existed.
        await first.runDueJobs()
        #expect(log.count == 0)
        fixture.clock.set(await first.nextWake()!)
        await first.runDueJobs()
        #expect(log.count == 1)

        // The daemon is down for a week; a new scheduler (a restart) on the same database.
        fixture.clock.advance(by: .seconds(7 * 86_400 + 3600))
        let restarted = scheduler(fixture, [try job("sweep", "*-*-* 07:00", log: log)])
        await restarted.runDueJobs()
        await restarted.runDueJobs()
        #expect(log.count == 2, "seven missed slots run as one")
        #expect(zone.civil(log.all[1].slot).day == zone.civil(fixture.clock.now()).day, "the latest missed slot")
        let next = await restarted.nextWake()!
        #expect(next > fixture.clock.now() && zone.civil(next).hour == 7)
    }

    @Test("a slot claimed before a crash is not run again after the restart")
    func noDoubleRunAcrossRestart() async throws {
        let fixture = try await StoreFixture()
        let log = RunLog()
        let ledger = JobLedger(database: fixture.database)
        let slot = fixture.clock.now().addingTimeInterval(3600)
        // A previous process claimed the slot and was killed during the run.
        #expect(try await ledger.claim(job: "report", slot: slot, at: slot))
        fixture.clock.set(slot.addingTimeInterval(60))
        let scheduler = scheduler(fixture, [try job("report", "*-*-* 10:00", log: log)])
        await scheduler.runDueJobs()
        #expect(log.count == 0)
        let runs = try await ledger.runs(of: "report")
        #expect(runs.map(\.outcome) == [.interrupted])
        #expect(fixture.logs.entries.contains { $0.message.contains("interrupted") })
        // A second claim of a slot fails, whoever asks.
        #expect(try await ledger.claim(job: "report", slot: slot, at: slot) == false)
    }

    @Test("a job still running when its next slot comes is not started again")
    func noOverlap() async throws {
        let fixture = try await StoreFixture()
        let gate = AsyncGate()
        let starts = RunLog()
        let slow = ScheduledJob(name: "slow", timing: .schedule(.every(.seconds(60)))) { slot, now in
            starts.record(slot, now)
            await gate.wait()
            return "done"
        }
        let scheduler = scheduler(fixture, [slow])
        try await scheduler.prepare()
        fixture.clock.advance(by: .seconds(61))
        let running = await scheduler.startDueJobs()
        #expect(running.count == 1)
        for _ in 0..<5 {
            fixture.clock.advance(by: .seconds(60))
            #expect(await scheduler.startDueJobs().isEmpty)
        }
        gate.open()
        for task in running { await task.value }
        // Once it finishes, the missed slots run as one.
        await scheduler.runDueJobs()
        #expect(starts.count == 2)
    }

    @Test("the loop sleeps until the next due time and a nudge wakes it for new data")
    func loopSleepsAndWakes() async throws {
        let fixture = try await StoreFixture()
        let due = Mutex<Date?>(nil)
        let log = RunLog()
        let reminder = ScheduledJob(name: "reminders", timing: .whenDue(nextDue: { due.withLock { $0 } })) { slot, now in
            log.record(slot, now)
            due.withLock { $0 = nil }
            return "sent"
        }
        let scheduler = scheduler(fixture, [reminder])
        let loop = Task { try await scheduler.run() }
        try await waitUntil { fixture.clock.sleeperCount == 1 }
        // Nothing due: it sleeps for at most an hour (the wall-clock re-check), no busy polling.
        #expect(fixture.clock.nextDeadline == fixture.clock.now().addingTimeInterval(3600))
        let at = fixture.clock.now().addingTimeInterval(600)
        due.withLock { $0 = at }
        scheduler.nudge()
        try await waitUntil { fixture.clock.nextDeadline == at }
        fixture.clock.set(at)
        try await waitUntil { log.count == 1 }
        #expect(log.all[0].at == at)
        loop.cancel()
        _ = try? await loop.value
    }
}

/// Holds a task until opened.
final class AsyncGate: Sendable {
    private let state = Mutex<(open: Bool, waiters: [CheckedContinuation<Void, Never>])>((false, []))
    func wait() async {
        await withCheckedContinuation { continuation in
            let resume = state.withLock { state -> Bool in
                if state.open { return true }
                state.waiters.append(continuation)
                return false
            }
            if resume { continuation.resume() }
        }
    }
    func open() {
        let waiters = state.withLock { state -> [CheckedContinuation<Void, Never>] in
            state.open = true
            defer { state.waiters = [] }
            return state.waiters
        }
        for waiter in waiters { waiter.resume() }
    }
}

/// Polls `condition` (real time, up to 120 s: the whole suite runs in parallel on two cores): for what another task does in the background.
func waitUntil(_ condition: @Sendable () async throws -> Bool) async throws {
    let deadline = ContinuousClock.now + .seconds(120)
    while ContinuousClock.now < deadline {
        if try await condition() { return }
        try await Task.sleep(for: .milliseconds(2))
    }
    Issue.record("condition not met within 120 s")
}
