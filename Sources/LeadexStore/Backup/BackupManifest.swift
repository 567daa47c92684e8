public import Foundation

/// What a backup holds, written as JSON next to it (`leadex-20261130T030000Z.json`). Its
/// presence marks the backup complete: it is renamed into place after the archive.
public struct BackupManifest: Codable, Sendable, Hashable {
    /// Raised when the layout of backups changes; restore refuses formats it does not know.
    public static let currentFormat = 1

    public var format: Int
    /// The archive's file name, in the same directory: `leadex-20261130T030000Z.db.gz`.
    public var file: String
    public var createdAt: Date
    /// The database the backup was taken from.
    public var source: String
    /// Size of the SQLite copy, and of the gzip archive holding it.
    public var rawBytes: Int64
    public var compressedBytes: Int64
    /// SHA-256 of the archive file, lowercase hex.
    public var sha256: String
    public var rows: RowCounts
    /// The schema migrations applied in the copy, oldest first.
    public var migrations: [String]

    enum CodingKeys: String, CodingKey {
        case format, file, createdAt = "created_at", source, rawBytes = "raw_bytes",
            compressedBytes = "compressed_bytes", sha256, rows, migrations
    }

    /// Row counts of the main tables, as found in the copy (restore checks them again).
    public struct RowCounts: Codable, Sendable, Hashable, CustomStringConvertible {
        public var contact: Int
        public var lead: Int
        public var history: Int
        public var user: Int

        public var description: String { "\(contact) contacts, \(lead) leads, \(history) history lines, \(user) users" }
    }

    func encoded() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        return try encoder.encode(self) + Data("\n".utf8)
    }

    static func decode(_ data: Data) throws -> BackupManifest {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return try decoder.decode(BackupManifest.self, from: data)
    }
}
