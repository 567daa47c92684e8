extension Migrations {
    /// Client imports join exports and deletions in the audit table: an import rewrites the base
    /// (new contacts, phones and emails merged into existing ones), and "who loaded that file, and
    /// when" must outlive the journal's retention like the rest of the audit trail.
    ///
    /// The CHECK on `action` cannot be altered in place, so the table is rebuilt the way SQLite
    /// documents it; DROP TABLE deletes without firing the append-only triggers, which are then
    /// created again on the new table. Its AUTOINCREMENT high-water mark goes along.
    static let v6AuditImport = """
        CREATE TABLE audit_new (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            at TEXT NOT NULL,
            actor TEXT NOT NULL,
            action TEXT NOT NULL CHECK (action IN ('export', 'delete', 'import')),
            subject TEXT NOT NULL,
            detail TEXT
        ) STRICT;
        INSERT INTO audit_new (id, at, actor, action, subject, detail) SELECT id, at, actor, action, subject, detail FROM audit;
        DELETE FROM sqlite_sequence WHERE name = 'audit_new';
        UPDATE sqlite_sequence SET name = 'audit_new' WHERE name = 'audit';
        DROP TABLE audit;
        ALTER TABLE audit_new RENAME TO audit;
        CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit
        BEGIN SELECT RAISE(ABORT, 'audit is append-only'); END;
        CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit
        BEGIN SELECT RAISE(ABORT, 'audit is append-only'); END;
        """
}
