import Foundation
import GRDB
import LeadexCore
@testable import LeadexStore
import LeadexTesting
import Testing

/// `importClients(expecting:)`: the web's confirm imports what its dry run showed, or nothing.
@Suite struct ImportPreviewTests {
    static let csv = """
        ФИО;Телефон
        Анна;8 912 111-11-11
        Борис;8 912 222-22-22
        """

    static func contacts(_ fixture: StoreFixture) async throws -> Int {
        try await fixture.database.pool.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM contact") ?? -1 }
    }

    @Test func theRealRunCommitsWhatThePreviewShowedThoughOtherContactsWereAddedMeanwhile() async throws {
        let fixture = try await StoreFixture()
        let sheet = try ClientSheet(bytes: Array(Self.csv.utf8))
        let preview = try await fixture.store.importClients(sheet, file: "a.csv", dryRun: true, by: SamplePolicy.admin)
        // A stranger's request takes the next contact number: the new contacts' numbers move,
        // what is created and merged does not.
        try await fixture.incoming(name: "Посторонний", phone: "+7 912 999-99-99")
        let real = try await fixture.store.importClients(sheet, file: "a.csv", dryRun: false, expecting: preview, by: SamplePolicy.admin)
        #expect(real.created == 2)
        #expect(try await Self.contacts(fixture) == 3)
    }

    @Test func aLineThatWouldNowBeMergedDifferentlyRollsTheRunBack() async throws {
        let fixture = try await StoreFixture()
        let sheet = try ClientSheet(bytes: Array(Self.csv.utf8))
        let preview = try await fixture.store.importClients(sheet, file: "a.csv", dryRun: true, by: SamplePolicy.admin)
        try await fixture.incoming(name: "Борис", phone: "+7 912 222-22-22")
        let before = try await Self.contacts(fixture)
        await #expect(throws: ImportOutcome.Changed(line: 3)) {
            try await fixture.store.importClients(sheet, file: "a.csv", dryRun: false, expecting: preview, by: SamplePolicy.admin)
        }
        #expect(try await Self.contacts(fixture) == before)
        #expect(try fixture.database.auditTrail().isEmpty)
        // Without a preview to hold to, the same file imports as it is now.
        let now = try await fixture.store.importClients(sheet, file: "a.csv", dryRun: false, by: SamplePolicy.admin)
        #expect(now.created == 1 && now.merged == 1)
    }
}

/// The backups an admin sees listed, read from their manifests.
@Suite struct BackupCatalogTests {
    @Test func listsCompleteBackupsNewestFirstAndSaysWhenAnArchiveIsGone() async throws {
        let fixture = try await StoreFixture()
        try await fixture.incoming(name: "Клиент", phone: "+7 912 000-00-01")
        let directory = fixture.directory.file("backups")
        #expect(try BackupCatalog.list(directory: directory).isEmpty, "no directory yet: no backups")
        let backup = DatabaseBackup(database: fixture.database, logger: fixture.logs.logger())
        let older = try await backup.backup(into: directory, keep: 5, now: BackupTests.monday)
        let newer = try await backup.backup(into: directory, keep: 5, now: BackupTests.monday.addingTimeInterval(3600))
        // Not a backup: a stray file and a leftover of an interrupted one.
        try Data("x".utf8).write(to: URL(fileURLWithPath: directory + "/notes.json"))
        try Data("x".utf8).write(to: URL(fileURLWithPath: directory + "/.leadex-20261123T090000Z.json.partial"))
        let listed = try BackupCatalog.list(directory: directory)
        #expect(listed.map(\.manifest.file) == [newer.file, older.file])
        #expect(listed.allSatisfy { $0.verified })
        #expect(listed.first?.manifest.rows.lead == 1)
        // A truncated archive and a missing one are not verified.
        try Data("short".utf8).write(to: URL(fileURLWithPath: directory + "/" + newer.file))
        try FileManager.default.removeItem(atPath: directory + "/" + older.file)
        let after = try BackupCatalog.list(directory: directory)
        #expect(after.map(\.verified) == [false, false])
        #expect(after.last?.archiveBytes == nil)
    }
}
