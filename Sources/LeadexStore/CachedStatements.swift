internal import GRDB

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
        try db.cachedExecute(
            sql: """
                INSERT INTO history (lead_id, at, actor, action, from_stage, to_stage, reason, note)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                """,
            arguments: [leadId, StoredTime.text(at), actor, action, fromStage, toStage, reason, note])
    }
}

extension ContactRecord {
    mutating func insertCached(_ db: Database) throws {
        try db.cachedExecute(
            sql: "INSERT INTO contact (name, company, notes, created_at, updated_at) VALUES (?, ?, ?, ?, ?)",
            arguments: [name, company, notes, StoredTime.text(createdAt), StoredTime.text(updatedAt)])
        id = db.lastInsertedRowID
    }
}
