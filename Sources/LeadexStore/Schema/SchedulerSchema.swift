extension Migrations {
    /// The timed jobs' memory: which slot of which job ran, the mail waiting to go out, the
    /// callbacks managers promised, and which alerts were already sent (so none repeats).
    static let v3 = """
        -- One row per job run. (job, slot) is unique: a slot claimed before a crash is never run
        -- again, whatever restarts follow. 'running' rows found at start-up were interrupted.
        CREATE TABLE job_run (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            job TEXT NOT NULL CHECK (length(job) > 0),
            slot TEXT NOT NULL,
            started_at TEXT NOT NULL,
            finished_at TEXT,
            outcome TEXT NOT NULL CHECK (outcome IN ('running', 'ok', 'failed', 'interrupted')),
            detail TEXT,
            UNIQUE (job, slot),
            CHECK ((outcome = 'running') = (finished_at IS NULL))
        ) STRICT;
        CREATE INDEX job_run_running ON job_run(job) WHERE outcome = 'running';

        -- Every mail Leadex sends, written in the same transaction as what caused it. The message
        -- is stored exactly as it goes on the wire (CRLF, its Date and Message-ID), so a resend
        -- after a crash is byte-identical and the recipient's client can drop the duplicate.
        CREATE TABLE outbox (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            created_at TEXT NOT NULL,
            kind TEXT NOT NULL CHECK (length(kind) > 0),
            lead_id INTEGER REFERENCES lead(id) ON DELETE SET NULL,
            envelope_from TEXT NOT NULL,
            -- Envelope recipients, one per line.
            recipients TEXT NOT NULL CHECK (length(recipients) > 0),
            message_id TEXT NOT NULL UNIQUE,
            subject TEXT NOT NULL,
            message BLOB NOT NULL,
            attempts INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0),
            next_attempt_at TEXT NOT NULL,
            last_error TEXT,
            sent_at TEXT
        ) STRICT;
        CREATE INDEX outbox_pending ON outbox(next_attempt_at) WHERE sent_at IS NULL;

        -- A callback promised to a client ("call Ivanov about the quote on the 15th").
        CREATE TABLE reminder (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            lead_id INTEGER NOT NULL REFERENCES lead(id) ON DELETE CASCADE,
            created_by TEXT REFERENCES user(login),
            created_at TEXT NOT NULL,
            due_at TEXT NOT NULL,
            note TEXT NOT NULL,
            sent_at TEXT,
            -- Sent later than due (the daemon was down): the mail says so.
            overdue INTEGER NOT NULL DEFAULT 0 CHECK (overdue IN (0, 1)),
            outbox_id INTEGER REFERENCES outbox(id) ON DELETE SET NULL,
            CHECK (sent_at IS NOT NULL OR overdue = 0)
        ) STRICT;
        -- The scheduler asks only for the earliest pending one: 100,000 pending cost one lookup.
        CREATE INDEX reminder_pending ON reminder(due_at) WHERE sent_at IS NULL;
        CREATE INDEX reminder_by_lead ON reminder(lead_id);

        -- Alerts already sent, keyed by what they are about: a stage alert by the stage entry
        -- (lead, stage_entered_at), an untaken alert by the lead's arrival. Never repeated.
        CREATE TABLE lead_alert (
            lead_id INTEGER NOT NULL REFERENCES lead(id) ON DELETE CASCADE,
            kind TEXT NOT NULL CHECK (kind IN ('stage_owner', 'stage_head', 'untaken')),
            since TEXT NOT NULL,
            sent_at TEXT NOT NULL,
            PRIMARY KEY (lead_id, kind, since)
        ) STRICT, WITHOUT ROWID;
        CREATE INDEX lead_by_stage_entry ON lead(status, stage, stage_entered_at);
        CREATE INDEX lead_by_activity ON lead(status, last_activity_at);
        """
}
