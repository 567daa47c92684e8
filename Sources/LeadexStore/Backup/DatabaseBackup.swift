internal import Dispatch
public import Foundation
internal import GRDB
public import Logging
internal import LeadexCore
internal import Synchronization

/// Consistent online backups of the live database into a directory, while the daemon keeps
/// writing.
///
/// One backup: SQLite's backup API copies the database from a read transaction of the pool
/// (WAL: one snapshot, so the copy is consistent, and the pool's writer never waits for it);
/// `PRAGMA integrity_check` verifies the copy; it is gzipped into a temporary file, fsynced,
/// renamed into place with its JSON manifest (time, sizes, row counts, SHA-256), and the
/// directory fsynced. Only then are backups beyond the newest `keep` removed. Any failure
/// throws a ``BackupError`` and removes the temporary files; older backups are never touched
/// before the new one is complete.
public struct DatabaseBackup: Sendable {
    public let database: LeadexDatabase
    let logger: Logger
    /// Pages per `sqlite3_backup_step`: 4,096 pages of 4 KiB are 16 MiB. The source read
    /// transaction lasts the whole copy either way; steps bound each burst of I/O and are where
    /// a cancelled backup stops.
    var pagesPerStep: Int32 = 4096
    /// zlib level 1: on the benchmark database its archive is 8% larger than level 6's, made in
    /// half the time.
    var compressionLevel: Int32 = 1
    /// Called after each step of the copy, with the pages copied so far. For tests.
    var afterCopyStep: (@Sendable (_ completedPages: Int) throws -> Void)?

    public init(database: LeadexDatabase, logger: Logger) {
        self.database = database
        self.logger = logger
    }

    /// Takes a backup into `directory` (created if missing), named after `now`, and keeps the
    /// newest `keep` backups there. Blocks for as long as the backup takes: seconds for a
    /// gigabyte. From async code use the `async` overload.
    @discardableResult
    public func backup(into directory: String, keep: Int, now: Date) throws -> BackupManifest {
        try run(into: directory, keep: keep, now: now, cancellation: Cancellation())
    }

    /// Like ``backup(into:keep:now:)`` on a thread of its own, so that the cooperative pool (one
    /// thread per core) keeps serving the daemon. Cancelling the task stops the backup at its
    /// next step and throws.
    @discardableResult
    public func backup(into directory: String, keep: Int, now: Date) async throws -> BackupManifest {
        let cancellation = Cancellation()
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in
                DispatchQueue(label: "leadex.backup").async {
                    continuation.resume(with: Result { try run(into: directory, keep: keep, now: now, cancellation: cancellation) })
                }
            }
        } onCancel: {
            cancellation.cancel()
        }
    }

    private func run(into directory: String, keep: Int, now: Date, cancellation: Cancellation) throws -> BackupManifest {
        precondition(keep >= 1, "keep at least the backup just taken")
        let started = ContinuousClock.now
        let target = try BackupDirectory.lock(directory)
        defer { target.unlock() }
        let name = BackupName(date: now)
        let copy = target.file(name.partialCopy)
        let partialArchive = target.file(name.partialArchive)
        let partialManifest = target.file(name.partialManifest)
        defer {
            for path in [copy, copy + "-journal", copy + "-wal", copy + "-shm", partialArchive, partialManifest] {
                try? FileSystem.remove(path)
            }
        }
        for file in [name.archive, name.manifest] where FileSystem.exists(target.file(file)) {
            throw BackupError(.alreadyExists(path: target.file(file)))
        }

        try copyDatabase(to: copy, cancellation: cancellation)
        try BackupCopy.makeStandalone(copy)
        let copied = ContinuousClock.now
        let content = try BackupCopy.verify(copy)
        let verified = ContinuousClock.now
        let archive = try compress(copy, into: partialArchive, cancellation: cancellation)
        // Its space is needed back before anything else is written.
        try FileSystem.removeGradually(copy)
        let manifest = BackupManifest(
            format: BackupManifest.currentFormat, file: name.archive, createdAt: now, source: database.path,
            rawBytes: content.bytes, compressedBytes: archive.bytes, sha256: archive.sha256, rows: content.rows,
            migrations: content.migrations)
        try writeManifest(manifest, to: partialManifest)
        // The archive first, the manifest last: a manifest in place means a complete backup.
        try FileSystem.rename(partialArchive, to: target.file(name.archive))
        try FileSystem.rename(partialManifest, to: target.file(name.manifest))
        try FileSystem.syncDirectory(target.path)
        let finished = ContinuousClock.now

        logger.notice(
            "backup written",
            metadata: [
                "backup": "\(target.file(name.archive))", "raw_bytes": "\(content.bytes)",
                "compressed_bytes": "\(archive.bytes)", "rows": "\(content.rows)",
                "copy_ms": "\(Self.milliseconds(copied - started))", "verify_ms": "\(Self.milliseconds(verified - copied))",
                "archive_ms": "\(Self.milliseconds(finished - verified))",
            ])
        do {
            for removed in try target.prune(keep: keep) {
                logger.info("old backup removed", metadata: ["backup": "\(target.file(removed.archive))", "keep": "\(keep)"])
            }
        } catch {
            // The new backup is complete; a backup too many is no reason to report it failed.
            logger.warning("old backups not removed: \(error)", metadata: ["directory": "\(target.path)"])
        }
        return manifest
    }

    /// SQLite's backup API from a read transaction of the pool into a new file. The copy is
    /// scratch until verified and compressed, so it is written without journal or fsync.
    private func copyDatabase(to path: String, cancellation: Cancellation) throws {
        var configuration = Configuration()
        configuration.prepareDatabase { db in
            try db.execute(sql: "PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF")
        }
        let afterCopyStep = self.afterCopyStep
        // Created here rather than by SQLite, whose "unable to open database file" would lose
        // the errno (EACCES, EROFS, ENOSPC) an admin needs. An empty file is an empty database.
        try PosixFile.create(path).close()
        do {
            let destination = try DatabaseQueue(path: path, configuration: configuration)
            let marks = WALMarks(path: database.path)
            try withCheckpointsDeferred(marks: marks) {
                try database.pool.backup(to: destination, pagesPerStep: pagesPerStep) { progress in
                    if cancellation.isCancelled { throw BackupError(.cancelled) }
                    marks.mark(progress: Double(progress.completedPageCount) / Double(max(1, progress.totalPageCount)))
                    try afterCopyStep?(progress.completedPageCount)
                }
            }
            try destination.close()
        } catch let error as DatabaseError {
            throw BackupError(error, operation: "copy the database to", path: path)
        }
    }

    /// Runs `copy` with checkpoints paused (``WALCheckpointer``), then checkpoints on a
    /// connection of its own, in slices (``WALMarks``).
    ///
    /// The copy's read transaction pins the WAL: nothing committed meanwhile can be copied back
    /// into the database file until it ends. Left to SQLite, the first commit after the copy
    /// would do that whole catch-up inside the writer's transaction (measured: commits of 70 to
    /// 375 ms after copying 116 MB under a stream of writes). Here the catch-up is a PASSIVE
    /// checkpoint on this thread, which waits for no one and lets the writer go on appending.
    private func withCheckpointsDeferred(marks: WALMarks, _ copy: () throws -> Void) throws {
        let automatic = Int(database.checkpointer.threshold)
        database.checkpointer.pause()
        // Back on even if the copy failed: the WAL must not grow for as long as the daemon runs.
        defer { database.checkpointer.resume() }
        try copy()
        do {
            let checkpointer = try DatabaseQueue(path: database.path)
            try marks.catchUp {
                _ = try checkpointer.writeWithoutTransaction { db in try db.checkpoint(.passive) }
            }
            // The writer went on appending during the catch-up. Left as it is, that remainder
            // (thousands of frames under a stream of writes) would be copied in one go once
            // checkpoints resume (by the writer itself, before WALCheckpointer: a 135 ms commit).
            // So keep checkpointing here until less than a quarter of the threshold is left;
            // each round has less to copy than the one before.
            for _ in 0..<20 {
                let (frames, copied) = try checkpointer.writeWithoutTransaction { db in try db.checkpoint(.passive) }
                if frames - copied < max(1, automatic / 4) { break }
            }
            try checkpointer.close()
        } catch {
            // SQLITE_BUSY: another connection is checkpointing, which is as good. The copy is
            // sound either way; checkpoints resume when this returns.
            logger.debug("checkpoint after the copy skipped: \(error)")
        }
    }

    /// Gzips the copy into `path`, hashing what is written, then fsyncs it.
    private func compress(_ copy: String, into path: String, cancellation: Cancellation) throws -> (bytes: Int64, sha256: String) {
        let input = try PosixFile.openForReading(copy)
        let output = try PosixFile.create(path)
        output.syncInterval = 8 << 20
        let compressor: GzipCompressor
        do { compressor = try GzipCompressor(level: compressionLevel) } catch {
            throw BackupError(.zlib(operation: "compress", path: copy, message: error.description))
        }
        var hash = SHA256()
        var written: Int64 = 0
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 20, alignment: 16)
        defer { buffer.deallocate() }
        let sink = { (chunk: UnsafeRawBufferPointer) throws in
            try output.write(chunk)
            hash.update(chunk)
            written += Int64(chunk.count)
        }
        while true {
            if cancellation.isCancelled { throw BackupError(.cancelled) }
            let count = try input.read(into: buffer)
            do {
                try compressor.compress(UnsafeRawBufferPointer(rebasing: buffer[..<count]), finish: count == 0, into: sink)
            } catch let error as ZlibError {
                throw BackupError(.zlib(operation: "compress", path: copy, message: error.description))
            }
            if count == 0 { break }
        }
        try output.sync()
        try output.close()
        try input.close()
        return (written, SHA256.hex(hash.finalize()))
    }

    private func writeManifest(_ manifest: BackupManifest, to path: String) throws {
        let file = try PosixFile.create(path)
        try manifest.encoded().withUnsafeBytes { try file.write($0) }
        try file.sync()
        try file.close()
    }

    private static func milliseconds(_ duration: Duration) -> Int64 {
        duration.components.seconds * 1000 + duration.components.attoseconds / 1_000_000_000_000_000
    }
}

/// Set from a task's cancellation handler, read by the blocking backup between steps.
final class Cancellation: Sendable {
    private let flag = Atomic(false)

    var isCancelled: Bool { flag.load(ordering: .relaxed) }

    func cancel() { flag.store(true, ordering: .relaxed) }
}

extension BackupError {
    /// An SQLite failure with the extended result code kept (SQLITE_FULL is a full disk).
    init(_ error: DatabaseError, operation: String, path: String) {
        self.init(.sqlite(
            operation: operation, path: path, resultCode: error.extendedResultCode.rawValue,
            message: error.message ?? "\(error.resultCode)"))
    }
}
