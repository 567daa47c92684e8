import GRDB
@testable import LeadexStore
import LeadexTesting

/// Every migration in the order a new database applies them: spelled out, so that a renamed or
/// re-ordered migration fails the tests that compare against it.
enum EarlierSchema {
    static let allMigrations = [
        "v1-exchange", "v2-mail-intake", "v3-scheduler", "v4-forms", "v5-deferred-mail", "v6-audit-import", "v7-mail-original",
        "v8-ignored-restore", "v8-forms-held", "v8-job-watch", "v8-web-auth", "v8-mail-loop", "v8-health-check",
        "v9-invitations", "v9-deal-amounts", "v10-report-indexes",
    ]
}

/// A database file as an earlier release left it: migrated up to `migration` and filled by
/// `fill`, then closed, so that opening it with ``LeadexDatabase`` runs the migrations after.
func databaseFile(
    migratedUpTo migration: String, in directory: TemporaryDirectory, fill: @escaping @Sendable (Database) throws -> Void
) async throws -> String {
    let path = directory.file("leadex.sqlite3")
    let pool = try DatabasePool(path: path)
    try Migrations.migrator.migrate(pool, upTo: migration)
    try await pool.write(fill)
    try pool.close()
    return path
}
