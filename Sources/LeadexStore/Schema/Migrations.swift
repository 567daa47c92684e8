internal import GRDB

/// The schema's history. Each migration is a string literal that is never edited once it has
/// landed: a database in the field has run exactly this text. Change the schema with a new one.
enum Migrations {
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1-exchange") { db in
            try db.execute(sql: v1)
        }
        migrator.registerMigration("v2-mail-intake") { db in
            try db.execute(sql: v2)
        }
        migrator.registerMigration("v3-scheduler") { db in
            try db.execute(sql: v3)
        }
        migrator.registerMigration("v4-forms") { db in
            try db.execute(sql: v4Forms)
        }
        migrator.registerMigration("v5-deferred-mail") { db in
            try db.execute(sql: v5DeferredMail)
        }
        migrator.registerMigration("v6-audit-import") { db in
            try db.execute(sql: v6AuditImport)
        }
        migrator.registerMigration("v7-mail-original") { db in
            try db.execute(sql: v7MailOriginal)
        }
        migrator.registerMigration("v8-ignored-restore") { db in
            try db.execute(sql: v8IgnoredRestore)
        }
        migrator.registerMigration("v8-forms-held") { db in
            try db.execute(sql: v8FormsHeld)
        }
        migrator.registerMigration("v8-job-watch") { db in
            try db.execute(sql: v8JobWatch)
        }
        migrator.registerMigration("v8-web-auth") { db in
            try db.execute(sql: v8WebAuth)
        }
        migrator.registerMigration("v8-mail-loop") { db in
            try db.execute(sql: v8MailLoop)
        }
        migrator.registerMigration("v8-health-check") { db in
            try db.execute(sql: v8HealthCheck)
        }
        migrator.registerMigration("v9-invitations") { db in
            try db.execute(sql: v9Invitations)
        }
        migrator.registerMigration("v9-deal-amounts") { db in
            try db.execute(sql: v9DealAmounts)
        }
        migrator.registerMigration("v10-report-indexes") { db in
            try db.execute(sql: v10ReportIndexes)
        }
        return migrator
    }

    /// Users and stages mirror the config (so that leads can reference them with foreign keys);
    /// contacts, leads and the append-only history are the department's memory.
    static let v1 = """
        CREATE TABLE user (
            login TEXT PRIMARY KEY NOT NULL CHECK (length(login) > 0),
            name TEXT NOT NULL,
            email TEXT,
            role TEXT NOT NULL CHECK (role IN ('manager', 'qa', 'head', 'admin')),
            cap INTEGER CHECK (cap IS NULL OR cap >= 0),
            active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1))
        ) STRICT;

        CREATE TABLE stage (
            id TEXT PRIMARY KEY NOT NULL CHECK (length(id) > 0),
            title TEXT NOT NULL,
            position INTEGER NOT NULL,
            norm_seconds INTEGER CHECK (norm_seconds IS NULL OR norm_seconds > 0),
            active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1))
        ) STRICT;

        CREATE TABLE contact (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            name TEXT NOT NULL,
            company TEXT,
            notes TEXT,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        ) STRICT;

        CREATE TABLE contact_email (
            contact_id INTEGER NOT NULL REFERENCES contact(id) ON DELETE CASCADE,
            email TEXT NOT NULL CHECK (email = lower(email) AND email LIKE '%_@_%'),
            PRIMARY KEY (contact_id, email)
        ) STRICT, WITHOUT ROWID;
        CREATE INDEX contact_email_by_email ON contact_email(email);

        CREATE TABLE contact_phone (
            contact_id INTEGER NOT NULL REFERENCES contact(id) ON DELETE CASCADE,
            phone TEXT NOT NULL CHECK (phone GLOB '+[1-9][0-9]*' AND length(phone) BETWEEN 9 AND 16),
            PRIMARY KEY (contact_id, phone)
        ) STRICT, WITHOUT ROWID;
        CREATE INDEX contact_phone_by_phone ON contact_phone(phone);

        CREATE TABLE lead (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            contact_id INTEGER NOT NULL REFERENCES contact(id) ON DELETE CASCADE,
            source_kind TEXT NOT NULL CHECK (source_kind IN ('mail', 'form', 'manual', 'import')),
            source_name TEXT NOT NULL,
            source_ref TEXT,
            title TEXT NOT NULL,
            text TEXT NOT NULL,
            stage TEXT NOT NULL REFERENCES stage(id),
            status TEXT NOT NULL
                CHECK (status IN ('exchange', 'owned', 'refused', 'won', 'lost', 'disqualified')),
            owner TEXT REFERENCES user(login),
            keep INTEGER NOT NULL DEFAULT 0 CHECK (keep IN (0, 1)),
            reason TEXT,
            reason_note TEXT,
            closed_by TEXT REFERENCES user(login),
            created_at TEXT NOT NULL,
            stage_entered_at TEXT NOT NULL,
            last_activity_at TEXT NOT NULL,
            -- Only the exchange has no owner; closed deals keep their responsible manager
            -- (a lead disqualified straight off the exchange never had one).
            CHECK (status <> 'exchange' OR owner IS NULL),
            CHECK (status NOT IN ('owned', 'refused', 'won', 'lost') OR owner IS NOT NULL),
            CHECK (keep = 0 OR status = 'owned'),
            -- Refusals, losses and disqualifications carry their reason; nothing else does.
            CHECK ((status IN ('refused', 'lost', 'disqualified')) = (reason IS NOT NULL)),
            CHECK ((status IN ('won', 'lost', 'disqualified')) = (closed_by IS NOT NULL)),
            -- Intake dedupes on this: a message or submission becomes at most one lead.
            UNIQUE (source_kind, source_name, source_ref)
        ) STRICT;
        CREATE INDEX lead_by_status ON lead(status, created_at);
        CREATE INDEX lead_by_owner ON lead(owner, status);
        CREATE INDEX lead_by_contact ON lead(contact_id);

        CREATE TABLE history (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            lead_id INTEGER NOT NULL REFERENCES lead(id) ON DELETE CASCADE,
            at TEXT NOT NULL,
            actor TEXT REFERENCES user(login),
            action TEXT NOT NULL CHECK (length(action) > 0),
            from_stage TEXT,
            to_stage TEXT,
            reason TEXT,
            note TEXT
        ) STRICT;
        CREATE INDEX history_by_lead ON history(lead_id, id);

        -- History is append-only. Its rows go only with their lead, when a user holding the
        -- delete right erases it (and that erasure is kept in the audit table).
        CREATE TRIGGER history_no_update BEFORE UPDATE ON history
        BEGIN SELECT RAISE(ABORT, 'history is append-only'); END;
        CREATE TRIGGER history_no_delete BEFORE DELETE ON history
        WHEN EXISTS (SELECT 1 FROM lead WHERE id = OLD.lead_id)
        BEGIN SELECT RAISE(ABORT, 'history is append-only'); END;

        -- What touches the base as a whole: exports and deletions, with who did them.
        CREATE TABLE audit (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            at TEXT NOT NULL,
            actor TEXT NOT NULL,
            action TEXT NOT NULL CHECK (action IN ('export', 'delete')),
            subject TEXT NOT NULL,
            detail TEXT
        ) STRICT;
        CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit
        BEGIN SELECT RAISE(ABORT, 'audit is append-only'); END;
        CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit
        BEGIN SELECT RAISE(ABORT, 'audit is append-only'); END;
        """

    /// What intake remembers of each mailbox and message, so that a message becomes at most one
    /// lead whatever happens between committing it and telling the server it is done.
    static let v2 = """
        -- Per mailbox: the IMAP UIDVALIDITY in force and the highest UID already recorded.
        CREATE TABLE mailbox_cursor (
            mailbox TEXT PRIMARY KEY NOT NULL CHECK (length(mailbox) > 0),
            uid_validity INTEGER,
            last_uid INTEGER NOT NULL DEFAULT 0 CHECK (last_uid >= 0),
            updated_at TEXT NOT NULL
        ) STRICT;

        -- Every message intake has seen, with what became of it. server_key is
        -- "UIDVALIDITY:UID" for IMAP and the UIDL for POP3; acked says whether the server has
        -- been told (flag, move, delete) — only ever after the row is committed.
        CREATE TABLE mail_message (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            mailbox TEXT NOT NULL,
            server_key TEXT NOT NULL,
            message_id TEXT,
            -- SHA-256 of the raw message: its identity when it has no Message-ID.
            content_hash TEXT CHECK (content_hash IS NULL OR length(content_hash) = 64),
            sender TEXT,
            subject TEXT,
            received_at TEXT NOT NULL,
            outcome TEXT NOT NULL CHECK (outcome IN ('lead', 'history', 'duplicate', 'ignored')),
            lead_id INTEGER REFERENCES lead(id) ON DELETE SET NULL,
            reason TEXT,
            charset_fallback INTEGER NOT NULL DEFAULT 0 CHECK (charset_fallback IN (0, 1)),
            attachments TEXT,
            raw BLOB,
            acked INTEGER NOT NULL DEFAULT 0 CHECK (acked IN (0, 1)),
            UNIQUE (mailbox, server_key),
            CHECK (message_id IS NOT NULL OR content_hash IS NOT NULL),
            CHECK ((outcome = 'ignored') = (reason IS NOT NULL))
        ) STRICT;
        CREATE INDEX mail_message_by_message_id ON mail_message(message_id) WHERE message_id IS NOT NULL;
        CREATE INDEX mail_message_by_hash ON mail_message(mailbox, content_hash) WHERE content_hash IS NOT NULL;
        CREATE INDEX mail_message_by_sender ON mail_message(sender, received_at);
        CREATE INDEX mail_message_unacked ON mail_message(mailbox) WHERE acked = 0;
        """
}
