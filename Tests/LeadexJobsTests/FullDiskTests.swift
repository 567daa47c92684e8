import Foundation
import GRDB
import LeadexCore
import LeadexJobs
import LeadexStore
import LeadexTesting
import Logging
import Testing

/// A real full disk (a tmpfs filled to the last byte) under the scheduler's and the outbox
/// sender's loops, on a manual clock: each waits with backoff, logs once per incident, says
/// the disk is full, and carries on once space is freed.
@Suite("Full disk: the service loops back off, log once and say the disk is full")
struct FullDiskTests {
    /// The loop's next sleep on `clock`, once it has gone to sleep past the clock's time; nil
    /// when it does not within 30 s (it spins, or hangs; a loaded machine takes a while).
    static func nextSleep(_ clock: ManualWallClock) async throws -> Date? {
        let deadline = ContinuousClock.now + .seconds(120)
        while ContinuousClock.now < deadline {
            if clock.sleeperCount == 1, let next = clock.nextDeadline, next > clock.now() { return next }
            try await Task.sleep(for: .milliseconds(2))
        }
        return nil
    }

    /// Moves `clock` from wake-up to wake-up for `span` seconds; returns the wake-ups, or nil
    /// when the loop stopped sleeping (a busy loop).
    static func follow(_ clock: ManualWallClock, for span: TimeInterval) async throws -> [Date]? {
        let end = clock.now().addingTimeInterval(span)
        var wakes: [Date] = []
        while clock.now() < end {
            guard let next = try await nextSleep(clock) else { return nil }
            wakes.append(next)
            clock.set(next)
        }
        return wakes
    }

    static func messages(_ logs: LogCapture, containing text: String, level: Logger.Level? = nil) -> [LogCapture.Entry] {
        logs.entries.filter { $0.message.contains(text) && (level == nil || $0.level == level) }
    }

    /// A store on a small tmpfs and a scheduler with one job every quarter hour.
    static func quarterHourScheduler() async throws -> (TmpfsMount, StoreFixture, RunLog, Scheduler) {
        let disk = try TmpfsMount(kilobytes: 8192)
        let fixture = try await StoreFixture(databasePath: disk.file("leadex.sqlite3"))
        let runs = RunLog()
        let job = ScheduledJob(name: "quarter", timing: .schedule(.every(.seconds(900)))) { slot, now in
            runs.record(slot, now)
            return "ok"
        }
        let scheduler = Scheduler(
            jobs: [job], ledger: JobLedger(database: fixture.database), clock: fixture.clock,
            zone: ZoneRules(TimeZone(identifier: "Europe/Moscow")!), logger: fixture.logs.logger())
        return (disk, fixture, runs, scheduler)
    }

    @Test(
        "the scheduler on a full disk: a retry with backoff, one warning, one error, a notice once freed",
        .enabled(if: TmpfsMount.isAvailable, "mounting a tmpfs needs root"))
    func schedulerOnAFullDisk() async throws {
        let (disk, fixture, runs, scheduler) = try await Self.quarterHourScheduler()
        try await scheduler.prepare()
        let loop = Task { try await scheduler.run() }
        defer { loop.cancel() }
        let due = try #require(try await Self.nextSleep(fixture.clock))
        disk.fill()
        fixture.clock.set(due)

        // An hour of full disk: a few dozen passes, not tens of thousands.
        let wakes = try #require(try await Self.follow(fixture.clock, for: 3600), "the scheduler did not go to sleep: a busy loop?")
        #expect(wakes.count < 30)
        #expect(runs.count == 0)
        let warnings = Self.messages(fixture.logs, containing: "cannot claim the job's slot", level: .warning)
        #expect(warnings.count == 1, "one warning per incident")
        #expect(warnings.first?.message.contains("the disk is full") == true)
        #expect(Self.messages(fixture.logs, containing: "still failing after", level: .error).count == 1)
        #expect(Self.messages(fixture.logs, containing: "not an error").isEmpty)

        // The last pass has failed too and the loop waits for its retry: space is freed now.
        let retry = try #require(try await Self.nextSleep(fixture.clock))
        disk.unfill()
        fixture.clock.set(retry)
        try await waitUntil { runs.count == 1 }
        try await waitUntil { !Self.messages(fixture.logs, containing: "the job ledger works again").isEmpty }
        let ledger = JobLedger(database: fixture.database)
        try await waitUntil { try await ledger.runs(of: "quarter").map(\.outcome) == [.ok] }
        loop.cancel()
        _ = try? await loop.value
    }

    @Test(
        "a scheduler started on a full disk retries its start with backoff, then runs the job",
        .enabled(if: TmpfsMount.isAvailable, "mounting a tmpfs needs root"))
    func schedulerStartedOnAFullDisk() async throws {
        let (disk, fixture, runs, scheduler) = try await Self.quarterHourScheduler()
        disk.fill()
        let start = fixture.clock.now()
        let loop = Task { try await scheduler.run() }
        defer { loop.cancel() }
        // Not an hour's sleep, not a busy loop: retries 1 s, 2 s, 4 s … apart.
        let wakes = try #require(try await Self.follow(fixture.clock, for: 600), "the scheduler did not go to sleep: a busy loop?")
        #expect(wakes.first == start.addingTimeInterval(1))
        #expect(wakes.count > 5 && wakes.count < 20)
        #expect(zip(wakes, wakes.dropFirst()).allSatisfy { $1.timeIntervalSince($0) <= 300 })
        let warnings = Self.messages(fixture.logs, containing: "cannot read or update the job ledger", level: .warning)
        #expect(warnings.count == 1)
        #expect(warnings.first?.message.contains("the disk is full") == true)

        let retry = try #require(try await Self.nextSleep(fixture.clock))
        disk.unfill()
        fixture.clock.set(retry)
        // Watched from now on: its first slot is the next quarter hour, none is caught up.
        let due = try #require(try await Self.nextSleep(fixture.clock))
        #expect(due.timeIntervalSince(retry) > 0 && due.timeIntervalSince(retry) <= 900)
        #expect(runs.count == 0)
        fixture.clock.set(due)
        try await waitUntil { runs.count == 1 }
        loop.cancel()
        _ = try? await loop.value
    }

    @Test(
        "the outbox on a full disk: mail the server took is not sent again, one warning, marked sent once freed",
        .enabled(if: TmpfsMount.isAvailable, "mounting a tmpfs needs root"))
    func outboxOnAFullDisk() async throws {
        let disk = try TmpfsMount(kilobytes: 8192)
        let f = try await JobsFixture(databasePath: disk.file("leadex.sqlite3"))
        try await f.environment.alertAdmins(subject: "Проверка", text: "текст", at: f.store.clock.now())
        disk.fill()
        let loop = Task { try await f.sender.run() }
        defer { loop.cancel() }
        let wakes = try #require(try await Self.follow(f.store.clock, for: 3600), "the sender did not go to sleep: a busy loop?")
        #expect(wakes.count < 30)
        #expect(f.smtp.messages().count == 1, "sent once, though the outbox could not record it")
        let warnings = Self.messages(f.store.logs, containing: "cannot record sent mail", level: .warning)
        #expect(warnings.count == 1)
        #expect(warnings.first?.message.contains("the disk is full") == true)
        #expect(Self.messages(f.store.logs, containing: "SMTP delivery failed").isEmpty, "the disk, not the server, failed")

        let retry = try #require(try await Self.nextSleep(f.store.clock))
        disk.unfill()
        f.store.clock.set(retry)
        try await waitUntil { (try? await f.outbox.counts())?.sent == 1 }
        #expect(f.smtp.messages().count == 1)
        #expect(!Self.messages(f.store.logs, containing: "the outbox works again").isEmpty)
        loop.cancel()
        _ = try? await loop.value
    }

    @Test("a full disk's SQLite error says so, whatever message the connection was left with")
    func diskFullText() {
        let text = StoreFailureText.describe(DatabaseError(resultCode: .SQLITE_FULL, message: "not an error"))
        #expect(text.contains("the disk is full"))
        #expect(!text.contains("not an error"))
    }
}
