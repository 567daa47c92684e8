public import Foundation
internal import GRDB
public import LeadexCore

/// A mail ready to go: the whole message as it goes on the wire, and its envelope.
public struct OutgoingMail: Sendable, Hashable {
    public enum Kind: String, Sendable, CaseIterable {
        case reminder
        case stageAlert = "stage_alert"
        case untakenAlert = "untaken_alert"
        case sweep
        case report
        case adminAlert = "admin_alert"
    }

    public var kind: Kind
    public var leadID: LeadID?
    public var envelopeFrom: String
    public var recipients: [String]
    public var messageID: String
    public var subject: String
    /// RFC 5322, CRLF line endings.
    public var message: [UInt8]

    public init(
        kind: Kind, leadID: LeadID? = nil, envelopeFrom: String, recipients: [String], messageID: String, subject: String,
        message: [UInt8]
    ) {
        self.kind = kind
        self.leadID = leadID
        self.envelopeFrom = envelopeFrom
        self.recipients = recipients
        self.messageID = messageID
        self.subject = subject
        self.message = message
    }
}

/// A mail in the outbox not yet accepted by the SMTP server.
public struct PendingMail: Sendable, Hashable {
    public var id: Int64
    public var mail: OutgoingMail
    public var attempts: Int
    public var createdAt: Date
}

/// The durable outbox. Jobs add mail in the transaction of their own effect (see
/// ``Outbox/insert(_:db:at:)``); the sender delivers in order of due time and marks each sent.
public struct Outbox: Sendable {
    let database: LeadexDatabase

    public init(database: LeadexDatabase) { self.database = database }

    /// Adds mail outside any job transaction (admin alerts, tests).
    @discardableResult
    public func enqueue(_ mails: [OutgoingMail], at now: Date) async throws -> [Int64] {
        try await database.pool.write { db in try mails.map { try Self.insert($0, db: db, at: now) } }
    }

    static func insert(_ mail: OutgoingMail, db: Database, at now: Date) throws -> Int64 {
        let time = StoredTime.text(now)
        try db.cachedExecute(
            sql: """
                INSERT INTO outbox (created_at, kind, lead_id, envelope_from, recipients, message_id, subject, message,
                    next_attempt_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                """,
            arguments: [
                time, mail.kind.rawValue, mail.leadID?.rawValue, mail.envelopeFrom, mail.recipients.joined(separator: "\n"),
                mail.messageID, mail.subject, Data(mail.message), time,
            ])
        return db.lastInsertedRowID
    }

    /// When the earliest unsent mail is due, if any: the sender sleeps until then.
    public func nextAttempt() async throws -> Date? {
        try await database.pool.read { db in
            try Date.fetchOne(db, sql: "SELECT min(next_attempt_at) FROM outbox WHERE sent_at IS NULL")
        }
    }

    /// Unsent mail due at `now`, oldest due first.
    public func due(at now: Date, limit: Int = 100) async throws -> [PendingMail] {
        try await database.pool.read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT * FROM outbox WHERE sent_at IS NULL AND next_attempt_at <= ?
                    ORDER BY next_attempt_at, id LIMIT ?
                    """,
                arguments: [StoredTime.text(now), limit]
            ).map(Self.pending)
        }
    }

    public func markSent(_ id: Int64, at now: Date) async throws {
        try await database.pool.write { db in
            try db.execute(
                sql: "UPDATE outbox SET sent_at = ?, attempts = attempts + 1, last_error = NULL WHERE id = ?",
                arguments: [StoredTime.text(now), id])
        }
    }

    public func markFailed(_ id: Int64, error: String, retryAt: Date) async throws {
        try await database.pool.write { db in
            try db.execute(
                sql: "UPDATE outbox SET attempts = attempts + 1, last_error = ?, next_attempt_at = ? WHERE id = ?",
                arguments: [error, StoredTime.text(retryAt), id])
        }
    }

    /// Counts for status and tests.
    public func counts() async throws -> (pending: Int, sent: Int) {
        try await database.pool.read { db in
            let row = try Row.fetchOne(
                db, sql: "SELECT count(*) FILTER (WHERE sent_at IS NULL) AS p, count(sent_at) AS s FROM outbox")
            return (row?["p"] ?? 0, row?["s"] ?? 0)
        }
    }

    /// Every mail, oldest first (tests and the status command).
    public func all() async throws -> [PendingMail] {
        try await database.pool.read { db in try Row.fetchAll(db, sql: "SELECT * FROM outbox ORDER BY id").map(Self.pending) }
    }

    private static func pending(_ row: Row) -> PendingMail {
        let data: Data = row["message"]
        let recipients: String = row["recipients"]
        return PendingMail(
            id: row["id"],
            mail: OutgoingMail(
                kind: OutgoingMail.Kind(rawValue: row["kind"]) ?? .adminAlert,
                leadID: (row["lead_id"] as Int64?).map(LeadID.init(rawValue:)),
                envelopeFrom: row["envelope_from"], recipients: recipients.split(separator: "\n").map(String.init),
                messageID: row["message_id"], subject: row["subject"], message: [UInt8](data)),
            attempts: row["attempts"], createdAt: row["created_at"])
    }
}
