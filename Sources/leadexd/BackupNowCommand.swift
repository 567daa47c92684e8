import ArgumentParser
import LeadexDaemon

/// `leadexd backup-now`: the weekly backup, taken now.
struct BackupNowCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "backup-now",
        abstract: "Take a backup into [backup] directory now, as the weekly job does, keeping the newest [backup] keep.",
        discussion: "Safe while leadexd runs. Run it as the service user (sudo -u leadex) so that the files stay the "
            + "daemon's."
    )

    @OptionGroup var options: ConfigOptions

    func run() async throws {
        let code = await BackupCommands.backupNow(configPath: options.config, dropInDirectory: options.dropIns)
        if code != 0 { throw ExitCode(code) }
    }
}
