extension Migrations {
    /// One-time links that let a user choose a password (a first one, or a new one after a
    /// reset), and each user's last login for the admins' users page.
    ///
    /// A link's token is kept only as its SHA-256, like a session id. One row per user: a newer
    /// invitation replaces the older one, and using a link deletes its row in the transaction
    /// that sets the password, so a link works once. The mail that carried the token is the one
    /// place it was stored in clear: once the SMTP server has accepted it, the trigger replaces
    /// the message in the outbox row, so a later copy of the database (a backup) holds no live link.
    static let v9Invitations = """
        CREATE TABLE web_invitation (
            login TEXT PRIMARY KEY NOT NULL REFERENCES user(login) ON DELETE CASCADE,
            token_hash TEXT NOT NULL UNIQUE CHECK (length(token_hash) = 64),
            purpose TEXT NOT NULL CHECK (purpose IN ('invitation', 'reset')),
            created_at TEXT NOT NULL,
            expires_at TEXT NOT NULL CHECK (expires_at > created_at)
        ) STRICT;

        CREATE TRIGGER outbox_forgets_one_time_links AFTER UPDATE OF sent_at ON outbox
        WHEN OLD.sent_at IS NULL AND NEW.sent_at IS NOT NULL AND NEW.kind IN ('invitation', 'password_reset')
        BEGIN
            UPDATE outbox SET message = CAST('(removed once delivered: it held a one-time link)' AS BLOB) WHERE id = NEW.id;
        END;

        CREATE TABLE web_last_login (
            login TEXT PRIMARY KEY NOT NULL REFERENCES user(login) ON DELETE CASCADE,
            at TEXT NOT NULL,
            client TEXT
        ) STRICT;
        """
}
