internal import GRDB
public import LeadexCore

/// A lead as the exchange page lists it: the lead without its text, its contact's name, and the
/// beginning of the text.
public struct ExchangeCard: Sendable, Hashable {
    public var lead: Lead
    public var contactName: String
    public var preview: String
}

extension ExchangeStore {
    /// The exchange, oldest request first, in one read: what every manager's page lists.
    /// - Parameter previewLength: characters of each text read (SQLite's substr counts characters).
    public func exchangeCards(previewLength: Int = 240) async throws -> [ExchangeCard] {
        let length = max(0, previewLength)
        return try await database.pool.read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT \(LeadRecord.columnsExceptText), substr(text, 1, ?) AS text,
                    (SELECT name FROM contact WHERE contact.id = lead.contact_id) AS contact_name
                    FROM lead WHERE status = 'exchange' ORDER BY created_at, id
                    """,
                arguments: [length]
            ).map { row in
                let lead = try LeadRecord(row: row).lead()
                return ExchangeCard(lead: lead, contactName: row["contact_name"] ?? "", preview: lead.text)
            }
        }
    }
}
