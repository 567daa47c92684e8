public import Foundation
internal import GRDB
internal import LeadexCore

/// A mail in the outbox not yet accepted by the SMTP server.
public struct PendingMail: Sendable, Hashable {
    public var id: Int64
    public var mail: OutgoingMail
    public var attempts: Int
    /// When it was enqueued; the Date of a mail the sender renders.
    public var createdAt: Date
    public var nextAttemptAt: Date
    /// Why the last attempt (to render or to send) failed.
    public var lastError: String?
}

/// The durable outbox. Jobs add mail in the transaction of their own effect (see
/// ``Outbox/insert(_:db:at:)``); the sender delivers in order of due time and marks each sent.
public struct Outbox: Sendable {
    let database: LeadexDatabase

    public init(database: LeadexDatabase) { self.database = database }

    /// The database file: other processes (`probe-forms`, `run-job`) queue mail into it too.
    public var databasePath: String { database.path }

    /// Adds mail outside any job transaction (admin alerts, tests).
    @discardableResult
    public func enqueue(_ mails: [OutgoingMail], at now: Date) async throws -> [Int64] {
        try await database.pool.write { db in try mails.map { try Self.insert($0, db: db, at: now) } }
    }

    static func insert(_ mail: OutgoingMail, db: Database, at now: Date) throws -> Int64 {
        let time = StoredTime.text(now)
        let (subject, message, template, context): (String?, Data?, String?, String?) =
            switch mail.content {
            case .rendered(let subject, let message): (subject, Data(message), nil, nil)
            case .toRender(let template, let context): (nil, nil, template, context)
            }
        try db.cachedExecute(
            sql: """
                INSERT INTO outbox (created_at, kind, lead_id, envelope_from, recipients, message_id, subject, message,
                    template, context, next_attempt_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """,
            arguments: [
                time, mail.kind.rawValue, mail.leadID?.rawValue, mail.envelopeFrom, mail.recipients.joined(separator: "\n"),
                mail.messageID, subject, message, template, context, time,
            ])
        return db.lastInsertedRowID
    }

    /// Stores the rendering of mails that were to render, in one transaction, and returns each
    /// mail as its row now holds it. A row is rendered once: should another sender have stored
    /// its rendering first, that one is kept and returned, so every attempt sends the same bytes.
    public func storeRendered(_ renderings: [(id: Int64, subject: String, message: [UInt8])]) async throws -> [Int64: OutgoingMail.Content] {
        guard !renderings.isEmpty else { return [:] }
        return try await database.pool.write { db in
            var stored: [Int64: OutgoingMail.Content] = [:]
            for rendering in renderings {
                try db.cachedExecute(
                    sql: """
                        UPDATE outbox SET subject = ?, message = ?, template = NULL, context = NULL
                        WHERE id = ? AND message IS NULL
                        """,
                    arguments: [rendering.subject, Data(rendering.message), rendering.id])
                if db.changesCount == 1 {
                    stored[rendering.id] = .rendered(subject: rendering.subject, message: rendering.message)
                } else if let row = try Row.fetchOne(cached: db, sql: "SELECT subject, message FROM outbox WHERE id = ?", arguments: [rendering.id]),
                    let subject: String = row["subject"], let message: Data = row["message"]
                {
                    stored[rendering.id] = .rendered(subject: subject, message: [UInt8](message))
                }
            }
            return stored
        }
    }

    /// Unsent mail still to render with an id above `id`, oldest first: what the sender will
    /// render before sending (a benchmark renders them all at once to time it).
    public func toRender(after id: Int64 = 0, limit: Int = 100) async throws -> [PendingMail] {
        try await database.pool.read { db in
            try Row.fetchAll(
                db,
                sql: "SELECT * FROM outbox WHERE sent_at IS NULL AND message IS NULL AND id > ? ORDER BY id LIMIT ?",
                arguments: [id, limit]
            ).map(Self.pending)
        }
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

    /// Unsent mail whose last attempt failed, and the newest failure's error: what `leadexctl
    /// status` and the admin's status page show beside the counts.
    public func failures() async throws -> (failing: Int, lastError: String?) {
        try await database.pool.read { db in
            let failing = try Int.fetchOne(db, sql: "SELECT count(*) FROM outbox WHERE sent_at IS NULL AND last_error IS NOT NULL") ?? 0
            let last = try String.fetchOne(
                db, sql: "SELECT last_error FROM outbox WHERE sent_at IS NULL AND last_error IS NOT NULL ORDER BY next_attempt_at DESC, id DESC LIMIT 1")
            return (failing, last)
        }
    }

    /// Every mail, oldest first (tests and the status command).
    public func all() async throws -> [PendingMail] {
        try await database.pool.read { db in try Row.fetchAll(db, sql: "SELECT * FROM outbox ORDER BY id").map(Self.pending) }
    }

    private static func pending(_ row: Row) -> PendingMail {
        let recipients: String = row["recipients"]
        // The schema holds exactly one of the two (a CHECK): the rendered message, or what to
        // render it from.
        let content: OutgoingMail.Content =
            if let message: Data = row["message"] {
                .rendered(subject: row["subject"], message: [UInt8](message))
            } else {
                .toRender(template: row["template"], context: row["context"])
            }
        return PendingMail(
            id: row["id"],
            mail: OutgoingMail(
                kind: OutgoingMail.Kind(rawValue: row["kind"]) ?? .adminAlert,
                leadID: (row["lead_id"] as Int64?).map(LeadID.init(rawValue:)),
                envelopeFrom: row["envelope_from"], recipients: recipients.split(separator: "\n").map(String.init),
                messageID: row["message_id"], content: content),
            attempts: row["attempts"], createdAt: row["created_at"], nextAttemptAt: row["next_attempt_at"],
            lastError: row["last_error"])
    }
}
