import ArgumentParser

/// leadexctl: what managers, QA, the head of sales and admins do, through the daemon's control
/// socket. Parses arguments and talks to leadexd; every rule is applied by the daemon.
@main
struct LeadexctlCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "leadexctl",
        abstract: "Work the Leadex lead exchange (take, move, refuse, review) through leadexd.",
        discussion: "The control-socket commands are not built yet; leadexd --check-config validates configs.",
        version: "0.1.0"
    )
}
