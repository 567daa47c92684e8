import ArgumentParser
import LeadexDaemon

/// `leadexd backup-now`: the weekly backup, taken now.
struct BackupNowCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "backup-now",
        abstract: "Take a backup into [backup] directory now, as the weekly job does, keeping the newest [backup] keep.",
        discussion: "Safe while leadexd runs. Run it as the service user (sudo -u leadex) so that the files stay the "
            + "daemon's. --config and --drop-ins are leadexd's, written before or after the subcommand."
    )

    /// `--config` and `--drop-ins` are leadexd's own, written before or after the subcommand.
    @ParentCommand var leadexd: LeadexdCommand

    func run() async throws {
        let code = await BackupCommands.backupNow(configPath: leadexd.config, dropInDirectory: leadexd.dropIns)
        if code != 0 { throw ExitCode(code) }
    }
}
