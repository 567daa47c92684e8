import Foundation
import Glibc
import LeadexTesting
import Testing

/// Entries read back from a real systemd-journald, started in a private mount namespace by
/// Tests/Support/with-journald (root only: CI runs as root).
@Suite(.serialized, .enabled(if: getuid() == 0, "a private journald needs root (unshare -m)"))
struct RealJournaldTests {
    let script = RepositoryPaths.file("Tests/Support/with-journald")

    func entries(running command: [String]) throws -> [[String: Any]] {
        let directory = try TemporaryDirectory()
        let output = directory.file("entries.json")
        let result = try ChildProcess.run(executable: script, arguments: [output, "--"] + command, timeout: 60)
        #expect(result.status == 0, "with-journald failed: \(result.error)")
        let text = (try? String(contentsOfFile: output, encoding: .utf8)) ?? ""
        return text.split(separator: "\n").compactMap {
            try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]
        }
    }

    @Test func theHandlersEntriesArriveWithStructuredFields() throws {
        let entries = try entries(running: [RepositoryPaths.executable("leadex-journal-probe")])
        let ours = entries.filter { $0["SYSLOG_IDENTIFIER"] as? String == "leadexd" }
        let lead = try #require(ours.first { $0["MESSAGE"] as? String == "lead on the exchange" })
        #expect(lead["LEAD_ID"] as? String == "42")
        #expect(lead["USER"] as? String == "ivanov")
        #expect(lead["INBOX"] as? String == "sales")
        #expect(lead["PRIORITY"] as? String == "6")
        #expect(lead["LOGGER"] as? String == "leadexd.probe")
        // Personal data stays out of the journal at info level by default.
        #expect(lead["PHONE"] as? String == "[redacted]")
        #expect(lead["EMAIL"] as? String == "[redacted]")
        let refusal = try #require(ours.first { $0["RULE"] as? String == "exchange.taken" })
        #expect(refusal["PRIORITY"] as? String == "4")
        #expect(refusal["USER"] as? String == "petrov")
        // Debug entries keep their detail, newlines included.
        let debug = try #require(ours.first { $0["LEAD_ID"] as? String == "43" })
        #expect(debug["MESSAGE"] as? String == "multi-line\nmessage")
        #expect(debug["PRIORITY"] as? String == "7")
    }

    @Test func theDaemonLogsToTheJournalWhenToldTo() throws {
        let directory = try TemporaryDirectory()
        let config = try directory.write("leadex.toml", """
            [storage]
            database = "\(directory.file("db.sqlite3"))"
            [control]
            socket = "\(directory.file("control.sock"))"
            [log]
            target = "journal"
            [[user]]
            login = "ivanov"
            name = "Иван"
            role = "manager"
            """)
        // Started, then stopped with SIGTERM after two seconds.
        let entries = try entries(running: ["timeout", "--preserve-status", "-s", "TERM", "2", RepositoryPaths.executable("leadexd"), "--config", config])
        let ours = entries.filter { $0["SYSLOG_IDENTIFIER"] as? String == "leadexd" }
        let ready = try #require(ours.first { $0["MESSAGE"] as? String == "leadexd ready" })
        #expect(ready["USERS"] as? String == "1")
        #expect(ready["PRIORITY"] as? String == "5")
        #expect(ours.contains { $0["MESSAGE"] as? String == "leadexd stopped" })
    }
}
