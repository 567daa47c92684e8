import Foundation
import LeadexStore
import LeadexTesting
import Testing

/// The real leadexd, idle, and mail queued by another process (here the test itself, which
/// opens the database as `probe-forms` or `run-job` do): it reaches the SMTP server within
/// seconds, not at the sender's hourly pass.
@Suite(.serialized) struct OutboxWakeTests {
    let leadexd = RepositoryPaths.executable("leadexd")

    @Test func mailQueuedByAnotherProcessIsSentWithinSeconds() async throws {
        let directory = try TemporaryDirectory()
        let smtp = try SMTPFixture()
        let database = directory.file("db.sqlite3")
        let config = try directory.write(
            "leadex.toml", try DaemonConfigText.withSMTP(database: database, smtp: smtp) + "\n[jobs.report]\nto = [\"head@example.ru\"]\n")
        let daemon = try ChildProcess(executable: leadexd, arguments: ["--config", config])
        defer {
            daemon.signal(SIGTERM)
            _ = daemon.wait()
        }
        let ready = ContinuousClock.now + .seconds(30)
        while !daemon.standardError.contains("leadexd ready") && ContinuousClock.now < ready { try await Task.sleep(for: .milliseconds(20)) }
        try #require(daemon.standardError.contains("leadexd ready"))
        // Let its first pass over the empty outbox end: from here it sleeps for an hour.
        try await Task.sleep(for: .milliseconds(500))

        let other = try LeadexDatabase(path: database)
        let mail = OutgoingMail(
            kind: .adminAlert, envelopeFrom: "leadex@example.ru", recipients: ["it@example.ru"], messageID: "wake@leadex.test",
            subject: "Проба", message: Array("Message-ID: <wake@leadex.test>\r\nSubject: probe\r\n\r\nbody\r\n".utf8))
        try await Outbox(database: other).enqueue([mail], at: Date())
        try other.close()
        let queued = ContinuousClock.now
        while smtp.messages().isEmpty && ContinuousClock.now < queued + .seconds(15) { try await Task.sleep(for: .milliseconds(20)) }
        #expect(smtp.messages().map { $0.header("Message-ID") } == ["<wake@leadex.test>"], "within 15 s, not at the hourly pass")

        // `leadexd run-job weekly-report`, a process of its own, queues the weekly report for the heads.
        let run = try ChildProcess.run(executable: leadexd, arguments: ["run-job", "weekly-report", "--config", config])
        try #require(run.status == 0, "\(run.error)")
        let ran = ContinuousClock.now
        while smtp.messages().count < 2 && ContinuousClock.now < ran + .seconds(15) { try await Task.sleep(for: .milliseconds(20)) }
        #expect(smtp.messages().count == 2, "the report within 15 s of run-job")
        #expect(smtp.messages().last?.recipients == ["head@example.ru"])
    }
}
