internal import Foundation
internal import GRDB
internal import LeadexCore

// Jobs that mail about many deals at once (10,000 reminders due at nine) read what they need in a
// few queries per batch rather than a handful per deal.

extension ExchangeStore {
    static func leads(_ ids: [Int64], db: Database) throws -> [Int64: Lead] {
        guard !ids.isEmpty else { return [:] }
        let records = try Row.fetchAll(
            db, sql: "SELECT * FROM lead WHERE id IN (\(placeholders(ids.count)))", arguments: StatementArguments(ids)
        ).map { try LeadRecord(row: $0) }
        return Dictionary(uniqueKeysWithValues: try records.map { ($0.id!, try $0.lead()) })
    }

    static func contacts(_ ids: [Int64], db: Database) throws -> [Int64: Contact] {
        guard !ids.isEmpty else { return [:] }
        let arguments = StatementArguments(ids)
        let list = placeholders(ids.count)
        var emails: [Int64: [String]] = [:]
        for row in try Row.fetchAll(db, sql: "SELECT contact_id, email FROM contact_email WHERE contact_id IN (\(list)) ORDER BY email", arguments: arguments) {
            emails[row[0], default: []].append(row[1])
        }
        var phones: [Int64: [PhoneNumber]] = [:]
        for row in try Row.fetchAll(db, sql: "SELECT contact_id, phone FROM contact_phone WHERE contact_id IN (\(list)) ORDER BY phone", arguments: arguments) {
            phones[row[0], default: []].append(PhoneNumber(trustedE164: row[1]))
        }
        var contacts: [Int64: Contact] = [:]
        for row in try Row.fetchAll(db, sql: "SELECT id, name, company, notes FROM contact WHERE id IN (\(list))", arguments: arguments) {
            let id: Int64 = row[0]
            contacts[id] = Contact(
                id: ContactID(id), name: row[1], company: row[2], notes: row[3], emails: emails[id] ?? [], phones: phones[id] ?? [])
        }
        return contacts
    }

    /// The latest `limit` history lines of each lead, oldest first.
    static func recentHistory(_ leadIDs: [Int64], limit: Int, db: Database) throws -> [Int64: [HistoryEntry]] {
        guard !leadIDs.isEmpty else { return [:] }
        let records = try HistoryRecord.fetchAll(
            db,
            sql: """
                SELECT lead_id, at, actor, action, from_stage, to_stage, reason, note FROM (
                    SELECT *, row_number() OVER (PARTITION BY lead_id ORDER BY id DESC) AS n FROM history
                    WHERE lead_id IN (\(placeholders(leadIDs.count)))
                ) WHERE n <= ? ORDER BY lead_id, id
                """,
            arguments: StatementArguments(leadIDs) + [limit])
        return Dictionary(grouping: try records.map { try $0.entry() }, by: { $0.leadID.rawValue })
    }
}
