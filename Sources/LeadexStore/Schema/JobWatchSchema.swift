extension Migrations {
    /// When the scheduler first watched each job: the "since when" of a job that has not run
    /// yet. Kept in memory only, it was reset by every restart, so a slot missed between a first
    /// start and the first run (the daemon stopped, started again after the slot) never ran.
    static let v8JobWatch = """
        CREATE TABLE job_watch (
            job TEXT PRIMARY KEY NOT NULL CHECK (length(job) > 0),
            since TEXT NOT NULL
        ) STRICT, WITHOUT ROWID;
        """
}
