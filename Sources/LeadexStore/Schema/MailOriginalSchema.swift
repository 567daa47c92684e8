extension Migrations {
    /// The original message moves out of `mail_message` into a table of its own. A row's
    /// `acked` flag is set after the server has been told, and SQLite rewrites a whole row on
    /// UPDATE: with a 5 KB original inline, each acknowledgement wrote the message (and its
    /// overflow page) a second time. Kept apart, the original is written once and never touched;
    /// scans of `mail_message` (reports, status) no longer read past the originals either.
    static let v7MailOriginal = """
        CREATE TABLE mail_original (
            mail_id INTEGER PRIMARY KEY REFERENCES mail_message(id) ON DELETE CASCADE,
            raw BLOB NOT NULL
        ) STRICT;
        INSERT INTO mail_original (mail_id, raw) SELECT id, raw FROM mail_message WHERE raw IS NOT NULL;
        ALTER TABLE mail_message DROP COLUMN raw;
        """
}
