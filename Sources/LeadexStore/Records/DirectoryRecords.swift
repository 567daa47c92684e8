internal import GRDB

/// A row of `user`: the config's users, mirrored so that leads and history can reference them.
struct UserRecord: Codable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "user"

    var login: String
    var name: String
    var email: String?
    var role: String
    var cap: Int?
    var active: Bool
}

/// A row of `stage`: the config's pipeline, mirrored for the same reason.
struct StageRecord: Codable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "stage"
    static let databaseColumnDecodingStrategy = DatabaseColumnDecodingStrategy.convertFromSnakeCase
    static let databaseColumnEncodingStrategy = DatabaseColumnEncodingStrategy.convertToSnakeCase

    var id: String
    var title: String
    var position: Int
    var normSeconds: Int64?
    var active: Bool
}
