import ArgumentParser
import Foundation
import LeadexControlAPI
import LeadexCore

/// leadexctl: what managers, QA, the head of sales and admins do, through the daemon's control
/// socket. Parses arguments and talks to leadexd; every rule is applied by the daemon, which
/// knows the caller from their Unix account.
@main
struct LeadexctlCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "leadexctl",
        abstract: "Work the Leadex lead exchange (take, move, refuse, review) through leadexd.",
        discussion: """
            leadexctl talks to leadexd over its control socket (--socket, $LEADEX_SOCKET, else /run/leadex/control.sock). \
            The daemon knows you by your Unix account, mapped to a Leadex user with unix_user in its config; root acts as an admin. \
            Every command takes --json for the daemon's JSON reply; errors go to stderr.

            \(ExitStatus.table)

            Shell completion: leadexctl --generate-completion-script bash|zsh|fish.
            """,
        version: LeadexVersion.current,
        subcommands: [
            ExchangeCommand.self, TakeCommand.self, ReturnCommand.self, KeepCommand.self, MineCommand.self, ShowCommand.self,
            StageCommand.self, WinCommand.self, NoteCommand.self, RefuseCommand.self, DisqualifyCommand.self,
            RefusalsCommand.self, CloseLostCommand.self, ReopenCommand.self, ReassignCommand.self, AmountCommand.self,
            RemindCommand.self, AddCommand.self, ContactsCommand.self,
            ImportCommand.self, ExportCommand.self, ReportCommand.self, UsersCommand.self, StatusCommand.self,
            IgnoredCommand.self, RestoreIgnoredCommand.self,
            WhoamiCommand.self,
        ]
    )

    /// Refuses arguments that are not UTF-8 before parsing them: Swift would replace the bad
    /// bytes with U+FFFD, and a name typed in a KOI8-R terminal would be stored as question marks.
    static func main() {
        for index in 1..<Int(CommandLine.argc) {
            guard let argument = CommandLine.unsafeArgv[index], String(validatingCString: argument) == nil else { continue }
            let message = InstallLanguage.current == .ru
                ? "leadexctl: аргумент \(index) не в UTF-8: переключите терминал (или скрипт) на UTF-8 и наберите его снова\n"
                : "leadexctl: argument \(index) is not valid UTF-8: set the terminal (or the script) to UTF-8 and type it again\n"
            FileHandle.standardError.write(Data(message.utf8))
            Foundation.exit(ExitCode.validationFailure.rawValue)
        }
        do {
            var command = try parseAsRoot(Array(CommandLine.arguments.dropFirst()))
            try command.run()
        } catch {
            let code = exitCode(for: error)
            // Help and --version go out as the parser writes them, on standard output.
            guard code != .success else { exit(withError: error) }
            let message = ParserMessages.say(fullMessage(for: error), in: InstallLanguage.current)
            if !message.isEmpty { FileHandle.standardError.write(Data((message + "\n").utf8)) }
            Foundation.exit(code.rawValue)
        }
    }
}
