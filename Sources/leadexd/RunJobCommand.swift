import ArgumentParser
import LeadexDaemon

/// `leadexd run-job NAME`: a timed job, run once now.
struct RunJobCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run-job",
        abstract: "Run one enabled timed job now, by the name leadexctl status shows: reminders, stage-alerts, untaken-alerts, "
            + "sweep, weekly-report, backup, form-probes, form-deadlines or form-silence.",
        discussion: "The run is not a scheduled slot: the schedule carries on as before. Mail it writes waits in the "
            + "outbox for the running daemon's sender, which notices the write within a second."
    )

    @OptionGroup var options: ConfigOptions

    @Argument(help: "The job's name.")
    var name: String

    @Flag(name: .long, help: "With sweep: return every owned deal not marked keep to the exchange, whatever its activity.")
    var everyUnmarked = false

    func run() async throws {
        let code = await Daemon.runJob(name, everyUnmarked: everyUnmarked, configPath: options.config, dropInDirectory: options.dropIns)
        if code != 0 { throw ExitCode(code) }
    }
}
