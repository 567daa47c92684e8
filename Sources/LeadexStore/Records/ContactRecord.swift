internal import Foundation
internal import GRDB

/// A row of `contact`; its addresses and numbers live in `contact_email` and `contact_phone`.
struct ContactRecord: Codable, FetchableRecord, MutablePersistableRecord {
    static let databaseTableName = "contact"
    static let databaseColumnDecodingStrategy = DatabaseColumnDecodingStrategy.convertFromSnakeCase
    static let databaseColumnEncodingStrategy = DatabaseColumnEncodingStrategy.convertToSnakeCase
    static func databaseDateEncodingStrategy(for column: String) -> DatabaseDateEncodingStrategy { StoredTime.encoding }

    var id: Int64?
    var name: String
    var company: String?
    var notes: String?
    var createdAt: Date
    var updatedAt: Date

    mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}
