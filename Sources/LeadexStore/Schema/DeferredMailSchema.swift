extension Migrations {
    /// Mail the sender renders: an outbox row may hold, instead of the message, the template and
    /// data to render it from. Rendering is most of a mail's cost, and 10,000 reminders may fall
    /// due at one moment; they reach the outbox sooner (and ~4× smaller) when the sender renders
    /// each just before its first delivery attempt and stores the result in the row.
    ///
    /// SQLite cannot drop NOT NULL from `subject` and `message`, so the table is rebuilt the way
    /// SQLite documents (new table, copy, drop, rename, indexes). GRDB runs the migration with
    /// foreign keys off and `PRAGMA foreign_key_check` before it commits: dropping the old table
    /// does not null `reminder.outbox_id`, which names the same ids in the new one.
    static let v5DeferredMail = """
        CREATE TABLE outbox_new (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            -- Also the message's Date, rendered now or later.
            created_at TEXT NOT NULL,
            kind TEXT NOT NULL CHECK (length(kind) > 0),
            lead_id INTEGER REFERENCES lead(id) ON DELETE SET NULL,
            envelope_from TEXT NOT NULL,
            -- Envelope recipients, one per line.
            recipients TEXT NOT NULL CHECK (length(recipients) > 0),
            message_id TEXT NOT NULL UNIQUE,
            -- The message exactly as it goes on the wire, and its subject: written with the row,
            -- or by the sender before the first attempt, then never changed, so that every
            -- attempt sends the same bytes. The subject is NULL exactly as long as the message:
            -- it is the first line of the rendered text template, and rendering it alone at
            -- enqueue would cost most of what deferring saves.
            subject TEXT,
            message BLOB,
            -- Until then: the template's name and its data, a JSON object.
            template TEXT CHECK (length(template) > 0),
            context TEXT CHECK (context IS NULL OR (json_valid(context) AND json_type(context) = 'object')),
            attempts INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0),
            next_attempt_at TEXT NOT NULL,
            last_error TEXT,
            sent_at TEXT,
            -- A row holds the rendered mail or what to render it from, never both, never neither;
            -- nothing unrendered is ever marked sent.
            CHECK ((subject IS NULL) = (message IS NULL)),
            CHECK ((template IS NULL) = (context IS NULL)),
            CHECK ((message IS NULL) <> (template IS NULL)),
            CHECK (sent_at IS NULL OR message IS NOT NULL)
        ) STRICT;

        INSERT INTO outbox_new (
            id, created_at, kind, lead_id, envelope_from, recipients, message_id, subject, message, attempts,
            next_attempt_at, last_error, sent_at)
        SELECT
            id, created_at, kind, lead_id, envelope_from, recipients, message_id, subject, message, attempts,
            next_attempt_at, last_error, sent_at
        FROM outbox;

        -- AUTOINCREMENT's high-water mark goes along (DROP TABLE would delete it): an id once
        -- used, and maybe logged, is never handed out again. The rename below renames it back.
        DELETE FROM sqlite_sequence WHERE name = 'outbox_new';
        UPDATE sqlite_sequence SET name = 'outbox_new' WHERE name = 'outbox';
        DROP TABLE outbox;
        ALTER TABLE outbox_new RENAME TO outbox;
        CREATE INDEX outbox_pending ON outbox(next_attempt_at) WHERE sent_at IS NULL;
        """
}
