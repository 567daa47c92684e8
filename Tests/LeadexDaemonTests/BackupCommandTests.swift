import Foundation
import LeadexTesting
import Testing

/// `leadexd backup-now` and `leadexd restore` as an admin runs them, next to a real daemon.
@Suite(.serialized) struct BackupCommandTests {
    let leadexd = RepositoryPaths.executable("leadexd")

    @Test func backupWhileTheDaemonRunsRestoreOnlyOnceItStopped() throws {
        let directory = try TemporaryDirectory()
        let database = directory.file("state/leadex.sqlite3")
        let backups = directory.file("backups")
        let config = try directory.write("leadex.toml", """
            [storage]
            database = "\(database)"
            [backup]
            directory = "\(backups)"
            keep = 2
            [log]
            target = "console"
            [[user]]
            login = "ivanov"
            name = "Иван Иванов"
            role = "manager"
            """)
        let arguments = ["--config", config, "--drop-ins", "/nonexistent"]
        let notify = try NotifySocket(directory: directory)
        let daemon = try ChildProcess(executable: leadexd, arguments: arguments, environment: ["NOTIFY_SOCKET": notify.path])
        _ = notify.receive(until: { $0.contains("READY=1") }, timeout: 20)

        let backup = try ChildProcess.run(executable: leadexd, arguments: ["backup-now"] + arguments)
        #expect(backup.status == 0, "\(backup.error)")
        #expect(backup.output.contains("0 contacts, 0 leads, 0 history lines, 1 users"))
        let archive = try #require(try FileManager.default.contentsOfDirectory(atPath: backups).first { $0.hasSuffix(".db.gz") })

        let refused = try ChildProcess.run(executable: leadexd, arguments: ["restore", backups + "/" + archive] + arguments)
        #expect(refused.status == 1)
        #expect(refused.error.contains("restore refused: \(database) is open in another process"), "\(refused.error)")
        #expect(daemon.isRunning)

        daemon.signal(SIGTERM)
        #expect(daemon.wait() == 0)
        let restored = try ChildProcess.run(executable: leadexd, arguments: ["restore", backups + "/" + archive] + arguments)
        #expect(restored.status == 0, "\(restored.error)")
        #expect(restored.output.contains("the database it replaced is kept as \(database).before-restore"))
        #expect(FileManager.default.fileExists(atPath: database + ".before-restore"))
    }

    @Test func aBackupOfNoDatabaseFailsRatherThanSavingAnEmptyOne() throws {
        let directory = try TemporaryDirectory()
        let config = try directory.write("leadex.toml", """
            [storage]
            database = "\(directory.file("missing/leadex.sqlite3"))"
            [backup]
            directory = "\(directory.file("backups"))"
            [log]
            target = "console"
            """)
        let result = try ChildProcess.run(executable: leadexd, arguments: ["backup-now", "--config", config])
        #expect(result.status == 1)
        #expect(result.error.contains("backup failed: there is no database at"))
        #expect(!FileManager.default.fileExists(atPath: directory.file("missing/leadex.sqlite3")))
    }
}
