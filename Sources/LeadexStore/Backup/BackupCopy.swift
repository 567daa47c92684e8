internal import GRDB

/// A plain SQLite copy of the database, as it is before compression and after decompression.
enum BackupCopy {
    /// What a sound copy holds.
    struct Content {
        var bytes: Int64
        var rows: BackupManifest.RowCounts
        var migrations: [String]
    }

    /// SQLite's backup copies the source's header, which marks the file as WAL; switched to a
    /// rollback journal, the copy is one self-contained file that can be opened read-only,
    /// needs no `-wal` or `-shm` beside it, and is what `gunzip` gives an admin.
    ///
    /// Without fsync: the switch would otherwise flush the whole copy to disk at once, and the
    /// daemon's commits, which fsync the WAL on the same filesystem, would queue behind it
    /// (measured: 200 ms commits). The copy is scratch; the archive made from it is synced.
    static func makeStandalone(_ path: String) throws {
        var configuration = Configuration()
        configuration.prepareDatabase { db in try db.execute(sql: "PRAGMA synchronous = OFF") }
        do {
            let queue = try DatabaseQueue(path: path, configuration: configuration)
            try queue.writeWithoutTransaction { db in
                let mode = try String.fetchOne(db, sql: "PRAGMA journal_mode = DELETE")
                guard mode == "delete" else {
                    throw BackupError(.notSound(path: path, report: "journal mode stays '\(mode ?? "?")'"))
                }
            }
            try queue.close()
        } catch let error as DatabaseError {
            throw BackupError(error, operation: "prepare the copy", path: path)
        }
    }

    /// `PRAGMA integrity_check` on a fresh read-only connection (so the file on disk is what is
    /// checked, not pages cached by the connection that wrote it), then the figures of the
    /// manifest.
    static func verify(_ path: String) throws -> Content {
        var configuration = Configuration()
        configuration.readonly = true
        do {
            let queue = try DatabaseQueue(path: path, configuration: configuration)
            defer { try? queue.close() }
            return try queue.read { db in
                let report = try String.fetchAll(db, sql: "PRAGMA integrity_check").joined(separator: "\n")
                guard report == "ok" else { throw BackupError(.notSound(path: path, report: report)) }
                func count(_ table: String) throws -> Int {
                    try Int.fetchOne(db, sql: "SELECT count(*) FROM \"\(table)\"") ?? 0
                }
                let rows = BackupManifest.RowCounts(
                    contact: try count("contact"), lead: try count("lead"), history: try count("history"),
                    user: try count("user"))
                let pages = try Int64.fetchOne(db, sql: "PRAGMA page_count") ?? 0
                let pageSize = try Int64.fetchOne(db, sql: "PRAGMA page_size") ?? 0
                return Content(
                    bytes: pages * pageSize, rows: rows, migrations: try Migrations.migrator.appliedMigrations(db))
            }
        } catch let error as DatabaseError {
            throw BackupError(error, operation: "verify", path: path)
        }
    }
}
