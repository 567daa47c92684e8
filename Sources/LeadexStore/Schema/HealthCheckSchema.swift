extension Migrations {
    /// One row `/healthz` rewrites to prove the database takes writes (a full disk, a
    /// read-only file or a lost lock fail the commit).
    static let v8HealthCheck = """
        CREATE TABLE health_check (
            id INTEGER PRIMARY KEY CHECK (id = 1),
            at TEXT NOT NULL
        ) STRICT;
        """
}
