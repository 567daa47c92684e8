import Dispatch
import Foundation
import GRDB
@testable import LeadexStore
import LeadexTesting
import Testing

/// Durability of each commit, and where the WAL is copied back into the database file.
@Suite struct CheckpointTests {
    @Test func everyCommitIsSyncedToDisk() async throws {
        let directory = try TemporaryDirectory()
        let database = try LeadexDatabase(path: directory.file("leadex.sqlite3"))
        // GRDB's pool puts its writer in WAL mode with synchronous = NORMAL (a commit survives a
        // crash but not a power cut); a lead acknowledged to the mail server needs FULL (2).
        #expect(try await database.pool.writeWithoutTransaction { try Int.fetchOne($0, sql: "PRAGMA synchronous") } == 2)
    }

    @Test func commitsLeaveTheCheckpointToItsOwnThread() async throws {
        let directory = try TemporaryDirectory()
        let path = directory.file("leadex.sqlite3")
        let database = try LeadexDatabase(path: path)
        try await database.pool.write { db in try db.execute(sql: "CREATE TABLE filler (data BLOB NOT NULL)") }
        let before = try fileSize(path)
        // 1,500 pages of 4 KiB in three commits: past the threshold (1,000), short of the
        // ceiling (4,000) at which the writer would checkpoint by itself.
        database.checkpointer.pause()
        for _ in 0..<3 { try await database.pool.write { db in try Self.fill(db, pages: 500) } }
        #expect(try fileSize(path) == before, "paused: no commit copied the WAL into the database file")

        database.checkpointer.resume()
        try await database.pool.write { db in try Self.fill(db, pages: 1) }
        let deadline = ContinuousClock.now + .seconds(20)
        while try fileSize(path) < before + 1500 * 4096, ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(10))
        }
        #expect(try fileSize(path) >= before + 1500 * 4096, "the checkpointer copied the WAL back after the next commit")
        #expect(try database.integrityCheck() == "ok")
        try database.close()
        #expect(try fileSize(path + "-wal") == 0, "closing copies the rest and empties the WAL")
    }

    @Test func pastTheCeilingTheWriterCheckpointsByItself() async throws {
        let directory = try TemporaryDirectory()
        let path = directory.file("leadex.sqlite3")
        let database = try LeadexDatabase(path: path)
        try await database.pool.write { db in try db.execute(sql: "CREATE TABLE filler (data BLOB NOT NULL)") }
        let before = try fileSize(path)
        // The checkpointer's thread is held up (as by a slow disk).
        let gate = DispatchSemaphore(value: 0)
        database.checkpointer.queue.async { gate.wait() }
        defer { gate.signal() }
        try await database.pool.write { db in try Self.fill(db, pages: 4100) }
        #expect(try fileSize(path) >= before + 4000 * 4096, "the commit past the ceiling copied the WAL itself")
    }

    private static func fill(_ db: Database, pages: Int) throws {
        for _ in 0..<pages {
            try db.execute(sql: "INSERT INTO filler (data) VALUES (randomblob(4000))")
        }
    }

    private func fileSize(_ path: String) throws -> Int {
        guard FileManager.default.fileExists(atPath: path) else { return 0 }
        return (try FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
    }
}
