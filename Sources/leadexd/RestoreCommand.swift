import ArgumentParser
import LeadexDaemon

/// `leadexd restore BACKUP`: a verified backup in place of the database of a stopped daemon.
struct RestoreCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "restore",
        abstract: "Restore a backup into the configured database; leadexd must be stopped.",
        discussion: "The backup is verified first (SHA-256 from its manifest, gzip CRC, PRAGMA integrity_check, "
            + "row counts). Refused while any process has the database open. The database it replaces is kept as "
            + "DATABASE.before-restore. Run it as the service user (sudo -u leadex) so that the files stay the daemon's."
    )

    @Argument(help: "The backup: leadex-YYYYMMDDTHHMMSSZ.db.gz or its .json manifest.")
    var backup: String

    @OptionGroup var options: ConfigOptions

    func run() throws {
        let code = BackupCommands.restore(backupPath: backup, configPath: options.config, dropInDirectory: options.dropIns)
        if code != 0 { throw ExitCode(code) }
    }
}
