import ArgumentParser
import LeadexDaemon

/// `leadexd invite LOGIN`: a one-time link to choose a web password, mailed through the outbox.
struct InviteCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "invite",
        abstract: "Mail a user a one-time link to choose their web workspace password.",
        discussion: "A user without a password gets an invitation, one with a password a reset link. The link is "
            + "[web] public_url + /password/TOKEN, good once, for [web] invitation_validity (48h by default); a newer link "
            + "replaces older ones. The mail waits in the outbox for the running daemon's sender. Needs public_url and the user's email."
    )

    @OptionGroup var options: ConfigOptions

    @Argument(help: "The user's login, as in [[user]] login.")
    var login: String

    func run() async throws {
        let code = await Daemon.invite(login, configPath: options.config, dropInDirectory: options.dropIns)
        if code != 0 { throw ExitCode(code) }
    }
}
