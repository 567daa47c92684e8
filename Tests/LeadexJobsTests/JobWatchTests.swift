import Foundation
import GRDB
import LeadexCore
import LeadexJobs
@testable import LeadexStore
import LeadexTesting
import Testing

/// A job's "since when" survives restarts: README promises that missed slots run once, and a
/// slot missed before the job's first run is one too.
@Suite("Scheduler: a slot missed before a job's first run still runs once after a restart")
struct JobWatchTests {
    let zone = ZoneRules(TimeZone(identifier: "Europe/Moscow")!)

    func scheduler(_ fixture: StoreFixture, _ jobs: [ScheduledJob]) -> Scheduler {
        Scheduler(jobs: jobs, ledger: JobLedger(database: fixture.database), clock: fixture.clock, zone: zone, logger: fixture.logs.logger())
    }

    func daily(_ name: String, at time: String, log: RunLog) throws -> ScheduledJob {
        ScheduledJob(name: name, timing: .schedule(try Schedule(parsing: "*-*-* \(time)"))) { slot, now in
            log.record(slot, now)
            return "ok"
        }
    }

    @Test("fresh daemon at 09:00, stopped before the 10:00 slot, started at 11:00: the slot runs once")
    func slotMissedBeforeTheFirstRun() async throws {
        let fixture = try await StoreFixture()
        let log = RunLog()
        let first = scheduler(fixture, [try daily("report", at: "10:00", log: log)])
        await first.runDueJobs()
        #expect(log.count == 0)

        // Down from 09:30 to 11:00: a new scheduler (a restart) on the same database.
        fixture.clock.advance(by: .seconds(2 * 3600))
        let restarted = scheduler(fixture, [try daily("report", at: "10:00", log: log), try daily("added", at: "10:30", log: RunLog())])
        await restarted.runDueJobs()
        #expect(log.count == 1, "the missed 10:00 slot")
        let run = try #require(log.all.first)
        #expect(zone.civil(run.slot).hour == 10 && zone.civil(run.slot).minute == 0)
        await restarted.runDueJobs()
        #expect(log.count == 1, "once")
        // A job first seen at this start counts from now: 10:30 was before it existed.
        #expect(try await JobLedger(database: fixture.database).runs(of: "added").isEmpty)

        // A third start keeps both jobs' "since" as the ledger and the watch have them.
        fixture.clock.advance(by: .seconds(60))
        let again = scheduler(fixture, [try daily("report", at: "10:00", log: log)])
        await again.runDueJobs()
        #expect(log.count == 1)
    }

    @Test("migration v8-job-watch: a v7 database keeps its job runs and gains an empty watch table")
    func migrationFromV7() async throws {
        let directory = try TemporaryDirectory()
        let path = directory.file("leadex.sqlite3")
        let clock = ManualWallClock()
        do {
            let pool = try DatabasePool(path: path)
            try Migrations.migrator.migrate(pool, upTo: "v7-mail-original")
            try await pool.write { db in
                try db.execute(
                    sql: "INSERT INTO job_run (job, slot, started_at, finished_at, outcome) VALUES ('report', ?, ?, ?, 'ok')",
                    arguments: [StoredTime.text(clock.now()), StoredTime.text(clock.now()), StoredTime.text(clock.now())])
            }
            try pool.close()
        }
        let database = try LeadexDatabase(path: path)
        #expect(try database.appliedMigrations().contains("v8-job-watch"))
        let ledger = JobLedger(database: database)
        #expect(try await ledger.latestSlots() == ["report": clock.now()])
        let later = clock.now().addingTimeInterval(60)
        #expect(try await ledger.watchingSince(["backup"], now: later) == ["backup": later])
        #expect(try await ledger.watchingSince(["backup"], now: later.addingTimeInterval(60)) == ["backup": later], "kept as first recorded")
        try database.close()
    }
}
