internal import Foundation
internal import GRDB
internal import LeadexCore

/// A row of `lead`. Flat like the table; ``lead`` and ``init(_:)`` translate to and from the
/// domain's ``Lead``, whose status enum the table's CHECK constraints mirror.
struct LeadRecord: Codable, FetchableRecord, MutablePersistableRecord {
    static let databaseTableName = "lead"
    // Column names spelled out rather than converted from camel case on every row: the exchange
    // list decodes hundreds of rows per request, and the conversion was most of its cost.
    enum CodingKeys: String, CodingKey {
        case id, title, text, stage, status, owner, keep, reason
        case contactId = "contact_id", sourceKind = "source_kind", sourceName = "source_name", sourceRef = "source_ref"
        case reasonNote = "reason_note", closedBy = "closed_by", createdAt = "created_at", stageEnteredAt = "stage_entered_at"
        case lastActivityAt = "last_activity_at"
        case amountKopecks = "amount_kopecks"
    }

    static func databaseDateEncodingStrategy(for column: String) -> DatabaseDateEncodingStrategy { StoredTime.encoding }

    var id: Int64?
    var contactId: Int64
    var sourceKind: String
    var sourceName: String
    var sourceRef: String?
    var title: String
    var text: String
    var stage: String
    var status: String
    var owner: String?
    var keep: Bool
    var reason: String?
    var reasonNote: String?
    var closedBy: String?
    var createdAt: Date
    var stageEnteredAt: Date
    var lastActivityAt: Date
    var amountKopecks: Int64?

    /// Every column but `text`, for lists.
    static let columnsExceptText = """
        id, contact_id, source_kind, source_name, source_ref, title, stage, status, owner, keep, reason, reason_note,
        closed_by, created_at, stage_entered_at, last_activity_at, amount_kopecks
        """

    mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }

    /// Read by column name directly: Codable's row decoder costs several times as much, which
    /// shows when the exchange list reads hundreds of rows per request.
    init(row: Row) throws {
        id = row["id"]
        contactId = row["contact_id"]
        sourceKind = row["source_kind"]
        sourceName = row["source_name"]
        sourceRef = row["source_ref"]
        title = row["title"]
        text = row["text"]
        stage = row["stage"]
        status = row["status"]
        owner = row["owner"]
        keep = row["keep"]
        reason = row["reason"]
        reasonNote = row["reason_note"]
        closedBy = row["closed_by"]
        createdAt = row["created_at"]
        stageEnteredAt = row["stage_entered_at"]
        lastActivityAt = row["last_activity_at"]
        amountKopecks = row["amount_kopecks"]
    }

    init(_ lead: Lead) {
        id = lead.id?.rawValue
        contactId = lead.contactID.rawValue
        sourceKind = lead.source.kind.rawValue
        sourceName = lead.source.name
        sourceRef = lead.sourceRef
        title = lead.title
        text = lead.text
        stage = lead.stage.rawValue
        status = lead.status.kind.rawValue
        owner = lead.status.owner?.rawValue
        keep = false
        reason = nil
        reasonNote = nil
        closedBy = nil
        switch lead.status {
        case .exchange: break
        case .owned(_, let keep): self.keep = keep
        case .conditionalRefusal(_, let reason, let note):
            self.reason = reason.rawValue
            reasonNote = note
        case .won(let by): closedBy = by.rawValue
        case .lost(let reason, _, let by), .disqualified(let reason, _, let by):
            self.reason = reason.rawValue
            closedBy = by.rawValue
        }
        createdAt = lead.createdAt
        stageEnteredAt = lead.stageEnteredAt
        lastActivityAt = lead.lastActivityAt
        amountKopecks = lead.amount?.kopecks
    }

    /// The domain value; throws only if a row breaks what the CHECK constraints guarantee.
    func lead() throws -> Lead {
        guard let kind = LeadSource.Kind(rawValue: sourceKind), let statusKind = LeadStatus.Kind(rawValue: status)
        else { throw StoreError.corruptRow(table: "lead", id: id) }
        let owner = self.owner.map(UserLogin.init(rawValue:))
        let reason = self.reason.map(ReasonID.init(rawValue:))
        let closedBy = self.closedBy.map(UserLogin.init(rawValue:))
        let status: LeadStatus
        switch statusKind {
        case .exchange:
            status = .exchange
        case .owned:
            guard let owner else { throw StoreError.corruptRow(table: "lead", id: id) }
            status = .owned(by: owner, keep: keep)
        case .conditionalRefusal:
            guard let owner, let reason else { throw StoreError.corruptRow(table: "lead", id: id) }
            status = .conditionalRefusal(owner: owner, reason: reason, note: reasonNote)
        case .won:
            guard let owner else { throw StoreError.corruptRow(table: "lead", id: id) }
            status = .won(by: owner)
        case .lost:
            guard let owner, let reason, let closedBy else { throw StoreError.corruptRow(table: "lead", id: id) }
            status = .lost(reason: reason, owner: owner, by: closedBy)
        case .disqualified:
            guard let reason, let closedBy else { throw StoreError.corruptRow(table: "lead", id: id) }
            status = .disqualified(reason: reason, owner: owner, by: closedBy)
        }
        return Lead(
            id: id.map(LeadID.init(rawValue:)), contactID: ContactID(contactId),
            source: LeadSource(kind: kind, name: sourceName), sourceRef: sourceRef, title: title, text: text,
            stage: StageID(stage), status: status, createdAt: createdAt, stageEnteredAt: stageEnteredAt,
            lastActivityAt: lastActivityAt, amount: amountKopecks.flatMap(DealAmount.init(kopecks:))
        )
    }
}
