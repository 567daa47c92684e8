import ArgumentParser
import Foundation
import LeadexDaemon

/// leadexd: the Leadex daemon. Parses arguments and starts things; everything else lives in
/// LeadexDaemon.
@main
struct LeadexdCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "leadexd",
        abstract: "The Leadex lead exchange daemon.",
        discussion: """
            Runs under systemd (Type=notify) or in a terminal. SIGHUP re-reads the configuration;
            a configuration with problems is refused and the running one stays.

            Files: /etc/leadex/leadex.toml and /etc/leadex/leadex.d/*.toml (the configuration), \
            /var/lib/leadex/leadex.sqlite3 (the database), /var/lib/leadex/backups, \
            /run/leadex/control.sock (the socket leadexctl talks to). See also leadexctl(1) and \
            /usr/share/doc/leadex.
            """,
        subcommands: [Run.self, ProbeForms.self, FormStatus.self, RunJobCommand.self, BackupNowCommand.self, RestoreCommand.self, SetPasswordCommand.self,
            InviteCommand.self,
        ],
        defaultSubcommand: Run.self
    )
}

/// Where the configuration is: shared by every subcommand.
struct ConfigOptions: ParsableArguments {
    @Option(name: .long, help: "The main configuration file; drop-ins are read from leadex.d/ beside it.")
    var config: String = "/etc/leadex/leadex.toml"

    @Option(name: .long, help: "Read drop-ins from this directory instead of leadex.d/ beside --config.")
    var dropIns: String?
}

extension LeadexdCommand {
    /// The daemon itself (the default): `leadexd --config FILE`.
    struct Run: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "run", abstract: "Run the daemon (the default).")

        @OptionGroup var options: ConfigOptions

        @Flag(name: .long, help: "Check the configuration, print every problem as FILE:LINE: message, and exit (0: valid, 1: problems).")
        var checkConfig = false

        @Flag(name: .long, help: "Poll every mailbox and form feed once (the daemon's own code path), print what happened, and exit.")
        var once = false

        func run() async throws {
            if once {
                let code = await Daemon.runOnce(configPath: options.config, dropInDirectory: options.dropIns)
                if code != 0 { throw ExitCode(code) }
                return
            }
            if checkConfig {
                let result = Daemon.checkConfig(path: options.config, dropInDirectory: options.dropIns)
                if result.ok {
                    print(result.output)
                } else {
                    FileHandle.standardError.write(Data((result.output + "\n").utf8))
                    throw ExitCode(1)
                }
                return
            }
            let code = await Daemon.run(configPath: options.config, dropInDirectory: options.dropIns)
            if code != 0 { throw ExitCode(code) }
        }
    }

    /// The weekly form health check, now.
    struct ProbeForms: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "probe-forms",
            abstract: "Submit every form's probe now and wait until each comes back or passes its deadline.",
            discussion: "Exit status 0: every form works; 1: a form is failing (the admins are alerted)."
        )

        @OptionGroup var options: ConfigOptions

        @Flag(name: .long, help: "Submit the probes and exit; a running leadexd watches for their return.")
        var noWait = false

        func run() async throws {
            let code = await Daemon.probeForms(configPath: options.config, dropInDirectory: options.dropIns, wait: !noWait)
            if code != 0 { throw ExitCode(code) }
        }
    }

    /// What the store knows of each form.
    struct FormStatus: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "form-status", abstract: "Print each form's last request, feed state, last probe and health.")

        @OptionGroup var options: ConfigOptions

        func run() async throws {
            let code = await Daemon.formStatus(configPath: options.config, dropInDirectory: options.dropIns)
            if code != 0 { throw ExitCode(code) }
        }
    }
}
