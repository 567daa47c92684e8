public import Foundation
internal import GRDB

/// The SQLite file: WAL mode, foreign keys on, migrated to the current schema on open.
///
/// One writer per file: every write goes through this pool's serialized writer, and write
/// transactions begin IMMEDIATE, so a second process on the same file waits (up to the busy
/// timeout) rather than failing half-way.
public final class LeadexDatabase: Sendable {
    /// Default location under the systemd unit's StateDirectory.
    public static let defaultPath = "/var/lib/leadex/leadex.sqlite3"

    public let path: String
    let pool: DatabasePool
    /// Checkpoints the WAL off the writer's commits.
    let checkpointer: WALCheckpointer

    /// Opens (creating if needed) the database at `path` and applies pending migrations.
    public init(path: String, busyTimeout: TimeInterval = 5) throws {
        let directory = (path as NSString).deletingLastPathComponent
        if !directory.isEmpty {
            do {
                try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            } catch {
                throw StoreError.cannotCreateDirectory(path: directory, reason: "\(error)")
            }
        }
        let checkpointer = WALCheckpointer(path: path)
        var configuration = Configuration()
        configuration.foreignKeysEnabled = true
        configuration.busyMode = .timeout(busyTimeout)
        configuration.prepareDatabase { db in
            if !db.configuration.readonly { checkpointer.install(on: db) }
        }
        self.path = path
        self.checkpointer = checkpointer
        self.pool = try DatabasePool(path: path, configuration: configuration)
        // A lead acknowledged to the mail server must survive a power cut, not only a crash:
        // every commit syncs the WAL. Set here, not in `prepareDatabase`: the pool switches its
        // writer to WAL mode after that ran, and with it to `synchronous = NORMAL`.
        try pool.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA synchronous = FULL") }
        try Migrations.migrator.migrate(pool)
    }

    /// The names of the migrations applied to this file, oldest first.
    public func appliedMigrations() throws -> [String] {
        try pool.read { db in try Migrations.migrator.appliedMigrations(db) }
    }

    /// SQLite's own consistency check of the whole file ("ok" when sound).
    public func integrityCheck() throws -> String {
        try pool.read { db in try String.fetchAll(db, sql: "PRAGMA integrity_check").joined(separator: "\n") }
    }

    /// The journal mode in force (expected: "wal").
    public func journalMode() throws -> String {
        try pool.read { db in try String.fetchOne(db, sql: "PRAGMA journal_mode") ?? "" }
    }

    /// Closes every connection; later use throws.
    public func close() throws {
        checkpointer.close()
        // Everything into the database file, the WAL emptied: GRDB closes the writer before
        // the readers, and a reader closing last leaves the WAL behind.
        _ = try? pool.writeWithoutTransaction { db in try db.checkpoint(.truncate) }
        try pool.close()
    }
}
