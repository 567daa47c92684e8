extension Migrations {
    /// Web-form intake and form health: where each feed stands, every submission read with what
    /// became of it, and the probes sent through the public forms.
    static let v4Forms = """
        -- Per form: the feed's cursor (committed with the items it covers), the last poll and
        -- its problem, the last real submission, and the health flags the CLI and the weekly
        -- report show: failing (a probe failed) and silent (no requests for too long).
        CREATE TABLE form_status (
            form TEXT PRIMARY KEY NOT NULL CHECK (length(form) > 0),
            cursor TEXT,
            last_poll_at TEXT,
            last_submission_at TEXT,
            feed_problem TEXT,
            feed_problem_since TEXT,
            failing_since TEXT,
            failing_reason TEXT,
            silent_since TEXT,
            updated_at TEXT NOT NULL,
            CHECK ((feed_problem IS NULL) = (feed_problem_since IS NULL)),
            CHECK ((failing_since IS NULL) = (failing_reason IS NULL))
        ) STRICT;

        -- Every submission read from a feed, once: a feed repeating old items, or a page sent
        -- again, finds its submission here and creates nothing. A probe's submission is
        -- recorded as 'probe' and never becomes a lead.
        CREATE TABLE form_submission (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            form TEXT NOT NULL,
            submission_id TEXT NOT NULL CHECK (length(submission_id) > 0),
            received_at TEXT NOT NULL,
            outcome TEXT NOT NULL CHECK (outcome IN ('lead', 'duplicate', 'ignored', 'probe')),
            lead_id INTEGER REFERENCES lead(id) ON DELETE SET NULL,
            reason TEXT,
            UNIQUE (form, submission_id),
            CHECK ((outcome = 'ignored') = (reason IS NOT NULL)),
            CHECK (outcome IN ('lead', 'duplicate') OR lead_id IS NULL)
        ) STRICT;
        CREATE INDEX form_submission_by_time ON form_submission(form, received_at) WHERE outcome <> 'probe';

        -- Health-check submissions through the public forms. A probe is 'pending' until its
        -- token comes back ('arrived'; 'unreadable' when the feed's mapping could not read it)
        -- or its deadline passes ('missed'; 'late' if it comes back after all); 'submit_failed'
        -- when the site refused it. settled: the health check has acted on the outcome.
        CREATE TABLE form_probe (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            form TEXT NOT NULL,
            token TEXT NOT NULL UNIQUE,
            expected_in TEXT NOT NULL CHECK (expected_in = 'feed' OR expected_in LIKE 'mailbox:_%'),
            sent_at TEXT NOT NULL,
            deadline_at TEXT NOT NULL CHECK (deadline_at >= sent_at),
            outcome TEXT NOT NULL DEFAULT 'pending'
                CHECK (outcome IN ('pending', 'arrived', 'unreadable', 'missed', 'late', 'submit_failed')),
            detail TEXT,
            arrived_at TEXT,
            arrived_via TEXT,
            settled INTEGER NOT NULL DEFAULT 0 CHECK (settled IN (0, 1)),
            CHECK ((outcome IN ('arrived', 'unreadable', 'late')) = (arrived_at IS NOT NULL)),
            CHECK (outcome <> 'pending' OR settled = 0)
        ) STRICT;
        CREATE INDEX form_probe_by_form ON form_probe(form, id);
        CREATE INDEX form_probe_unsettled ON form_probe(deadline_at) WHERE settled = 0;
        """
}
