internal import GRDB
internal import GRDBSQLite

// Intake runs the same dozen statements thousands of times a second; preparing each anew (and
// encoding records through Codable) cost more than SQLite's own work. These go through GRDB's
// per-connection prepared-statement cache instead.

extension Database {
    func cachedExecute(sql: String, arguments: StatementArguments = []) throws {
        try cachedStatement(sql: sql).execute(arguments: arguments)
    }
}

extension DatabaseValueConvertible {
    static func fetchOne(cached db: Database, sql: String, arguments: StatementArguments = []) throws -> Self? {
        try fetchOne(db.cachedStatement(sql: sql), arguments: arguments)
    }
}

extension Row {
    static func fetchOne(cached db: Database, sql: String, arguments: StatementArguments = []) throws -> Row? {
        try fetchOne(db.cachedStatement(sql: sql), arguments: arguments)
    }
}

extension LeadRecord {
    mutating func insertCached(_ db: Database) throws {
        try db.cachedExecute(
            sql: """
                INSERT INTO lead (contact_id, source_kind, source_name, source_ref, title, text, stage, status, owner, keep,
                    reason, reason_note, closed_by, created_at, stage_entered_at, last_activity_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """,
            arguments: [
                contactId, sourceKind, sourceName, sourceRef, title, text, stage, status, owner, keep, reason, reasonNote,
                closedBy, StoredTime.text(createdAt), StoredTime.text(stageEnteredAt), StoredTime.text(lastActivityAt),
            ])
        id = db.lastInsertedRowID
    }
}

extension HistoryRecord {
    func insertCached(_ db: Database) throws {
        try db.cachedRawWrite(
            sql: """
                INSERT INTO history (lead_id, at, actor, action, from_stage, to_stage, reason, note)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                """,
        ) {
            $0.add(leadId)
            $0.add(StoredTime.text(at))
            $0.add(actor)
            $0.add(action)
            $0.add(fromStage)
            $0.add(toStage)
            $0.add(reason)
            $0.add(note)
        }
    }
}

extension ContactRecord {
    mutating func insertCached(_ db: Database) throws {
        try db.cachedRawWrite(sql: "INSERT INTO contact (name, company, notes, created_at, updated_at) VALUES (?, ?, ?, ?, ?)") {
            $0.add(name)
            $0.add(company)
            $0.add(notes)
            $0.add(StoredTime.text(createdAt))
            $0.add(StoredTime.text(updatedAt))
        }
        id = db.lastInsertedRowID
    }
}

// A backlog's every message costs six plain INSERTs into tables nobody observes (contacts,
// their addresses, history, the mail record and its original). Bound through SQLite's C API
// they skip GRDB's argument arrays and per-statement bookkeeping: measured, about 5% less CPU
// for a 10,000-message backlog. Leads stay on GRDB's path: its transaction observer
// (LeadChanges) must see them.

extension Database {
    /// Runs a cached statement that returns no rows, binding its parameters in order with `bind`.
    func cachedRawWrite(sql: String, bind: (inout RawBinder) -> Void) throws {
        let statement = try cachedStatement(sql: sql)
        let handle = statement.sqliteStatement
        sqlite3_reset(handle)
        var binder = RawBinder(handle: handle)
        bind(&binder)
        assert(binder.index == sqlite3_bind_parameter_count(handle), "every parameter of \(sql) bound")
        let code = sqlite3_step(handle)
        defer { sqlite3_reset(handle) }
        guard code == SQLITE_DONE else {
            throw DatabaseError(resultCode: ResultCode(rawValue: code), message: String(cString: sqlite3_errmsg(sqliteConnection)), sql: sql)
        }
    }
}

/// Binds the parameters of one statement, in order. Strings and blobs are copied by SQLite.
struct RawBinder {
    fileprivate let handle: OpaquePointer
    fileprivate var index: Int32 = 0

    mutating func add(_ value: String?) {
        index += 1
        guard var value else { sqlite3_bind_null(handle, index); return }
        value.withUTF8 { bytes in
            bytes.withMemoryRebound(to: CChar.self) { text in
                if let base = text.baseAddress {
                    _ = sqlite3_bind_text(handle, index, base, Int32(text.count), transient)
                } else {
                    // An empty string has no address, and a null pointer would bind NULL.
                    _ = sqlite3_bind_text(handle, index, "", 0, transient)
                }
            }
        }
    }

    mutating func add(_ value: Int64?) {
        index += 1
        guard let value else { sqlite3_bind_null(handle, index); return }
        sqlite3_bind_int64(handle, index, value)
    }

    mutating func add(_ value: Bool) { add(Int64(value ? 1 : 0)) }

    mutating func add(blob: [UInt8]?) {
        index += 1
        guard let blob else { sqlite3_bind_null(handle, index); return }
        blob.withUnsafeBytes { bytes in
            _ = sqlite3_bind_blob(handle, index, bytes.baseAddress ?? UnsafeRawPointer(bitPattern: 1), Int32(bytes.count), transient)
        }
    }
}

/// SQLITE_TRANSIENT: SQLite copies the value before the call returns.
private let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)
