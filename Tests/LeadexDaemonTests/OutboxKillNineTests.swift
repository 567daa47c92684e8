import Foundation
import LeadexStore
import LeadexTesting
import Testing

/// The real leadexd delivering its outbox to a real (slow) SMTP server, killed with SIGKILL in
/// the middle, again and again: every mail arrives; a duplicate per kill is the most it costs.
@Suite(.serialized) struct OutboxKillNineTests {
    let leadexd = RepositoryPaths.executable("leadexd")

    @Test func killNineDuringSendingLosesNoMail() async throws {
        let directory = try TemporaryDirectory()
        let smtp = try SMTPFixture(delay: 0.02)
        let database = directory.file("db.sqlite3")
        let count = 150
        do {
            let db = try LeadexDatabase(path: database)
            // Every other mail is left for the sender to render, as reminders are.
            let mails = (0..<count).map { i in
                OutgoingMail(
                    kind: .reminder, envelopeFrom: "leadex@example.ru", recipients: ["ivanov@example.ru"], messageID: "k9-\(i)@leadex.test",
                    content: i % 2 == 0
                        ? .rendered(subject: "m\(i)", message: Array("Message-ID: <k9-\(i)@leadex.test>\r\nSubject: m\(i)\r\n\r\nbody \(i)\r\n".utf8))
                        : .toRender(template: "admin_alert", context: #"{"subject": "m\#(i)", "text": "body \#(i)", "at": "now"}"#))
            }
            try await Outbox(database: db).enqueue(mails, at: Date())
            try db.close()
        }
        let config = try directory.write("leadex.toml", try DaemonConfigText.withSMTP(database: database, smtp: smtp))
        var kills = 0
        for round in 0..<4 {
            let daemon = try ChildProcess(executable: leadexd, arguments: ["--config", config])
            if round == 3 {
                // The last run is left to finish (and to set up its signal handling first).
                while !daemon.standardError.contains("leadexd ready") { try await Task.sleep(for: .milliseconds(20)) }
                let deadline = ContinuousClock.now + .seconds(60)
                while Set(smtp.messages().compactMap { $0.header("Message-ID") }).count < count && ContinuousClock.now < deadline {
                    try await Task.sleep(for: .milliseconds(50))
                }
                daemon.signal(SIGTERM)
                #expect(daemon.wait() == 0)
                break
            }
            // Kill once some more mail has gone out in this run.
            let before = smtp.messages().count
            let deadline = ContinuousClock.now + .seconds(30)
            while smtp.messages().count < before + 15 + round * 7 && ContinuousClock.now < deadline {
                try await Task.sleep(for: .milliseconds(5))
            }
            daemon.signal(SIGKILL)
            _ = daemon.wait()
            kills += 1
        }
        let received = smtp.messages()
        let ids = received.compactMap { $0.header("Message-ID") }
        #expect(Set(ids) == Set((0..<count).map { "<k9-\($0)@leadex.test>" }), "no mail lost")
        #expect(ids.count - count <= kills, "at most one duplicate per kill (\(ids.count - count) for \(kills) kills)")
        // A duplicate is the same bytes, rendered by the sender or not.
        let copies = Dictionary(grouping: received, by: { $0.header("Message-ID") ?? "" })
        #expect(copies.values.allSatisfy { Set($0.map(\.bytes)).count == 1 })
        #expect(received.filter { $0.header("Message-ID") == "<k9-1@leadex.test>" }.allSatisfy { $0.decodedBody.contains("body 1") })
        let db = try LeadexDatabase(path: database)
        #expect(try await Outbox(database: db).counts() == (pending: 0, sent: count))
    }
}
