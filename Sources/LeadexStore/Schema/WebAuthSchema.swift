extension Migrations {
    /// The web workspace's logins. A password is only ever stored as a bcrypt hash, and a
    /// session only as the SHA-256 of its id: a copy of the database (a backup) lets no one log
    /// in or ride a session. Both go with their user's row, which the config mirror never
    /// deletes (a user removed from the config is made inactive, and their sessions are ended
    /// by the store at that reload).
    static let v8WebAuth = """
        CREATE TABLE web_password (
            login TEXT PRIMARY KEY NOT NULL REFERENCES user(login) ON DELETE CASCADE,
            hash TEXT NOT NULL CHECK (hash GLOB '$2[aby]$[0-9][0-9]$*' AND length(hash) = 60),
            set_at TEXT NOT NULL
        ) STRICT;

        CREATE TABLE web_session (
            id_hash TEXT PRIMARY KEY NOT NULL CHECK (length(id_hash) = 64),
            login TEXT NOT NULL REFERENCES user(login) ON DELETE CASCADE,
            csrf_token TEXT NOT NULL CHECK (length(csrf_token) >= 32),
            created_at TEXT NOT NULL,
            last_seen_at TEXT NOT NULL CHECK (last_seen_at >= created_at),
            client TEXT
        ) STRICT, WITHOUT ROWID;
        CREATE INDEX web_session_by_login ON web_session(login);
        """
}
