extension Migrations {
    /// Ignored mail made reviewable and recoverable: an admin or the head turns a mail intake
    /// ignored into a lead (or a line on the open deal it continues). The mail's own row keeps
    /// what intake decided and why; the restore is a row of its own, one per mail, so restoring
    /// twice makes one lead. The partial index serves `leadexctl ignored --since`.
    static let v8IgnoredRestore = """
        CREATE TABLE mail_restore (
            mail_id INTEGER PRIMARY KEY REFERENCES mail_message(id) ON DELETE CASCADE,
            lead_id INTEGER REFERENCES lead(id) ON DELETE SET NULL,
            -- A new lead, a line on an open deal, or the lead its Message-ID already was.
            outcome TEXT NOT NULL CHECK (outcome IN ('lead', 'history', 'duplicate')),
            restored_by TEXT NOT NULL REFERENCES user(login),
            restored_at TEXT NOT NULL,
            -- 0: the original was not kept (over keep_original_kb); the lead holds what was.
            from_original INTEGER NOT NULL CHECK (from_original IN (0, 1))
        ) STRICT;
        -- Only an ignored mail is restored: the others already are a lead or a line.
        CREATE TRIGGER mail_restore_only_ignored BEFORE INSERT ON mail_restore
        WHEN (SELECT outcome FROM mail_message WHERE id = NEW.mail_id) IS NOT 'ignored'
        BEGIN SELECT RAISE(ABORT, 'only an ignored mail is restored'); END;
        CREATE INDEX mail_message_ignored ON mail_message(received_at) WHERE outcome = 'ignored';
        """
}
