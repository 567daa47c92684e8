internal import GRDB
public import LeadexCore

/// One message as intake recorded it: what it was and what became of it.
public struct RecordedMail: Sendable, Hashable {
    public var serverKey: String
    public var messageID: String?
    /// `lead`, `history`, `duplicate` or `ignored`.
    public var outcome: String
    public var leadID: LeadID?
    /// Why it was ignored.
    public var reason: String?
}

extension ExchangeStore {
    /// Every message recorded for `mailbox`, in the order intake recorded them.
    public func recordedMail(in mailbox: String) async throws -> [RecordedMail] {
        try await database.pool.read { db in
            try Row.fetchAll(
                db, sql: "SELECT server_key, message_id, outcome, lead_id, reason FROM mail_message WHERE mailbox = ? ORDER BY id",
                arguments: [mailbox]
            ).map { row in
                RecordedMail(
                    serverKey: row[0], messageID: row[1], outcome: row[2], leadID: (row[3] as Int64?).map(LeadID.init(rawValue:)),
                    reason: row[4])
            }
        }
    }
}
