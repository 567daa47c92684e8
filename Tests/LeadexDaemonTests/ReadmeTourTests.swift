import Foundation
import LeadexTesting
import Testing

/// README's first tour as a newcomer runs it: the run command (`scripts/run`, on the debug build
/// the tests have, in a copy of the repository's scripts and config) gives the invoking Unix
/// account a user, then every command of the tour's block, extracted from README itself, runs
/// against that daemon and must succeed. The tour cannot drift from what works.
@Suite(.serialized) struct ReadmeTourTests {
    /// The shell block under README's "## A first tour".
    static func tourCommands() throws -> String {
        let readme = try String(contentsOfFile: RepositoryPaths.file("README.md"), encoding: .utf8)
        guard let section = readme.range(of: "\n## A first tour\n"),
            let open = readme.range(of: "```sh\n", range: section.upperBound..<readme.endIndex),
            let close = readme.range(of: "\n```", range: open.upperBound..<readme.endIndex)
        else { throw TestFailure("README has no \"## A first tour\" with a ```sh block") }
        return String(readme[open.upperBound..<close.lowerBound])
    }

    @Test func theTourWorksRightAfterTheRunCommand() async throws {
        let tour = try Self.tourCommands()
        #expect(tour.contains("leadexctl take"), "the tour takes a lead")
        let repository = try TemporaryDirectory(prefix: "leadex-tour")
        for part in ["scripts", "config"] {
            try FileManager.default.copyItem(atPath: RepositoryPaths.file(part), toPath: repository.file(part))
        }
        // A developer's own local.toml is not the newcomer's.
        try? FileManager.default.removeItem(atPath: repository.file("config/dev.d/local.toml"))
        // The tour's PATH names .build/release, where scripts/run builds; here the debug build.
        try FileManager.default.createDirectory(atPath: repository.file(".build"), withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: repository.file(".build/release"), withDestinationPath: RepositoryPaths.products.path)
        // config/dev.toml's fixed ports may be taken on a shared machine: a drop-in moves them.
        try repository.write(
            "config/dev.d/test-ports.toml",
            "[web]\nlisten = \"127.0.0.1:\(try LoopbackPort.free())\"\n[metrics]\nlisten = \"127.0.0.1:\(try LoopbackPort.free())\"\n")

        let daemon = try ChildProcess(
            executable: "/bin/bash", arguments: [repository.file("scripts/run")],
            environment: ["LEADEX_BUILT": RepositoryPaths.products.path])
        defer { if daemon.isRunning { daemon.signal(SIGKILL) } }
        // The tour starts once the sample feeds' requests are on the exchange, as README says.
        let deadline = Date().addingTimeInterval(60)
        while !(daemon.standardError.contains("control socket ready") && (daemon.standardError.contains("lead_id=1 ") || daemon.standardError.contains("lead_id=1\n"))) {
            guard daemon.isRunning, Date() < deadline else { throw TestFailure("scripts/run did not get ready: \(daemon.standardError)") }
            try await Task.sleep(for: .milliseconds(50))
        }
        let setup = daemon.standardError
        let account = try ChildProcess.run(executable: "/usr/bin/id", arguments: ["-un"]).output.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(setup.contains("maps the Unix account \(account) to the Leadex user"), "\(setup)")
        #expect(setup.contains("password "), "the web password is printed once: \(setup)")

        let run = try await ChildProcess.runDetached(
            executable: "/bin/bash", arguments: ["-euo", "pipefail", "-x", "-c", "cd \(repository.path)\n" + tour], timeout: 120)
        #expect(run.status == 0, "a tour command failed:\n\(run.error)\n\(run.output)")
        #expect(run.output.contains("Перезвонить"), "show lists the reminder the tour set: \(run.output)")

        daemon.signal(SIGTERM)
        #expect(await daemon.waitDetached() == 0, "\(daemon.standardError)")
        // A second run keeps the user and the password: nothing is printed again.
        let again = try ChildProcess(
            executable: "/bin/bash", arguments: [repository.file("scripts/dev-user"), repository.file(".build/release/leadexd")])
        #expect(again.wait() == 0)
        #expect(!again.standardError.contains("password"), "\(again.standardError)")
    }
}
