/// The directory backups go to, held under its lock file for the whole of one backup: the
/// daemon's weekly job and an admin's `leadexd backup-now` may meet, and the one that comes
/// second must neither write beside the first nor clean up its files in progress.
final class BackupDirectory {
    let path: String
    private let lock: PosixFile

    static let lockName = ".leadex-backup.lock"

    private init(path: String, lock: PosixFile) {
        self.path = path
        self.lock = lock
    }

    /// Creates the directory if needed, takes its lock (without waiting), and removes what an
    /// interrupted backup left behind.
    static func lock(_ path: String) throws(BackupError) -> BackupDirectory {
        try FileSystem.createDirectory(path)
        let lock = try PosixFile.openOrCreate(path + "/" + lockName)
        guard try lock.tryLockExclusively() else { throw BackupError(.busy(directory: path)) }
        let directory = BackupDirectory(path: path, lock: lock)
        for name in try FileSystem.names(in: path) where BackupName.isLeftover(name) {
            try FileSystem.remove(directory.file(name))
        }
        return directory
    }

    func file(_ name: String) -> String { path + "/" + name }

    /// Complete backups, oldest first: those whose manifest is in place (it is renamed last).
    func backups() throws(BackupError) -> [BackupName] {
        try FileSystem.names(in: path)
            .filter { $0.hasSuffix(BackupName.manifestSuffix) }
            .compactMap(BackupName.init(fileName:))
            .sorted()
    }

    /// Removes all but the newest `keep` backups, and archives without a manifest (a backup
    /// interrupted between its two renames). Returns what was removed.
    func prune(keep: Int) throws(BackupError) -> [BackupName] {
        let complete = try backups()
        let old = Array(complete.dropLast(keep))
        for name in old {
            // The manifest first: should this stop half-way, what is left is an orphan archive,
            // which the next prune removes, never a manifest without its archive.
            try FileSystem.remove(file(name.manifest))
            try FileSystem.removeGradually(file(name.archive))
        }
        let kept = Set(complete)
        for name in try FileSystem.names(in: path) where name.hasSuffix(BackupName.archiveSuffix) {
            if let backup = BackupName(fileName: name), !kept.contains(backup) {
                try FileSystem.removeGradually(file(name))
            }
        }
        if !old.isEmpty { try FileSystem.syncDirectory(path) }
        return old
    }

    /// Releases the lock (closing the file releases a `flock`).
    func unlock() { try? lock.close() }
}
