public import Foundation
internal import GRDB
public import LeadexCore
internal import Logging

/// One message read from a mailbox, decided upon by intake and ready to be recorded.
public struct MailIntakeItem: Sendable {
    /// `UIDVALIDITY:UID` for IMAP, the UIDL for POP3: what the server knows the message by.
    public var serverKey: String
    public var messageID: String?
    /// SHA-256 (hex) of the raw message: the identity of a message without a Message-ID (only
    /// then is it computed: hashing every message cost a tenth of intake's time).
    public var contentHash: String?
    /// The From address.
    public var sender: String?
    public var subject: String?
    /// In-Reply-To and References: a reply to a message of an open deal joins that deal.
    public var thread: [String]
    public var decision: Decision
    public var charsetFallback: Bool
    public var attachments: [String]
    /// The original message, when within the configured size limit.
    public var raw: [UInt8]?
    /// The identity of the mail's content (``MailLoop/contentKey(sender:subject:message:)``):
    /// the same mail arriving again and again is a loop.
    public var loopKey: String?
    /// When the mail says it was written: the loop guard judges time by the message, not by
    /// when intake reads it (a backlog read at once is no burst).
    public var sentAt: Date?

    public enum Decision: Sendable {
        /// A request: a new lead, unless it continues an open deal.
        case lead(IncomingLead)
        /// Not a lead (auto-reply, bounce, unreadable), with the reason admins will see.
        case ignored(reason: String)
        /// A web form's health-check probe that came back by mail: recorded as its arrival, never a lead.
        case probe(token: String)
    }

    public init(
        serverKey: String, messageID: String?, contentHash: String?, sender: String?, subject: String?, thread: [String],
        decision: Decision, charsetFallback: Bool = false, attachments: [String] = [], raw: [UInt8]? = nil,
        loopKey: String? = nil, sentAt: Date? = nil
    ) {
        self.serverKey = serverKey
        self.messageID = messageID
        self.contentHash = contentHash
        self.sender = sender
        self.subject = subject
        self.thread = thread
        self.decision = decision
        self.charsetFallback = charsetFallback
        self.attachments = attachments
        self.raw = raw
        self.loopKey = loopKey
        self.sentAt = sentAt
    }
}

/// What became of one message.
public enum MailIntakeOutcome: Sendable, Hashable {
    /// A new lead on the exchange.
    case created(LeadID)
    /// Added to the history of an open deal: a reply, or a known contact writing again.
    case addedToDeal(LeadID)
    /// The same message arrived before (re-delivered, or re-listed after a UIDVALIDITY change).
    case duplicate(LeadID?)
    /// Recorded as not a lead, with the reason.
    case ignored(String)
    /// This very server message was recorded before: only its acknowledgement was missing.
    case alreadyRecorded
}

/// Where intake stands in a mailbox.
public struct MailboxCursor: Sendable, Hashable {
    public var uidValidity: Int64?
    /// The highest UID recorded under `uidValidity`.
    public var lastUID: Int64

    public init(uidValidity: Int64?, lastUID: Int64) {
        self.uidValidity = uidValidity
        self.lastUID = lastUID
    }
}

extension ExchangeStore {
    /// Records a batch of messages of `mailbox` in one transaction — leads, history lines,
    /// ignored records — and moves the cursor to `cursor` in the same transaction, so that a
    /// crash leaves either all of it or none. The server is told only afterwards
    /// (``unacknowledgedMail(in:)``, ``markAcknowledged(_:in:)``).
    ///
    /// - Parameters:
    ///   - loopCap: more copies than this of one mail (``MailIntakeItem/loopKey``) written
    ///     within an hour of each other are ignored as a mail loop. Different mails are never
    ///     counted together, however many one sender sends.
    ///   - acknowledged: keys of earlier messages the server has since been told about, marked
    ///     in this same transaction (a backlog's batches then cost one commit each, not two).
    public func recordMail(
        _ items: [MailIntakeItem], mailbox: String, cursor: MailboxCursor?, loopCap: Int = identicalMailCap, acknowledged: [String] = []
    ) async throws -> [MailIntakeOutcome] {
        let pipeline = policy.pipeline
        let outcomes = try await database.pool.write { [clock] db -> [MailIntakeOutcome] in
            let now = clock.now()
            var outcomes: [MailIntakeOutcome] = []
            outcomes.reserveCapacity(items.count)
            var lookups = try MailBatchLookups(items, mailbox: mailbox, loopWindow: Self.loopWindow, now: now, db: db)
            for item in items {
                outcomes.append(
                    try Self.record(item, mailbox: mailbox, pipeline: pipeline, loopCap: loopCap, lookups: &lookups, db: db, at: now))
            }
            if let cursor {
                try db.cachedExecute(
                    sql: """
                        INSERT INTO mailbox_cursor (mailbox, uid_validity, last_uid, updated_at) VALUES (?, ?, ?, ?)
                        ON CONFLICT (mailbox) DO UPDATE SET uid_validity = excluded.uid_validity,
                            last_uid = excluded.last_uid, updated_at = excluded.updated_at
                        """,
                    arguments: [mailbox, cursor.uidValidity, cursor.lastUID, StoredTime.text(now)])
            }
            try Self.markAcknowledged(acknowledged, in: mailbox, db: db)
            return outcomes
        }
        IntakeMetrics.recordMail(outcomes, mailbox: mailbox)
        for (item, outcome) in zip(items, outcomes) {
            switch outcome {
            case .created(let id):
                logger.info("lead on the exchange", metadata: ["lead_id": "\(id)", "inbox": "\(mailbox)", "from": "\(item.sender ?? "")"])
            case .addedToDeal(let id):
                logger.info("mail added to an open deal", metadata: ["lead_id": "\(id)", "inbox": "\(mailbox)"])
            case .ignored(let reason):
                logger.notice("mail ignored: \(reason)", metadata: ["inbox": "\(mailbox)", "from": "\(item.sender ?? "")"])
            case .duplicate, .alreadyRecorded:
                logger.debug("mail already recorded", metadata: ["inbox": "\(mailbox)", "key": "\(item.serverKey)"])
            }
        }
        return outcomes
    }

    /// Copies of one mail within this many seconds of each other count towards the loop cap.
    static let loopWindow: TimeInterval = 3600

    /// Copies of one mail that pass within ``loopWindow`` before further ones are a loop: a
    /// client may well send the same short request twice, a loop sends it dozens of times.
    public static let identicalMailCap = 5

    private static func record(
        _ item: MailIntakeItem, mailbox: String, pipeline: Pipeline, loopCap: Int, lookups: inout MailBatchLookups, db: Database,
        at now: Date
    ) throws -> MailIntakeOutcome {
        if lookups.recordedKeys.contains(item.serverKey) {
            return .alreadyRecorded
        }
        // The copies of a request (not of duplicates or ignored mail) count towards the loop cap.
        let loop: (key: String, at: Date)? =
            if case .lead = item.decision, let key = item.loopKey { (key, MailBatchLookups.messageTime(item.sentAt, now: now)) } else { nil }
        func insert(_ outcome: String, lead: LeadID?, reason: String?, countsAsCopy: Bool = false) throws {
            let copy = countsAsCopy ? loop : nil
            try db.cachedRawWrite(
                sql: """
                    INSERT INTO mail_message (mailbox, server_key, message_id, content_hash, sender, subject, received_at,
                        outcome, lead_id, reason, charset_fallback, attachments, loop_key, sent_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """
            ) {
                $0.add(mailbox)
                $0.add(item.serverKey)
                $0.add(item.messageID)
                $0.add(item.contentHash)
                $0.add(item.sender)
                $0.add(item.subject)
                $0.add(StoredTime.text(now))
                $0.add(outcome)
                $0.add(lead?.rawValue)
                $0.add(reason)
                $0.add(item.charsetFallback)
                $0.add(item.attachments.isEmpty ? nil : item.attachments.joined(separator: "\n"))
                $0.add(copy?.key)
                $0.add(copy.map { StoredTime.text($0.at) })
            }
            if let raw = item.raw {
                let mail = db.lastInsertedRowID
                try db.cachedRawWrite(sql: "INSERT INTO mail_original (mail_id, raw) VALUES (?, ?)") {
                    $0.add(mail)
                    $0.add(blob: raw)
                }
            }
            lookups.recorded(item, lead: lead?.rawValue, copy: copy)
        }

        // The same message seen before in this mailbox, under another UID or UIDL.
        if let previous = lookups.earlier(item) {
            let lead = previous.map(LeadID.init(rawValue:))
            try insert("duplicate", lead: lead, reason: nil)
            return .duplicate(lead)
        }

        switch item.decision {
        case .ignored(let reason):
            try insert("ignored", lead: nil, reason: reason)
            return .ignored(reason)
        case .probe(let token):
            let known = try recordProbeArrival(token: token, via: "mailbox:\(mailbox)", problem: nil, db: db, at: now)
            let reason = known ? "form health probe \(token)" : "form health probe \(token) (not sent from this database)"
            try insert("ignored", lead: nil, reason: reason)
            return .ignored(reason)
        case .lead(let incoming):
            if let loop, lookups.copies(of: loop.key, around: loop.at, within: loopWindow) >= loopCap {
                let reason = "mail loop: the same mail more than \(loopCap) times within an hour"
                try insert("ignored", lead: nil, reason: reason, countsAsCopy: true)
                return .ignored(reason)
            }
            let contact = lookups.contact(for: incoming.contact)
            if let (deal, dealContact) = try openDeal(continuedBy: item, contact: contact, db: db) {
                let (note, gained) = try dealNote(item, incoming, writer: contact, dealContact: dealContact, db: db, at: now)
                if gained, let contact { lookups.contact(contact, holds: incoming.contact) }
                try HistoryRecord(
                    HistoryEntry(leadID: deal, at: now, actor: nil, action: .mailReceived, note: note)
                ).insertCached(db)
                try db.cachedExecute(sql: "UPDATE lead SET last_activity_at = ? WHERE id = ?", arguments: [StoredTime.text(now), deal.rawValue])
                try insert("history", lead: deal, reason: nil, countsAsCopy: true)
                return .addedToDeal(deal)
            }
            // The Message-ID (or content hash) lookup above is the lead's source reference
            // within this mailbox: no second lookup by it.
            switch try insertIncoming(incoming, pipeline: pipeline, db: db, at: now, knownContact: .some(contact), sourceChecked: true) {
            case .created(let id, let contact, _):
                lookups.contact(contact.rawValue, holds: incoming.contact)
                try insert("lead", lead: id, reason: nil, countsAsCopy: true)
                return .created(id)
            case .duplicate(let id):
                try insert("duplicate", lead: id, reason: nil)
                return .duplicate(id)
            }
        }
    }

    /// The open deal a message continues, with the deal's contact: the deal of a message it
    /// replies to, else the open deal of the contact who wrote it (matched by email or phone).
    static func openDeal(continuedBy item: MailIntakeItem, contact: Int64?, db: Database) throws -> (LeadID, contact: Int64)? {
        let open = "l.status IN ('exchange', 'owned', 'refused')"
        if !item.thread.isEmpty,
            let row = try Row.fetchOne(
                cached: db,
                sql: """
                    SELECT l.id, l.contact_id FROM mail_message m JOIN lead l ON l.id = m.lead_id
                    WHERE m.message_id IN (\(placeholders(item.thread.count))) AND \(open)
                    ORDER BY l.id DESC LIMIT 1
                    """,
                arguments: StatementArguments(item.thread))
        {
            return (LeadID(row[0] as Int64), row[1])
        }
        guard let contact else { return nil }
        return try Int64.fetchOne(
            cached: db, sql: "SELECT l.id FROM lead l WHERE l.contact_id = ? AND \(open) ORDER BY l.id DESC LIMIT 1", arguments: [contact]
        ).map { (LeadID($0), contact) }
    }

    /// The note of a mail's line on an open deal. When its writer is the deal's contact (not a
    /// colleague answering in the thread), the contact gains what the mail brings that it
    /// lacks — a new phone, address, a fuller name — and the note says so.
    /// - Returns: the note, and whether the contact gained anything.
    static func dealNote(
        _ item: MailIntakeItem, _ incoming: IncomingLead, writer: Int64?, dealContact: Int64, db: Database, at now: Date
    ) throws -> (String, gained: Bool) {
        let note = mailNote(item, incoming)
        guard writer == dealContact else { return (note, false) }
        let gained = try enrichContact(dealContact, with: incoming.contact, db: db, at: now)
        return gained.isEmpty ? (note, false) : (note + "\n\n" + ContactGains.line(gained), true)
    }

    static func mailNote(_ item: MailIntakeItem, _ incoming: IncomingLead) -> String {
        let text = incoming.text.count > 2000 ? String(incoming.text.prefix(2000)) + "…" : incoming.text
        return [item.subject.map { "Subject: \($0)" }, text].compactMap { $0 }.joined(separator: "\n")
    }

    /// Where intake stands in `mailbox`, or `nil` before its first message.
    public func mailboxCursor(_ mailbox: String) async throws -> MailboxCursor? {
        try await database.pool.read { db in
            try Row.fetchOne(cached: db, sql: "SELECT uid_validity, last_uid FROM mailbox_cursor WHERE mailbox = ?", arguments: [mailbox])
                .map { MailboxCursor(uidValidity: $0["uid_validity"], lastUID: $0["last_uid"]) }
        }
    }

    /// Moves the cursor alone (a UIDVALIDITY change starts the mailbox over at UID 0).
    public func setMailboxCursor(_ cursor: MailboxCursor, mailbox: String) async throws {
        try await database.pool.write { [clock] db in
            try db.cachedExecute(
                sql: """
                    INSERT INTO mailbox_cursor (mailbox, uid_validity, last_uid, updated_at) VALUES (?, ?, ?, ?)
                    ON CONFLICT (mailbox) DO UPDATE SET uid_validity = excluded.uid_validity,
                        last_uid = excluded.last_uid, updated_at = excluded.updated_at
                    """,
                arguments: [mailbox, cursor.uidValidity, cursor.lastUID, StoredTime.text(clock.now())])
        }
    }

    /// Server keys recorded but not yet acknowledged to the server, oldest first.
    public func unacknowledgedMail(in mailbox: String) async throws -> [String] {
        try await database.pool.read { db in
            try String.fetchAll(db, sql: "SELECT server_key FROM mail_message WHERE mailbox = ? AND acked = 0 ORDER BY id", arguments: [mailbox])
        }
    }

    /// Records that the server was told these messages are done.
    public func markAcknowledged(_ keys: [String], in mailbox: String) async throws {
        guard !keys.isEmpty else { return }
        try await database.pool.write { db in try Self.markAcknowledged(keys, in: mailbox, db: db) }
    }

    private static func markAcknowledged(_ keys: [String], in mailbox: String, db: Database) throws {
        for chunk in parameterChunks(keys) {
            try db.cachedExecute(
                sql: "UPDATE mail_message SET acked = 1 WHERE mailbox = ? AND server_key IN (\(placeholders(chunk.count)))",
                arguments: StatementArguments([mailbox] + chunk))
        }
    }

    /// Server keys of `mailbox` already recorded, for POP3 (which has no cursor, only UIDLs).
    public func recordedKeys(in mailbox: String) async throws -> Set<String> {
        try await database.pool.read { db in
            Set(try String.fetchAll(db, sql: "SELECT server_key FROM mail_message WHERE mailbox = ?", arguments: [mailbox]))
        }
    }

    /// Counts of recorded mail by outcome, for tests and `leadexctl status`.
    public func mailOutcomes(in mailbox: String) async throws -> [String: Int] {
        try await database.pool.read { db in
            var counts: [String: Int] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT outcome, count(*) AS n FROM mail_message WHERE mailbox = ? GROUP BY outcome", arguments: [mailbox]) {
                counts[row["outcome"]] = row["n"]
            }
            return counts
        }
    }
}
