import Foundation
import GRDB
import LeadexCore
@testable import LeadexStore
import LeadexTesting
import Synchronization
import Testing

/// Backups of a real SQLite file into real directories: while writes go on, round trips through
/// restore, pruning, and the disks that fill up or turn read-only half-way.
@Suite struct BackupTests {
    static let monday = Date(timeIntervalSince1970: 1_795_413_600)  // 2026-11-23 06:00:00 UTC

    @Test func namesSortByTimeAndOnlyBackupsCount() {
        let name = BackupName(date: Self.monday)
        #expect(name.archive == "leadex-20261123T060000Z.db.gz")
        #expect(name.manifest == "leadex-20261123T060000Z.json")
        #expect(BackupName(fileName: name.archive) == name)
        #expect(BackupName(fileName: name.manifest) == name)
        #expect(BackupName(date: Self.monday.addingTimeInterval(1)) > name)
        for other in [name.partialArchive, name.partialCopy, "leadex-2026.db.gz", "notes.json", ".leadex-backup.lock"] {
            #expect(BackupName(fileName: other) == nil, "\(other)")
        }
        #expect(BackupName.isLeftover(name.partialCopy + "-journal"))
    }

    @Test func aBackupIsAVerifiedGzipWithItsManifest() async throws {
        let fixture = try await StoreFixture()
        for _ in 0..<20 { try await fixture.incoming(email: "client\(UUID().uuidString.prefix(6))@example.ru") }
        let directory = fixture.directory.file("backups/weekly")
        let manifest = try await DatabaseBackup(database: fixture.database, logger: fixture.logs.logger())
            .backup(into: directory, keep: 8, now: Self.monday)

        #expect(manifest.file == "leadex-20261123T060000Z.db.gz")
        #expect(manifest.rows == BackupManifest.RowCounts(contact: 20, lead: 20, history: 20, user: 7))
        #expect(manifest.migrations == ["v1-exchange", "v2-mail-intake", "v3-scheduler", "v4-forms", "v5-deferred-mail", "v6-audit-import", "v7-mail-original", "v8-ignored-restore", "v8-forms-held", "v8-health-check"])
        #expect(manifest.source == fixture.database.path)
        #expect(manifest.createdAt == Self.monday)
        let archive = directory + "/" + manifest.file
        let bytes = try Data(contentsOf: URL(fileURLWithPath: archive))
        #expect(Int64(bytes.count) == manifest.compressedBytes)
        #expect(SHA256.hexDigest(bytes) == manifest.sha256)
        #expect(bytes.prefix(2) == Data([0x1f, 0x8b]), "gzip magic")
        #expect(manifest.compressedBytes < manifest.rawBytes)
        // The manifest on disk says the same, in snake_case JSON.
        let json = try String(contentsOfFile: directory + "/leadex-20261123T060000Z.json", encoding: .utf8)
        #expect(json.contains("\"created_at\" : \"2026-11-23T06:00:00Z\""))
        #expect(try BackupManifest.decode(Data(json.utf8)) == manifest)
        #expect(try Set(FileManager.default.contentsOfDirectory(atPath: directory)) == [
            "leadex-20261123T060000Z.db.gz", "leadex-20261123T060000Z.json", BackupDirectory.lockName,
        ])
        // Plain gunzip reads it, and the copy is one standalone, sound SQLite file.
        let copy = fixture.directory.file("gunzipped.sqlite3")
        #expect(try shell("gunzip -c '\(archive)' > '\(copy)'") == 0)
        #expect(try Self.read(copy, "PRAGMA integrity_check") == "ok")
        #expect(try Self.read(copy, "PRAGMA journal_mode") == "delete")
    }

    @Test func aBackupWhileWritesGoOnIsOneConsistentSnapshot() async throws {
        let fixture = try await StoreFixture()
        for _ in 0..<300 { try await fixture.incoming() }
        let written = Counter()
        let stop = Counter()
        let writer = Task {
            while stop.value == 0 {
                try await fixture.incoming()
                written.increment()
            }
        }
        var backup = DatabaseBackup(database: fixture.database, logger: fixture.logs.logger())
        backup.pagesPerStep = 8
        let steps = Counter()
        let writtenDuringCopy = Counter()
        backup.afterCopyStep = { _ in
            guard steps.increment() == 1 else { return }
            // Half-way through the copy, its read transaction open: the writer must go on
            // committing. Waits for 25 of its commits (or gives up after 20 s).
            let before = written.value
            let deadline = ContinuousClock.now + .seconds(20)
            while written.value < before + 25 && ContinuousClock.now < deadline { usleep(1000) }
            writtenDuringCopy.set(written.value - before)
        }
        let manifest = try await backup.backup(into: fixture.directory.file("backups"), keep: 8, now: Self.monday)
        stop.set(1)
        try await writer.value

        #expect(steps.value > 2, "the copy was made in several steps")
        // Checkpoints resume once the copy is done.
        #expect(!fixture.database.checkpointer.isPaused)
        #expect(writtenDuringCopy.value >= 25, "writes went on during the copy")
        let total = 300 + written.value
        #expect(manifest.rows.lead >= 300 && manifest.rows.lead < total)

        // One snapshot: a prefix of the writer's leads, each whole (contact and history line).
        let restored = fixture.directory.file("restored/leadex.sqlite3")
        try DatabaseRestore.restore(backup: fixture.directory.file("backups/\(manifest.file)"), into: restored, logger: fixture.logs.logger())
        #expect(try Self.read(restored, "PRAGMA integrity_check") == "ok")
        #expect(try Self.read(restored, "SELECT count(*) FROM pragma_foreign_key_check") == "0")
        #expect(try Self.read(restored, "SELECT max(id) = count(*) FROM lead") == "1")
        #expect(try Self.read(restored, "SELECT count(*) FROM history") == "\(manifest.rows.lead)")
        #expect(try Self.read(restored, "SELECT count(*) FROM lead WHERE id NOT IN (SELECT lead_id FROM history)") == "0")
    }

    @Test func restoreRoundTripEqualsTheSource() async throws {
        let fixture = try await StoreFixture()
        var ids: [LeadID] = []
        for n in 0..<12 {
            ids.append(try await fixture.incoming(name: "Клиент \(n)", email: "c\(n)@example.ru", phone: "+7912000000\(n % 10)"))
        }
        try await fixture.store.perform(.take, on: ids[0], by: SamplePolicy.ivanov)
        try await fixture.store.perform(.moveToStage("call"), on: ids[0], by: SamplePolicy.ivanov)
        try await fixture.store.perform(.take, on: ids[1], by: SamplePolicy.ivanov)
        try await fixture.store.perform(.refuse(reason: "expensive", note: "бюджет 50к"), on: ids[1], by: SamplePolicy.ivanov)
        try await fixture.store.perform(.disqualify(reason: "spam", note: nil), on: ids[2], by: SamplePolicy.head)
        let manifest = try await DatabaseBackup(database: fixture.database, logger: fixture.logs.logger())
            .backup(into: fixture.directory.file("backups"), keep: 8, now: Self.monday)

        let target = fixture.directory.file("elsewhere/leadex.sqlite3")
        let report = try DatabaseRestore.restore(
            backup: fixture.directory.file("backups/leadex-20261123T060000Z.json"), into: target, logger: fixture.logs.logger())
        #expect(report.manifest == manifest)
        #expect(report.previous == nil)
        #expect(try Self.contents(target) == Self.contents(fixture.database.path))
        #expect(try Self.contents(target)["history"]?.count == 17)
        // The daemon opens it as it opens any database.
        let reopened = try LeadexDatabase(path: target)
        #expect(try reopened.integrityCheck() == "ok")
        #expect(try reopened.journalMode() == "wal")
        #expect(try reopened.appliedMigrations() == ["v1-exchange", "v2-mail-intake", "v3-scheduler", "v4-forms", "v5-deferred-mail", "v6-audit-import", "v7-mail-original", "v8-ignored-restore", "v8-forms-held", "v8-health-check"])
    }

    @Test func restoreRefusesADatabaseInUseAndKeepsTheOneItReplaces() async throws {
        let fixture = try await StoreFixture()
        try await fixture.incoming()
        let manifest = try await DatabaseBackup(database: fixture.database, logger: fixture.logs.logger())
            .backup(into: fixture.directory.file("backups"), keep: 8, now: Self.monday)
        let backup = fixture.directory.file("backups/\(manifest.file)")

        // An installation with three leads of its own, open as a running daemon has it.
        let target = fixture.directory.file("installed/leadex.sqlite3")
        let running = try await StoreFixture.open(target)
        for _ in 0..<3 { _ = try await running.receive(StoreFixture.sampleLead()) }
        #expect(throws: BackupError(.databaseInUse(path: target))) {
            try DatabaseRestore.restore(backup: backup, into: target, logger: fixture.logs.logger())
        }
        #expect(try Self.count(running.database.path, "lead") == 3)
        #expect(!FileManager.default.fileExists(atPath: target + ".before-restore"))

        // Stopped, it is replaced; the old one stays beside it, whole.
        try running.database.close()
        let report = try DatabaseRestore.restore(backup: backup, into: target, logger: fixture.logs.logger())
        #expect(report.previous == target + ".before-restore")
        #expect(try Self.count(target, "lead") == 1)
        #expect(try Self.count(target + ".before-restore", "lead") == 3)
        #expect(!FileManager.default.fileExists(atPath: target + ".restore.partial"))

        // A second restore would overwrite what the first one kept: refused.
        #expect(throws: BackupError(.previousRestoreKept(path: target + ".before-restore"))) {
            try DatabaseRestore.restore(backup: backup, into: target, logger: fixture.logs.logger())
        }
    }

    @Test func aCrashedDaemonsWALGoesWithTheOldDatabase() async throws {
        let fixture = try await StoreFixture()
        try await fixture.incoming()
        let manifest = try await DatabaseBackup(database: fixture.database, logger: fixture.logs.logger())
            .backup(into: fixture.directory.file("backups"), keep: 8, now: Self.monday)
        // A database whose last commits are only in its -wal, as after kill -9.
        let target = fixture.directory.file("crashed/leadex.sqlite3")
        let crashed = fixture.directory.file("crashed-source/leadex.sqlite3")
        let source = try await StoreFixture.open(crashed)
        source.database.checkpointer.pause()
        for _ in 0..<4 { _ = try await source.receive(StoreFixture.sampleLead()) }
        try FileManager.default.createDirectory(atPath: FileSystem.parentDirectory(of: target), withIntermediateDirectories: true)
        for suffix in ["", "-wal"] { try FileManager.default.copyItem(atPath: crashed + suffix, toPath: target + suffix) }
        try source.database.close()

        try DatabaseRestore.restore(backup: fixture.directory.file("backups/\(manifest.file)"), into: target, logger: fixture.logs.logger())
        #expect(try Self.count(target, "lead") == 1)
        #expect(!FileManager.default.fileExists(atPath: target + "-wal"))
        #expect(FileManager.default.fileExists(atPath: target + ".before-restore-wal"))
        #expect(try Self.count(target + ".before-restore", "lead") == 4)
    }

    @Test func aDamagedBackupIsRefusedAndTheDatabaseUntouched() async throws {
        let fixture = try await StoreFixture()
        try await fixture.incoming()
        let manifest = try await DatabaseBackup(database: fixture.database, logger: fixture.logs.logger())
            .backup(into: fixture.directory.file("backups"), keep: 8, now: Self.monday)
        let archive = fixture.directory.file("backups/\(manifest.file)")
        var bytes = try Data(contentsOf: URL(fileURLWithPath: archive))
        bytes[bytes.count / 2] ^= 0x01
        try bytes.write(to: URL(fileURLWithPath: archive))

        let target = fixture.directory.file("installed/leadex.sqlite3")
        try await StoreFixture.open(target).database.close()
        let before = try Data(contentsOf: URL(fileURLWithPath: target))
        #expect(throws: BackupError(.checksumMismatch(path: archive, expected: manifest.sha256, actual: SHA256.hexDigest(bytes)))) {
            try DatabaseRestore.restore(backup: archive, into: target, logger: fixture.logs.logger())
        }
        #expect(try Data(contentsOf: URL(fileURLWithPath: target)) == before)
        #expect(try FileManager.default.contentsOfDirectory(atPath: FileSystem.parentDirectory(of: target)) == ["leadex.sqlite3"])
        #expect(throws: BackupError.self) {
            try DatabaseRestore.restore(backup: fixture.directory.file("backups/notes.txt"), into: target, logger: fixture.logs.logger())
        }
    }

    @Test func onlyTheNewestBackupsAreKept() async throws {
        let fixture = try await StoreFixture()
        try await fixture.incoming()
        let directory = fixture.directory.file("backups")
        let backup = DatabaseBackup(database: fixture.database, logger: fixture.logs.logger())
        try await backup.backup(into: directory, keep: 3, now: Self.monday)
        // Leftovers of an interrupted backup and an archive whose manifest never came.
        try Data("partial".utf8).write(to: URL(fileURLWithPath: directory + "/.leadex-20261124T060000Z.db.partial"))
        try Data("orphan".utf8).write(to: URL(fileURLWithPath: directory + "/leadex-20261124T060000Z.db.gz"))
        try Data("admin's".utf8).write(to: URL(fileURLWithPath: directory + "/README"))
        for week in 1..<5 {
            try await backup.backup(into: directory, keep: 3, now: Self.monday.addingTimeInterval(Double(week) * 7 * 86_400))
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory).sorted() == [
            BackupDirectory.lockName, "README",
            "leadex-20261207T060000Z.db.gz", "leadex-20261207T060000Z.json",
            "leadex-20261214T060000Z.db.gz", "leadex-20261214T060000Z.json",
            "leadex-20261221T060000Z.db.gz", "leadex-20261221T060000Z.json",
        ])
        #expect(fixture.logs.entries.filter { $0.message == "old backup removed" }.count == 2)
        // Two backups in the same second: the second one is refused, the first one stays.
        #expect(throws: BackupError(.alreadyExists(path: directory + "/leadex-20261221T060000Z.db.gz"))) {
            try backup.backup(into: directory, keep: 3, now: Self.monday.addingTimeInterval(4 * 7 * 86_400))
        }
    }

    @Test func aSecondBackupIntoTheSameDirectoryWaitsItsTurn() async throws {
        let fixture = try await StoreFixture()
        let directory = fixture.directory.file("backups")
        let held = try BackupDirectory.lock(directory)
        #expect(throws: BackupError(.busy(directory: directory))) {
            try DatabaseBackup(database: fixture.database, logger: fixture.logs.logger()).backup(into: directory, keep: 8, now: Self.monday)
        }
        held.unlock()
        try await DatabaseBackup(database: fixture.database, logger: fixture.logs.logger()).backup(into: directory, keep: 8, now: Self.monday)
    }

    @Test func aCancelledBackupLeavesNothingBehind() async throws {
        let fixture = try await StoreFixture()
        for _ in 0..<50 { try await fixture.incoming() }
        let directory = fixture.directory.file("backups")
        var backup = DatabaseBackup(database: fixture.database, logger: fixture.logs.logger())
        backup.pagesPerStep = 4
        let inCopy = Counter()
        let released = Counter()
        backup.afterCopyStep = { _ in
            inCopy.set(1)
            while released.value == 0 { usleep(1000) }
        }
        let task = Task { [backup] in try await backup.backup(into: directory, keep: 8, now: Self.monday) }
        while inCopy.value == 0 { await Task.yield() }
        task.cancel()
        released.set(1)
        await #expect(throws: BackupError(.cancelled)) { try await task.value }
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory) == [BackupDirectory.lockName])
    }

    // MARK: Full and read-only disks (a real tmpfs: root only)

    @Test(.enabled(if: TmpfsMount.isAvailable, "mounting a tmpfs needs root"))
    func aFullDiskDuringTheCopyKeepsOldBackups() async throws {
        let disk = try TmpfsMount(kilobytes: 2048)
        // 3 MB of mail that does not fit beside the first backup.
        let error = try await Self.secondBackupFails(into: disk.path) { try await Self.addMail($0, bytes: 3 << 20, compressible: true) }
        #expect(error.isDiskFull)
        guard case .sqlite = error.code else { Issue.record("expected SQLite to fail the copy: \(error)"); return }
    }

    @Test(.enabled(if: TmpfsMount.isAvailable, "mounting a tmpfs needs root"))
    func aFullDiskDuringCompressionKeepsOldBackups() async throws {
        let disk = try TmpfsMount(kilobytes: 2048)
        // 1.2 MB that gzip cannot shrink: the copy fits, the copy and its archive do not.
        let error = try await Self.secondBackupFails(into: disk.path) { try await Self.addMail($0, bytes: 1200 << 10, compressible: false) }
        #expect(error.isDiskFull)
        guard case .fileSystem(operation: "write", _, _) = error.code else {
            Issue.record("expected the archive's write to fail: \(error)"); return
        }
    }

    @Test(.enabled(if: TmpfsMount.isAvailable, "mounting a tmpfs needs root"))
    func aReadOnlyDiskKeepsOldBackups() async throws {
        let disk = try TmpfsMount(kilobytes: 2048)
        defer { try? disk.remount(readOnly: false) }
        let error = try await Self.secondBackupFails(into: disk.path) { _ in try disk.remount(readOnly: true) }
        #expect(!error.isDiskFull)
        #expect(error.description.contains("Read-only file system"))
    }

    @Test(.enabled(if: getuid() != 0, "root writes into any directory whatever its mode"))
    func anUnwritableDirectoryKeepsOldBackups() async throws {
        let directory = try TemporaryDirectory()
        defer { chmod(directory.file("backups"), 0o755) }
        let error = try await Self.secondBackupFails(into: directory.file("backups")) { _ in
            chmod(directory.file("backups"), 0o555)
        }
        #expect(error.description.contains("Permission denied"))
    }

    // MARK: Helpers

    /// Takes a backup into `directory`, lets `spoil` fill or lock the disk, and returns the error
    /// of the next week's backup, once it has checked that the failure left the directory as it
    /// was and the first backup whole.
    static func secondBackupFails(
        into directory: String, spoil: (StoreFixture) async throws -> Void
    ) async throws -> BackupError {
        let fixture = try await StoreFixture()
        try await fixture.incoming()
        let backup = DatabaseBackup(database: fixture.database, logger: fixture.logs.logger())
        let first = try await backup.backup(into: directory, keep: 8, now: monday)
        let before = try snapshot(directory)
        try await spoil(fixture)
        let error = try #require(throws: BackupError.self) {
            try backup.backup(into: directory, keep: 8, now: monday.addingTimeInterval(7 * 86_400))
        }
        #expect(try snapshot(directory) == before)
        try expectIntact(first, in: directory)
        return error
    }

    /// Every file in `directory` with its bytes.
    static func snapshot(_ directory: String) throws -> [String: Data] {
        var files: [String: Data] = [:]
        for name in try FileManager.default.contentsOfDirectory(atPath: directory) {
            files[name] = try Data(contentsOf: URL(fileURLWithPath: directory + "/" + name))
        }
        return files
    }

    /// The backup still matches its manifest and restores.
    static func expectIntact(_ manifest: BackupManifest, in directory: String) throws {
        let bytes = try Data(contentsOf: URL(fileURLWithPath: directory + "/" + manifest.file))
        #expect(SHA256.hexDigest(bytes) == manifest.sha256)
        let target = try TemporaryDirectory()
        let report = try DatabaseRestore.restore(
            backup: directory + "/" + manifest.file, into: target.file("leadex.sqlite3"), logger: LogCapture().logger())
        #expect(report.manifest == manifest)
    }

    static func addMail(_ fixture: StoreFixture, bytes: Int, compressible: Bool) async throws {
        let blob = compressible ? "zeroblob(100000)" : "randomblob(100000)"
        try await fixture.database.pool.write { db in
            for n in 0..<(bytes / 100_000) {
                try db.execute(sql: """
                    INSERT INTO mail_message (mailbox, server_key, message_id, received_at, outcome)
                    VALUES ('sales', '1:\(n)', '<m\(n)@example.ru>', '2026-11-23 06:00:00.000', 'lead');
                    INSERT INTO mail_original (mail_id, raw) VALUES (last_insert_rowid(), \(blob));
                    """)
            }
        }
    }

    /// Every table's rows, by table name, plus the schema itself.
    static func contents(_ path: String) throws -> [String: [Row]] {
        try readOnly(path) { db in
            var tables: [String: [Row]] = ["sqlite_schema": try Row.fetchAll(db, sql: "SELECT type, name, sql FROM sqlite_schema ORDER BY name")]
            for table in try String.fetchAll(db, sql: "SELECT name FROM sqlite_schema WHERE type = 'table'") {
                tables[table] = try Row.fetchAll(db, sql: "SELECT * FROM \"\(table)\"")
            }
            return tables
        }
    }

    static func count(_ path: String, _ table: String) throws -> Int {
        try readOnly(path) { try Int.fetchOne($0, sql: "SELECT count(*) FROM \(table)") ?? -1 }
    }

    static func read(_ path: String, _ sql: String) throws -> String {
        try readOnly(path) { try String.fetchAll($0, sql: sql).joined(separator: "\n") }
    }

    static func readOnly<T>(_ path: String, _ body: (Database) throws -> T) throws -> T {
        var configuration = Configuration()
        configuration.readonly = true
        let queue = try DatabaseQueue(path: path, configuration: configuration)
        defer { try? queue.close() }
        return try queue.read(body)
    }

    func shell(_ command: String) throws -> Int32 {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", command]
        try process.run()
        process.waitUntilExit()
        return process.terminationStatus
    }
}

extension StoreFixture {
    /// A store on a database at `path`, as a running daemon has it open.
    static func open(_ path: String) async throws -> ExchangeStore {
        try await ExchangeStore(
            database: LeadexDatabase(path: path), policy: SamplePolicy.make(), clock: ManualWallClock(), logger: LogCapture().logger())
    }

    static func sampleLead() -> IncomingLead {
        IncomingLead(
            source: LeadSource(kind: .form, name: "site"), sourceRef: UUID().uuidString, title: "Заявка", text: "",
            contact: ContactDraft(name: "Клиент"))
    }
}

/// A number or a flag shared between a test and the threads it starts.
final class Counter: Sendable {
    private let atomic = Atomic(0)
    var value: Int { atomic.load(ordering: .relaxed) }
    @discardableResult func increment() -> Int { atomic.add(1, ordering: .relaxed).newValue }
    func set(_ value: Int) { atomic.store(value, ordering: .relaxed) }
}
