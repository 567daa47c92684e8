import ArgumentParser
import LeadexDaemon

/// `leadexd restore BACKUP`: a verified backup in place of the database of a stopped daemon.
struct RestoreCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "restore",
        abstract: "Restore a backup into the configured database; leadexd must be stopped.",
        discussion: "The backup is verified first (SHA-256 from its manifest, gzip CRC, PRAGMA integrity_check, "
            + "row counts). Refused while any process has the database open. The database it replaces is kept as "
            + "DATABASE.before-restore. Run it as the service user (sudo -u leadex) so that the files stay the daemon's. "
            + "--config and --drop-ins are leadexd's, written before or after the subcommand."
    )

    @Argument(help: "The backup: leadex-YYYYMMDDTHHMMSSZ.db.gz or its .json manifest.")
    var backup: String

    /// `--config` and `--drop-ins` are leadexd's own, written before or after the subcommand.
    @ParentCommand var leadexd: LeadexdCommand

    func run() throws {
        let code = BackupCommands.restore(backupPath: backup, configPath: leadexd.config, dropInDirectory: leadexd.dropIns)
        if code != 0 { throw ExitCode(code) }
    }
}
