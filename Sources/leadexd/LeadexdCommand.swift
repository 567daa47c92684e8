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
            """,
        subcommands: [BackupNowCommand.self, RestoreCommand.self, RunJobCommand.self]
    )

    @Option(name: .long, help: "The main configuration file; drop-ins are read from leadex.d/ beside it.")
    var config: String = "/etc/leadex/leadex.toml"

    @Option(name: .long, help: "Read drop-ins from this directory instead of leadex.d/ beside --config.")
    var dropIns: String?

    @Flag(name: .long, help: "Check the configuration, print every problem as FILE:LINE: message, and exit (0: valid, 1: problems).")
    var checkConfig = false

    @Flag(name: .long, help: "Poll every mailbox once (the daemon's own code path), print what happened, and exit.")
    var once = false

    func run() async throws {
        if once {
            let code = await Daemon.runOnce(configPath: config, dropInDirectory: dropIns)
            if code != 0 { throw ExitCode(code) }
            return
        }
        if checkConfig {
            let result = Daemon.checkConfig(path: config, dropInDirectory: dropIns)
            if result.ok {
                print(result.output)
            } else {
                FileHandle.standardError.write(Data((result.output + "\n").utf8))
                throw ExitCode(1)
            }
            return
        }
        let code = await Daemon.run(configPath: config, dropInDirectory: dropIns)
        if code != 0 { throw ExitCode(code) }
    }
}
