import Foundation
import GRDB
import LeadexTesting
import Testing

/// The admin pages in a real headless Chromium against the real leadexd (`WebDaemonFixture`,
/// scenario `Tests/Support/browser/admin_pages.py`): status, an import's dry run then real run,
/// export refused without the right and logged, Backup now, and a manager and QA refused by URL.
@Suite(.serialized) struct AdminBrowserTests {
    static let users = [
        WebDaemonFixture.User("admin", "Анна Админова", role: "admin"), WebDaemonFixture.User("ivanov", "Иван Иванов"),
        WebDaemonFixture.User("okk", "Ольга Контролёва", role: "qa"),
    ]

    @Test func anAdminImportsExportsIsRefusedTheExportAndBacksUpWhileOthersAreRefusedByURL() async throws {
        let leadex = try WebDaemonFixture(users: Self.users) { directory in
            "[backup]\ndirectory = \"\(directory.file("backups"))\"\n"
        }
        defer { #expect(leadex.stop() == 0, "leadexd did not stop cleanly: \(leadex.daemon.standardError.suffix(2000))") }

        let run = try await leadex.runScenario("admin_pages.py")
        print(run.output)
        #expect(run.status == 0, "\(run.report)")
        #expect(run.output.contains("import: dry run then real run"))
        #expect(run.output.contains("ok"))

        // What the browser saw is what the base holds: the two new clients, once.
        var configuration = Configuration()
        configuration.readonly = true
        let database = try DatabaseQueue(path: leadex.directory.file("leadex.sqlite3"), configuration: configuration)
        let (contacts, imports) = try await database.read { db in
            (try Int.fetchOne(db, sql: "SELECT count(*) FROM contact") ?? -1,
             try Int.fetchOne(db, sql: "SELECT count(*) FROM audit WHERE action = 'import'") ?? -1)
        }
        #expect(contacts == 2)
        #expect(imports == 1)
        // The daemon's log has every refusal with its rule: the export, and each admin page by URL.
        let log = leadex.daemon.standardError
        #expect(log.components(separatedBy: "\n").contains {
            $0.contains("refused") && $0.contains("rule=right") && $0.contains("user=admin") && $0.contains("action=export")
        }, "\(log.suffix(3000))")
        for login in ["ivanov", "okk"] {
            #expect(log.components(separatedBy: "\n").contains {
                $0.contains("refused") && $0.contains("rule=role") && $0.contains("user=\(login)") && $0.contains("action=admin import")
            }, "\(login): \(log.suffix(3000))")
        }
        #expect(FileManager.default.fileExists(atPath: leadex.directory.file("backups")))
    }
}
