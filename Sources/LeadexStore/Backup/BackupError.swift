internal import Glibc
internal import GRDBSQLite

/// A backup or a restore that did not happen. Whatever the cause, nothing was left half-done:
/// temporary files are gone, older backups and the database in place are untouched.
public struct BackupError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Internal rather than public so that cases can grow; tests match on it.
    enum Code: Sendable, Equatable {
        /// Another backup of this directory is running (it holds the directory's lock file).
        case busy(directory: String)
        case alreadyExists(path: String)
        /// A system call failed; `errno` says why (ENOSPC: disk full, EACCES/EROFS: unwritable).
        case fileSystem(operation: String, path: String, errno: Int32)
        /// SQLite failed while copying or reading a copy (SQLITE_FULL: disk full).
        case sqlite(operation: String, path: String, resultCode: Int32, message: String)
        /// `PRAGMA integrity_check` did not answer "ok".
        case notSound(path: String, report: String)
        case zlib(operation: String, path: String, message: String)
        case cancelled
        case notABackup(path: String, reason: String)
        case checksumMismatch(path: String, expected: String, actual: String)
        case contentMismatch(path: String, detail: String)
        /// The backup was made by a newer Leadex whose schema this one does not know.
        case unknownSchema(path: String, migrations: [String])
        case databaseInUse(path: String)
        case previousRestoreKept(path: String)
    }

    let code: Code

    init(_ code: Code) { self.code = code }

    static func fileSystem(_ operation: String, _ path: String, errno: Int32 = Glibc.errno) -> Self {
        Self(.fileSystem(operation: operation, path: path, errno: errno))
    }

    /// The disk (or the quota) is full: freeing space is what helps, so alerts say so.
    public var isDiskFull: Bool {
        switch code {
        case .fileSystem(_, _, let errno): errno == ENOSPC || errno == EDQUOT
        case .sqlite(_, _, let resultCode, _): resultCode & 0xff == SQLITE_FULL
        default: false
        }
    }

    public var description: String {
        switch code {
        case .busy(let directory):
            "another backup into \(directory) is running"
        case .alreadyExists(let path):
            "\(path) already exists"
        case .fileSystem(let operation, let path, let errno):
            "cannot \(operation) \(path): \(String(cString: strerror(errno)))"
        case .sqlite(let operation, let path, let resultCode, let message):
            "cannot \(operation) \(path): \(StoreFailureText.sqlite(resultCode: resultCode, message: message))"
        case .notSound(let path, let report):
            "\(path) fails PRAGMA integrity_check: \(report.prefix(500))"
        case .zlib(let operation, let path, let message):
            "cannot \(operation) \(path): \(message)"
        case .cancelled:
            "the backup was cancelled"
        case .notABackup(let path, let reason):
            "\(path) is not a Leadex backup: \(reason)"
        case .checksumMismatch(let path, let expected, let actual):
            "\(path) is damaged: SHA-256 is \(actual), its manifest says \(expected)"
        case .contentMismatch(let path, let detail):
            "\(path) does not hold what its manifest says: \(detail)"
        case .unknownSchema(let path, let migrations):
            "\(path) was made by a newer Leadex (unknown migrations: \(migrations.joined(separator: ", ")))"
        case .databaseInUse(let path):
            "\(path) is open in another process (stop leadexd first: systemctl stop leadexd)"
        case .previousRestoreKept(let path):
            "\(path) exists from an earlier restore; move it away first so that it is not lost"
        }
    }
}
