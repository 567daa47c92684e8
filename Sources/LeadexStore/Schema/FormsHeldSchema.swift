extension Migrations {
    /// Submissions a changed schema leaves without contact data under the mapping are kept
    /// here, every field as the feed had it, until the mapping reads them. Before, they were
    /// only in the site's feed, with the cursor stuck before them: a feed that keeps a few
    /// weeks (or a sheet someone tidies) could drop them before the fix, and a paging feed
    /// could not be read past them.
    static let v8FormsHeld = """
        CREATE TABLE form_held (
            form TEXT NOT NULL,
            submission_id TEXT NOT NULL CHECK (length(submission_id) > 0),
            -- A JSON array of [name, value] pairs, in the feed's order.
            fields TEXT NOT NULL CHECK (json_valid(fields) AND json_type(fields) = 'array'),
            held_at TEXT NOT NULL,
            PRIMARY KEY (form, submission_id)
        ) STRICT, WITHOUT ROWID;
        """
}
