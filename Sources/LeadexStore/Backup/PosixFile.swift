internal import Glibc

/// One open file descriptor, for the writes that must be durable and the errors that must keep
/// their errno (ENOSPC is what tells an admin to free space). Closes in `deinit` when the
/// owner did not, e.g. after a failure.
final class PosixFile {
    let path: String
    private var descriptor: Int32
    /// When set, written data goes to the disk every this many bytes (`fdatasync`) instead of
    /// piling up in the page cache for one final fsync. On a filesystem shared with the live
    /// database, that final flush of hundreds of megabytes would hold up the journal commit
    /// every daemon transaction waits for (ext4 data=ordered); small flushes keep each wait short.
    var syncInterval: Int?
    private var unsynced = 0

    private init(path: String, descriptor: Int32) {
        self.path = path
        self.descriptor = descriptor
    }

    /// Creates a new file; an existing one is an error (O_EXCL), never overwritten.
    static func create(_ path: String, mode: mode_t = 0o640) throws(BackupError) -> PosixFile {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode)
        guard descriptor >= 0 else { throw .fileSystem("create", path) }
        return PosixFile(path: path, descriptor: descriptor)
    }

    static func openForReading(_ path: String) throws(BackupError) -> PosixFile {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw .fileSystem("open", path) }
        return PosixFile(path: path, descriptor: descriptor)
    }

    /// Opens read-write without creating: byte-range write locks need a writable descriptor.
    static func openForLocking(_ path: String) throws(BackupError) -> PosixFile {
        let descriptor = open(path, O_RDWR | O_CLOEXEC)
        guard descriptor >= 0 else { throw .fileSystem("open", path) }
        return PosixFile(path: path, descriptor: descriptor)
    }

    /// Opens read-write, creating the file if needed (a lock file). Read-write although `flock`
    /// needs no more than read: on a read-only or unwritable directory this is the call that
    /// fails, with the errno that says so.
    static func openOrCreate(_ path: String, mode: mode_t = 0o640) throws(BackupError) -> PosixFile {
        let descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC, mode)
        guard descriptor >= 0 else { throw .fileSystem("open", path) }
        return PosixFile(path: path, descriptor: descriptor)
    }

    /// A directory, opened only to be fsynced or locked.
    static func openDirectory(_ path: String) throws(BackupError) -> PosixFile {
        let descriptor = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard descriptor >= 0 else { throw .fileSystem("open directory", path) }
        return PosixFile(path: path, descriptor: descriptor)
    }

    /// Writes all of `bytes`, retrying short writes and EINTR.
    func write(_ bytes: UnsafeRawBufferPointer) throws(BackupError) {
        var offset = 0
        while offset < bytes.count {
            let written = Glibc.write(descriptor, bytes.baseAddress! + offset, bytes.count - offset)
            if written < 0 {
                if errno == EINTR { continue }
                throw .fileSystem("write", path)
            }
            offset += written
        }
        if let syncInterval {
            unsynced += bytes.count
            if unsynced >= syncInterval {
                guard fdatasync(descriptor) == 0 else { throw .fileSystem("fdatasync", path) }
                unsynced = 0
            }
        }
    }

    /// Reads up to `buffer.count` bytes; 0 at the end of the file.
    func read(into buffer: UnsafeMutableRawBufferPointer) throws(BackupError) -> Int {
        while true {
            let count = Glibc.read(descriptor, buffer.baseAddress!, buffer.count)
            if count >= 0 { return count }
            if errno != EINTR { throw .fileSystem("read", path) }
        }
    }

    /// Flushes data and metadata to the disk: only after this may a rename publish the file.
    func sync() throws(BackupError) {
        guard fsync(descriptor) == 0 else { throw .fileSystem("fsync", path) }
    }

    func status() throws(BackupError) -> stat {
        var info = stat()
        guard fstat(descriptor, &info) == 0 else { throw .fileSystem("stat", path) }
        return info
    }

    /// Gives the file the owner and mode of another (a restored database must stay the daemon's
    /// even when root ran the restore). Changing the owner needs root; as the same user it is a
    /// no-op, so it is only attempted when the owner differs.
    func adopt(ownerAndModeOf model: stat) throws(BackupError) {
        let mine = try status()
        if mine.st_uid != model.st_uid || mine.st_gid != model.st_gid {
            guard fchown(descriptor, model.st_uid, model.st_gid) == 0 else { throw .fileSystem("chown", path) }
        }
        guard fchmod(descriptor, model.st_mode & 0o777) == 0 else { throw .fileSystem("chmod", path) }
    }

    /// `flock(2)` without waiting: false when another open file holds it.
    func tryLockExclusively() throws(BackupError) -> Bool {
        if flock(descriptor, LOCK_EX | LOCK_NB) == 0 { return true }
        if errno == EWOULDBLOCK { return false }
        throw .fileSystem("lock", path)
    }

    /// An open-file-description write lock on a byte range, without waiting (`F_OFD_SETLK`).
    /// Unlike `flock`, it conflicts with the POSIX record locks SQLite takes, including those of
    /// this very process; false when any of them covers the range.
    func tryLockRange(start: Int, length: Int) throws(BackupError) -> Bool {
        var range = flock()
        range.l_type = Int16(F_WRLCK)
        range.l_whence = Int16(SEEK_SET)
        range.l_start = off_t(start)
        range.l_len = off_t(length)
        if fcntl(descriptor, PosixFile.setOFDLock, &range) == 0 { return true }
        if errno == EAGAIN || errno == EACCES { return false }
        throw .fileSystem("lock", path)
    }

    /// F_OFD_SETLK from <fcntl.h> (Linux 3.15), declared there only under _GNU_SOURCE.
    private static let setOFDLock: Int32 = 37

    func close() throws(BackupError) {
        guard descriptor >= 0 else { return }
        let result = Glibc.close(descriptor)
        descriptor = -1
        // After close(2) fails the descriptor is gone anyway (Linux); the error is what matters,
        // e.g. a delayed ENOSPC on NFS.
        guard result == 0 else { throw .fileSystem("close", path) }
    }

    deinit {
        if descriptor >= 0 { Glibc.close(descriptor) }
    }
}

/// The directory operations around `PosixFile`.
enum FileSystem {
    static func exists(_ path: String) -> Bool {
        var info = stat()
        return lstat(path, &info) == 0
    }

    static func status(_ path: String) throws(BackupError) -> stat {
        var info = stat()
        guard stat(path, &info) == 0 else { throw .fileSystem("stat", path) }
        return info
    }

    /// Atomically replaces `target` with `source` (same filesystem).
    static func rename(_ source: String, to target: String) throws(BackupError) {
        guard Glibc.rename(source, target) == 0 else { throw .fileSystem("rename to \(target)", source) }
    }

    /// A second name for the same file; fails when `target` exists.
    static func link(_ source: String, to target: String) throws(BackupError) {
        guard Glibc.link(source, target) == 0 else { throw .fileSystem("link to \(target)", source) }
    }

    /// Removes a file; one that is already gone is fine.
    static func remove(_ path: String) throws(BackupError) {
        guard unlink(path) == 0 || errno == ENOENT else { throw .fileSystem("remove", path) }
    }

    /// Removes a big file by shrinking it in steps first. Unlinking a gigabyte at once frees all
    /// its extents in one journal transaction, which every commit of the daemon (an fsync on the
    /// same filesystem) then waits behind; steps of `step` bytes keep each such wait short.
    static func removeGradually(_ path: String, step: Int64 = 64 << 20) throws(BackupError) {
        let descriptor = open(path, O_WRONLY | O_CLOEXEC)
        if descriptor >= 0 {
            defer { Glibc.close(descriptor) }
            var info = stat()
            if fstat(descriptor, &info) == 0 {
                var size = Int64(info.st_size)
                while size > step {
                    size -= step
                    guard ftruncate(descriptor, off_t(size)) == 0 else { break }
                }
            }
        }
        try remove(path)
    }

    /// Makes renames and removals in `directory` durable: a rename is only on disk once the
    /// directory itself is synced (rename(2) and fsync(2)).
    static func syncDirectory(_ directory: String) throws(BackupError) {
        let handle = try PosixFile.openDirectory(directory)
        try handle.sync()
        try handle.close()
    }

    /// Creates `directory` and its parents as needed.
    static func createDirectory(_ directory: String, mode: mode_t = 0o750) throws(BackupError) {
        var info = stat()
        if stat(directory, &info) == 0 {
            guard info.st_mode & S_IFMT == S_IFDIR else {
                throw .fileSystem("use as a directory", directory, errno: ENOTDIR)
            }
            return
        }
        let parent = parentDirectory(of: directory)
        if !parent.isEmpty && parent != directory { try createDirectory(parent, mode: mode) }
        guard mkdir(directory, mode) == 0 || errno == EEXIST else { throw .fileSystem("create directory", directory) }
    }

    /// The directory part of `path` ("" for a bare name).
    static func parentDirectory(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "" }
        return slash == path.startIndex ? "/" : String(path[..<slash])
    }

    /// Names in `directory`, without `.` and `..`.
    static func names(in directory: String) throws(BackupError) -> [String] {
        guard let stream = opendir(directory) else { throw .fileSystem("list", directory) }
        defer { closedir(stream) }
        var names: [String] = []
        while let entry = readdir(stream) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
            }
            if name != "." && name != ".." { names.append(name) }
        }
        return names
    }
}
