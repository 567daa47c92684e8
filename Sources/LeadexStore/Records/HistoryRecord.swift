internal import Foundation
internal import GRDB
internal import LeadexCore

/// A row of the append-only `history` table.
struct HistoryRecord: Codable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "history"
    static let databaseColumnDecodingStrategy = DatabaseColumnDecodingStrategy.convertFromSnakeCase
    static let databaseColumnEncodingStrategy = DatabaseColumnEncodingStrategy.convertToSnakeCase
    static func databaseDateEncodingStrategy(for column: String) -> DatabaseDateEncodingStrategy { StoredTime.encoding }

    var leadId: Int64
    var at: Date
    var actor: String?
    var action: String
    var fromStage: String?
    var toStage: String?
    var reason: String?
    var note: String?

    init(_ entry: HistoryEntry) {
        leadId = entry.leadID.rawValue
        at = entry.at
        actor = entry.actor?.rawValue
        action = entry.action.rawValue
        fromStage = entry.fromStage?.rawValue
        toStage = entry.toStage?.rawValue
        reason = entry.reason?.rawValue
        note = entry.note
    }

    func entry() throws -> HistoryEntry {
        guard let action = HistoryAction(rawValue: action) else {
            throw StoreError.corruptRow(table: "history", id: leadId)
        }
        return HistoryEntry(
            leadID: LeadID(leadId), at: at, actor: actor.map(UserLogin.init(rawValue:)), action: action,
            fromStage: fromStage.map(StageID.init(rawValue:)), toStage: toStage.map(StageID.init(rawValue:)),
            reason: reason.map(ReasonID.init(rawValue:)), note: note
        )
    }
}
