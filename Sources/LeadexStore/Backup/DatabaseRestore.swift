internal import Foundation
internal import GRDB
internal import Glibc
internal import LeadexCore
public import Logging

/// Puts a backup in place of the database of a stopped installation.
///
/// Order is what makes it safe: the backup is checked whole first (manifest, SHA-256 of the
/// archive, gzip CRC, `PRAGMA integrity_check`, row counts) into a temporary file beside the
/// database, and only then is the database in place touched, under SQLite's own locks (see
/// ``DatabaseFileLock``): it keeps its data as `<database>.before-restore` (a hard link, so
/// that the database path always names a whole database), and one rename puts the restored
/// file in its place.
public enum DatabaseRestore {
    /// What a restore did.
    public struct Report: Sendable {
        public var manifest: BackupManifest
        public var database: String
        /// Where the replaced database is kept (`<database>.before-restore`); nil when there
        /// was none.
        public var previous: String?
    }

    /// Restores `backup` (the `.db.gz` archive or its `.json` manifest) into `databasePath`.
    /// Throws ``BackupError`` when the backup fails a check, when any process has the database
    /// open, or when an earlier restore's `.before-restore` is still there; the database in
    /// place is then untouched.
    @discardableResult
    public static func restore(backup: String, into databasePath: String, logger: Logger) throws -> Report {
        let (archive, manifest) = try readManifest(backup)
        let directory = FileSystem.parentDirectory(of: databasePath).isEmpty ? "." : FileSystem.parentDirectory(of: databasePath)
        let previous = databasePath + ".before-restore"
        guard !FileSystem.exists(previous) else { throw BackupError(.previousRestoreKept(path: previous)) }
        // Refused now rather than after minutes of decompression; checked again for the swap.
        try DatabaseFileLock.acquire(databasePath)?.release()

        let expected = try sha256(of: archive)
        guard expected == manifest.sha256 else {
            throw BackupError(.checksumMismatch(path: archive, expected: manifest.sha256, actual: expected))
        }
        try FileSystem.createDirectory(directory)
        let partial = databasePath + ".restore.partial"
        try FileSystem.remove(partial)
        defer { try? FileSystem.remove(partial) }
        var owner = try FileSystem.status(FileSystem.exists(databasePath) ? databasePath : directory)
        if !FileSystem.exists(databasePath) { owner.st_mode = 0o640 }
        let rawBytes = try extract(archive, into: partial, owner: owner)
        let content = try BackupCopy.verify(partial)
        guard rawBytes == manifest.rawBytes, content.rows == manifest.rows, content.migrations == manifest.migrations else {
            throw BackupError(.contentMismatch(
                path: archive,
                detail: "\(rawBytes) bytes, \(content.rows), migrations \(content.migrations); manifest: "
                    + "\(manifest.rawBytes) bytes, \(manifest.rows), migrations \(manifest.migrations)"))
        }

        let lock = try DatabaseFileLock.acquire(databasePath)
        defer { lock?.release() }
        var kept: String?
        if FileSystem.exists(databasePath) {
            try FileSystem.link(databasePath, to: previous)
            // A WAL left by a crash belongs to the old file: it moves along under the name
            // SQLite looks for beside `.before-restore`, and must not be applied to the new one.
            for suffix in ["-wal", "-journal"] where FileSystem.exists(databasePath + suffix) {
                try FileSystem.rename(databasePath + suffix, to: previous + suffix)
            }
            try FileSystem.remove(databasePath + "-shm")
            kept = previous
        }
        try FileSystem.rename(partial, to: databasePath)
        try FileSystem.syncDirectory(directory)
        logger.notice(
            "database restored",
            metadata: [
                "database": "\(databasePath)", "backup": "\(archive)", "rows": "\(manifest.rows)",
                "previous": "\(kept ?? "none")",
            ])
        return Report(manifest: manifest, database: databasePath, previous: kept)
    }

    /// The archive and manifest of a backup named by either file.
    static func readManifest(_ path: String) throws -> (archive: String, manifest: BackupManifest) {
        let manifestPath: String
        if path.hasSuffix(BackupName.archiveSuffix) {
            manifestPath = String(path.dropLast(BackupName.archiveSuffix.count)) + BackupName.manifestSuffix
        } else if path.hasSuffix(BackupName.manifestSuffix) {
            manifestPath = path
        } else {
            throw BackupError(.notABackup(path: path, reason: "expected a .db.gz archive or its .json manifest"))
        }
        guard let data = FileManager.default.contents(atPath: manifestPath) else {
            throw BackupError(.notABackup(path: path, reason: "its manifest \(manifestPath) cannot be read"))
        }
        let manifest: BackupManifest
        do { manifest = try BackupManifest.decode(data) } catch {
            throw BackupError(.notABackup(path: manifestPath, reason: "the manifest is not valid: \(error)"))
        }
        guard manifest.format == BackupManifest.currentFormat else {
            throw BackupError(.notABackup(path: manifestPath, reason: "manifest format \(manifest.format) is unknown to this Leadex"))
        }
        let known = Set(Migrations.migrator.migrations)
        let unknown = manifest.migrations.filter { !known.contains($0) }
        guard unknown.isEmpty else { throw BackupError(.unknownSchema(path: manifestPath, migrations: unknown)) }
        let directory = FileSystem.parentDirectory(of: manifestPath)
        return ((directory.isEmpty ? "" : directory + "/") + manifest.file, manifest)
    }

    private static func sha256(of path: String) throws -> String {
        let file = try PosixFile.openForReading(path)
        var hash = SHA256()
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 20, alignment: 16)
        defer { buffer.deallocate() }
        while true {
            let count = try file.read(into: buffer)
            if count == 0 { break }
            hash.update(UnsafeRawBufferPointer(rebasing: buffer[..<count]))
        }
        try file.close()
        return SHA256.hex(hash.finalize())
    }

    /// Gunzips `archive` into a new file at `path` with the database's owner and mode, fsynced.
    /// Returns its size.
    private static func extract(_ archive: String, into path: String, owner: stat) throws -> Int64 {
        let input = try PosixFile.openForReading(archive)
        let output = try PosixFile.create(path)
        try output.adopt(ownerAndModeOf: owner)
        let decompressor: GzipDecompressor
        do { decompressor = try GzipDecompressor() } catch {
            throw BackupError(.zlib(operation: "decompress", path: archive, message: error.description))
        }
        var written: Int64 = 0
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 20, alignment: 16)
        defer { buffer.deallocate() }
        do {
            while true {
                let count = try input.read(into: buffer)
                if count == 0 { break }
                try decompressor.decompress(UnsafeRawBufferPointer(rebasing: buffer[..<count])) { chunk in
                    try output.write(chunk)
                    written += Int64(chunk.count)
                }
            }
            guard decompressor.isFinished else {
                throw ZlibError(operation: "inflate", status: -3, message: "the archive ends before its gzip stream does")
            }
        } catch let error as ZlibError {
            throw BackupError(.zlib(operation: "decompress", path: archive, message: error.description))
        }
        try output.sync()
        try output.close()
        try input.close()
        return written
    }
}
