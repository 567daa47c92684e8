extension Migrations {
    /// The loop guard counts copies of the same mail by the mail's own time, no longer every
    /// mail of a sender by when intake read it: a website sends every form from one address,
    /// and a backlog read at once is no loop. `loop_key` is the identity of a row's content
    /// (``MailLoop/contentKey(sender:subject:message:)``), set on rows that reached the
    /// exchange or were held back as a loop; `sent_at` is when the mail says it was written.
    /// The sender index served only the old count.
    static let v8MailLoop = """
        ALTER TABLE mail_message ADD COLUMN loop_key TEXT CHECK (loop_key IS NULL OR length(loop_key) = 16);
        ALTER TABLE mail_message ADD COLUMN sent_at TEXT CHECK ((loop_key IS NULL) = (sent_at IS NULL));
        CREATE INDEX mail_message_by_loop_key ON mail_message(loop_key, sent_at) WHERE loop_key IS NOT NULL;
        DROP INDEX mail_message_by_sender;
        """
}
