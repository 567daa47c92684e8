/// The config tests start the real leadexd with: a database, its control socket beside it,
/// logs on stderr (where the tests read "leadexd ready").
public enum DaemonConfigText {
    public static func base(database: String) -> String {
        """
        [storage]
        database = "\(database)"
        [control]
        socket = "\(database).sock"
        [log]
        target = "console"

        """
    }

    /// `base` with `[smtp]` pointing at `smtp`.
    public static func withSMTP(database: String, smtp: SMTPFixture) throws -> String {
        base(database: database) + (try smtpSection(smtp))
    }

    /// The `[smtp]` table pointing at `smtp`.
    public static func smtpSection(_ smtp: SMTPFixture) throws -> String {
        """
            [smtp]
            url = "\(smtp.url)"
            user = "\(smtp.user)"
            password_file = "\(try smtp.passwordFile())"
            from = "Leadex <leadex@example.ru>"
            ca_file = "\(smtp.caFile)"
            """
    }
}
