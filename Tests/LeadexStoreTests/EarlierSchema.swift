import GRDB
@testable import LeadexStore
import LeadexTesting

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
