import ArgumentParser
import LeadexDaemon

/// `leadexd set-password LOGIN`: a web workspace password, read from standard input.
struct SetPasswordCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "set-password",
        abstract: "Set a user's web workspace password, read from standard input (one line).",
        discussion: "At least 8 characters, at most 72 bytes. Stored only as a bcrypt hash; the user's open web sessions end. "
            + "Safe while the daemon runs."
    )

    @OptionGroup var options: ConfigOptions

    @Argument(help: "The user's login, as in [[user]] login.")
    var login: String

    func run() async throws {
        let code = await Daemon.setPassword(login, configPath: options.config, dropInDirectory: options.dropIns)
        if code != 0 { throw ExitCode(code) }
    }
}
