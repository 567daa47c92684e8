internal import GRDB
internal import GRDBSQLite

/// What a failed store operation says to people: the job ledger, the journal, the admins' mail.
///
/// GRDB's own description repeats the connection's last message, which SQLite has often reset
/// by the time the error is shown: a full disk came out as "SQLite error 13: not an error". Here
/// the result code decides the text, and a full disk says so, since freeing space is what helps.
public enum StoreFailureText {
    /// `error` in words; errors that are not SQLite's keep their own description.
    public static func describe(_ error: any Error) -> String {
        guard let error = error as? DatabaseError else { return "\(error)" }
        return sqlite(resultCode: error.extendedResultCode.rawValue, message: error.message)
    }

    /// An SQLite result code (primary or extended) and the message that came with it, if any.
    static func sqlite(resultCode: Int32, message: String?) -> String {
        let primary = resultCode & 0xff
        // sqlite3_errstr: the fixed English text of a code, never stale.
        let standard = String(cString: sqlite3_errstr(resultCode))
        if primary == SQLITE_FULL {
            return "the disk is full: free space on it (SQLite error \(resultCode): \(standard))"
        }
        let said = message.flatMap { $0.isEmpty || $0 == "not an error" ? nil : $0 } ?? standard
        return "SQLite error \(resultCode): \(said)"
    }
}
