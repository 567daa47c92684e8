import Foundation
import LeadexTesting
import Testing

/// The man pages the package ships are generated from the argument parsers (`scripts/man`) and
/// committed: they must keep up with the commands, and stay clean for groff (lintian warns about
/// an empty line in a page, the generator's paragraph break).
@Suite struct ManPageTests {
    struct Command: Decodable {
        let commandName: String
        let subcommands: [Command]?
    }

    struct DumpedHelp: Decodable { let command: Command }

    @Test(arguments: [("leadexd", "man/leadexd.8"), ("leadexctl", "man/leadexctl.1")])
    func theManPageHasEveryCommand(executable: String, page: String) throws {
        let text = try String(contentsOfFile: RepositoryPaths.file(page), encoding: .utf8)
        let section = page.split(separator: ".").last.map(String.init) ?? ""
        #expect(text.contains(".Dt \(executable.uppercased()) \(section)\n"), "\(page) is section \(section)")
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        let empty = lines.indices.filter { lines[$0].isEmpty && $0 != lines.count - 1 }.map { $0 + 1 }
        #expect(empty.isEmpty, "empty lines in \(page) (groff warns; scripts/man writes .Pp): \(empty)")

        let dumped = try ChildProcess.run(executable: RepositoryPaths.executable(executable), arguments: ["--experimental-dump-help"])
        #expect(dumped.status == 0, "\(dumped.error)")
        let help = try JSONDecoder().decode(DumpedHelp.self, from: Data(dumped.output.utf8))
        let missing = (help.command.subcommands ?? []).map(\.commandName).filter { $0 != "help" && !text.contains(".It Em \($0)\n") }
        #expect(missing.isEmpty, "\(page) lacks \(missing): run scripts/man")
    }
}
