/// Exclusive use of a database file, proven with SQLite's own locks rather than trusted to a
/// pid file: every connection to a WAL database holds, for as long as it is open, a read lock
/// on the file's lock bytes (from 0x40000000, "File Locking And Concurrency In SQLite Version
/// 3") and on the DMS byte of its `-shm` (offset 128, os_unix.c `UNIX_SHM_DMS`). A write lock
/// over both, taken without waiting, succeeds only when no process — leadexd, leadexctl, a
/// `sqlite3` shell, another thread of this one — has the database open. While held, a
/// connection opening the file gets SQLITE_BUSY instead of reading it.
///
/// The locks are Linux open-file-description locks (`F_OFD_SETLK`): they conflict with
/// SQLite's POSIX locks even inside one process, and they are not dropped when SQLite closes
/// another descriptor of the same file.
final class DatabaseFileLock {
    private let files: [PosixFile]

    /// SQLite's PENDING_BYTE, then RESERVED_BYTE, then the 510 SHARED bytes.
    private static let lockBytes = (start: 0x4000_0000, length: 2 + 510)
    /// The dead-man switch byte of the wal-index: held shared by every open WAL connection.
    private static let shmDMSByte = 128

    private init(files: [PosixFile]) { self.files = files }

    /// Locks `databasePath` (and its `-shm` when there is one), or throws
    /// ``BackupError`` `.databaseInUse`. A missing database needs no lock: returns nil.
    static func acquire(_ databasePath: String) throws(BackupError) -> DatabaseFileLock? {
        guard FileSystem.exists(databasePath) else { return nil }
        var files: [PosixFile] = []
        let database = try PosixFile.openForLocking(databasePath)
        guard try database.tryLockRange(start: lockBytes.start, length: lockBytes.length) else {
            throw BackupError(.databaseInUse(path: databasePath))
        }
        files.append(database)
        let shm = databasePath + "-shm"
        if FileSystem.exists(shm) {
            let index = try PosixFile.openForLocking(shm)
            guard try index.tryLockRange(start: shmDMSByte, length: 1) else {
                throw BackupError(.databaseInUse(path: databasePath))
            }
            files.append(index)
        }
        return DatabaseFileLock(files: files)
    }

    /// Releases the locks (they go with the descriptors).
    func release() {
        for file in files { try? file.close() }
    }
}
