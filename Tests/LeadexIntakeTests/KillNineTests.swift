import Foundation
import LeadexTesting
import Testing

/// The real leadexd, killed with SIGKILL at random moments while it ingests mail from a real
/// Dovecot, restarted, killed again; at the end every message is exactly one lead or one ignored
/// record, and the server was told about each.
@Suite(.serialized) struct KillNineTests {
    static let trials = 30
    static let perTrial = 20

    func sqlite(_ database: String, _ query: String) throws -> String {
        try ChildProcess.run(executable: "/usr/bin/sqlite3", arguments: [database, query]).output
            .trimmingCharacters(in: .whitespacesAndNewlines)
    }

    func message(_ number: Int) -> [UInt8] {
        // Every tenth message is an auto-reply: it must end as one ignored record, not a lead.
        let auto = number % 10 == 0 ? "Auto-Submitted: auto-replied\r\n" : ""
        return Array(
            """
            From: Client \(number) <client\(number)@firm.ru>\r
            To: sales@example.ru\r
            Subject: Request \(number)\r
            Message-ID: <kill-\(number)@firm.ru>\r
            \(auto)Content-Type: text/plain; charset=utf-8\r
            \r
            Please call me back: +7 912 000-\(String(format: "%02d", number / 100 % 100))-\(String(format: "%02d", number % 100)).\r

            """.utf8)
    }

    @Test func noMessageIsLostOrDoubledAcrossKillNine() throws {
        let dovecot = try DovecotFixture.start(users: ["sales"])
        let directory = try TemporaryDirectory()
        let database = directory.file("leadex.sqlite3")
        let config = try dovecot.leadexdConfig(user: "sales", database: database, in: directory, extra: "poll_interval = \"1s\"")
        let leadexd = RepositoryPaths.executable("leadexd")
        var generator = SystemRandomNumberGenerator()
        var delivered = 0
        var killedWhileRunning = 0
        for _ in 0..<Self.trials {
            for _ in 0..<Self.perTrial {
                delivered += 1
                try dovecot.deliver(user: "sales", bytes: message(delivered))
            }
            let daemon = try ChildProcess(executable: leadexd, arguments: ["--config", config, "--drop-ins", "/nonexistent"])
            usleep(UInt32.random(in: 20_000...400_000, using: &generator))
            if daemon.isRunning { killedWhileRunning += 1 }
            daemon.signal(SIGKILL)
            daemon.wait()
        }
        // Whatever the kills left undone, one more pass finishes.
        let last = try ChildProcess.run(executable: leadexd, arguments: ["--once", "--config", config, "--drop-ins", "/nonexistent"])
        #expect(last.status == 0, "\(last.output) \(last.error)")

        let autoReplies = delivered / 10
        #expect(killedWhileRunning == Self.trials)
        #expect(try sqlite(database, "SELECT count(*) FROM mail_message") == "\(delivered)")
        #expect(try sqlite(database, "SELECT count(DISTINCT message_id) FROM mail_message") == "\(delivered)")
        #expect(try sqlite(database, "SELECT count(*) FROM lead") == "\(delivered - autoReplies)")
        #expect(try sqlite(database, "SELECT count(DISTINCT source_ref) FROM lead") == "\(delivered - autoReplies)")
        #expect(try sqlite(database, "SELECT count(*) FROM mail_message WHERE outcome = 'ignored'") == "\(autoReplies)")
        #expect(try sqlite(database, "SELECT count(*) FROM mail_message WHERE acked = 0") == "0")
        #expect(try sqlite(database, "PRAGMA integrity_check") == "ok")
        // Every message carries \Seen on the server: acknowledged after its commit, none skipped.
        let status = try ChildProcess.run(
            executable: "/usr/bin/curl",
            arguments: ["-sS", "--cacert", dovecot.caFile, "--user", "sales:\(dovecot.password)",
                        "imaps://127.0.0.1:\(dovecot.imapsPort ?? 0)/", "-X", "STATUS INBOX (MESSAGES UNSEEN)"])
        #expect(status.output.contains("MESSAGES \(delivered) "))
        #expect(status.output.contains("UNSEEN 0)"))
        print("kill -9 trials: \(Self.trials), messages: \(delivered), leads: \(delivered - autoReplies), ignored: \(autoReplies), lost: 0, duplicated: 0")
    }
}
