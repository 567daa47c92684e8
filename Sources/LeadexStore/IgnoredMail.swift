public import Foundation
internal import GRDB
public import LeadexCore
internal import Logging

/// A mail intake recorded as not a lead, with why, and whether someone has restored it since.
public struct IgnoredMail: Sendable, Hashable {
    /// The mail's row id: what `leadexctl restore-ignored` takes.
    public var id: Int64
    public var mailbox: String
    public var receivedAt: Date
    public var sender: String?
    public var subject: String?
    /// Why intake ignored it (auto-reply, bounce, no contact data, mail loop, health probe).
    public var reason: String
    /// The size of the kept original; `nil` when it was over `keep_original_kb` and not kept.
    public var originalBytes: Int?
    /// Set once an admin or the head has turned it into a lead.
    public var restored: RestoredMail?
}

/// What restoring an ignored mail made of it.
public struct RestoredMail: Sendable, Hashable {
    public enum Outcome: String, Sendable, Hashable {
        /// A new lead on the exchange.
        case created = "lead"
        /// A line on the open deal the mail continues (a reply, or a known contact writing again),
        /// as intake would have added it.
        case addedToDeal = "history"
        /// Its Message-ID already was a lead of this mailbox.
        case existingLead = "duplicate"
    }

    public var mailID: Int64
    /// `nil` only when the lead has been deleted since.
    public var leadID: LeadID?
    public var outcome: Outcome
    /// False when the original was not kept: the lead holds the sender, subject and attachment
    /// names the mail's record kept, and says so in its text.
    public var fromOriginal: Bool
    public var by: UserLogin
    public var at: Date
    /// True when this call found the mail restored already (by `by`, at `at`) and wrote nothing.
    public var earlier: Bool
}

/// Ignored mail, reviewable and recoverable: whatever intake's classifier decided, the head or
/// an admin lists what was ignored and why, and turns one back into a lead from the kept
/// original. A wrong "ignored" must cost minutes, not a client.
extension ExchangeStore {
    /// Ignored mail received at or after `since` (all of it when `nil`), oldest first.
    public func ignoredMail(since: Date?, as login: UserLogin) async throws -> [IgnoredMail] {
        _ = try check(login, action: "ignored") { rules, user throws(RuleViolation) in try rules.requireBaseKeeper(user, to: "review ignored mail") }
        return try await database.pool.read { db in
            try Row.fetchAll(
                db, sql: Self.ignoredSelect + " AND m.received_at >= ? ORDER BY m.received_at, m.id",
                arguments: [since.map(StoredTime.text) ?? ""]
            ).map(Self.ignoredMail)
        }
    }

    /// Turns ignored mail `id` into a lead, as intake would have had it been read as a request:
    /// a new lead on the exchange, or a line on the open deal it continues. Idempotent: a mail
    /// already restored is reported as such and nothing is written. The history says who restored
    /// it and why it had been ignored; the journal has `USER=` and `LEAD_ID=`.
    ///
    /// - Parameter decide: reads a kept original as a request whatever the classifier says (the
    ///   daemon passes intake's decider); not called when the original was not kept, in which
    ///   case the lead is made from what the mail's record kept and says so.
    public func restoreIgnoredMail(
        _ id: Int64, by login: UserLogin, decide: (_ mailbox: String, _ original: [UInt8]) -> MailIntakeItem
    ) async throws -> RestoredMail {
        _ = try check(login, action: "restore-ignored") { rules, user throws(RuleViolation) in
            try rules.requireBaseKeeper(user, to: "restore ignored mail")
        }
        let found = try await database.pool.read { db -> (IgnoredMail, [UInt8]?, MailIntakeItem)? in
            guard let row = try Row.fetchOne(db, sql: Self.ignoredSelect + " AND m.id = ?", arguments: [id]) else { return nil }
            let raw = try Data.fetchOne(db, sql: "SELECT raw FROM mail_original WHERE mail_id = ?", arguments: [id]).map { [UInt8]($0) }
            let kept = MailIntakeItem(
                serverKey: row["server_key"], messageID: row["message_id"], contentHash: row["content_hash"], sender: row["sender"],
                subject: row["subject"], thread: [], decision: .ignored(reason: row["reason"]),
                attachments: (row["attachments"] as String?)?.split(separator: "\n").map(String.init) ?? [])
            return (try Self.ignoredMail(row), raw, kept)
        }
        guard let (mail, raw, kept) = found else {
            logRefusal(.ignoredMailNotFound(id), user: login, lead: nil, action: "restore-ignored")
            throw RuleViolation.ignoredMailNotFound(id)
        }
        if let restored = mail.restored { return restored }

        var item = raw.map { decide(mail.mailbox, $0) } ?? kept
        let incoming: IncomingLead
        let fromOriginal: Bool
        if raw != nil, case .lead(let lead) = item.decision {
            (incoming, fromOriginal) = (lead, true)
        } else {
            // Without an original (or one the decider cannot read as a request), the lead is
            // what the mail's record kept: who wrote, the subject, the attachments' names.
            item = kept
            (incoming, fromOriginal) = (Self.keptLead(mail, kept, hadOriginal: raw != nil), false)
        }
        let pipeline = policy.pipeline
        let restored = try await database.pool.write { [clock, item] db -> RestoredMail in
            if let row = try Row.fetchOne(db, sql: Self.ignoredSelect + " AND m.id = ?", arguments: [id]),
                let restored = try Self.ignoredMail(row).restored
            {
                return restored
            }
            let now = clock.now()
            let because = "ignored mail \(id) restored (it was ignored as: \(mail.reason))"
                + (fromOriginal ? "" : "; made from the mail's record, not its original: only its sender and subject")
            let contact = try Self.findContact(incoming.contact, db: db)
            let outcome: RestoredMail.Outcome
            let lead: LeadID
            if let (deal, dealContact) = try Self.openDeal(continuedBy: item, contact: contact, db: db) {
                (outcome, lead) = (.addedToDeal, deal)
                let (note, _) = try Self.dealNote(item, incoming, writer: contact, dealContact: dealContact, db: db, at: now)
                try HistoryRecord(
                    HistoryEntry(leadID: deal, at: now, actor: login, action: .mailRestored, note: because + "\n" + note)
                ).insert(db)
                try db.execute(sql: "UPDATE lead SET last_activity_at = ? WHERE id = ?", arguments: [StoredTime.text(now), deal.rawValue])
            } else {
                switch try Self.insertIncoming(incoming, pipeline: pipeline, db: db, at: now, knownContact: .some(contact)) {
                case .created(let id, _, _): (outcome, lead) = (.created, id)
                case .duplicate(let id): (outcome, lead) = (.existingLead, id)
                }
                let note = outcome == .created ? because : because + "; its Message-ID already was this lead"
                try HistoryRecord(HistoryEntry(leadID: lead, at: now, actor: login, action: .mailRestored, note: note)).insert(db)
            }
            try db.execute(
                sql: """
                    INSERT INTO mail_restore (mail_id, lead_id, outcome, restored_by, restored_at, from_original)
                    VALUES (?, ?, ?, ?, ?, ?)
                    """,
                arguments: [id, lead.rawValue, outcome.rawValue, login.rawValue, StoredTime.text(now), fromOriginal])
            return RestoredMail(mailID: id, leadID: lead, outcome: outcome, fromOriginal: fromOriginal, by: login, at: now, earlier: false)
        }
        if !restored.earlier {
            logger.notice(
                "ignored mail restored",
                metadata: [
                    "user": "\(login)", "lead_id": "\(restored.leadID.map { "\($0)" } ?? "")", "action": "restore-ignored",
                    "mail_id": "\(id)", "inbox": "\(mail.mailbox)", "outcome": "\(restored.outcome.rawValue)",
                    "from_original": "\(restored.fromOriginal)",
                ])
        }
        return restored
    }

    /// Every ignored mail with its kept original's size and its restore; callers add conditions.
    private static let ignoredSelect = """
        SELECT m.id, m.mailbox, m.server_key, m.message_id, m.content_hash, m.sender, m.subject, m.received_at, m.reason,
            m.attachments, length(o.raw) AS original_bytes,
            r.lead_id AS restored_lead, r.outcome AS restored_outcome, r.restored_by, r.restored_at, r.from_original
        FROM mail_message m
        LEFT JOIN mail_original o ON o.mail_id = m.id
        LEFT JOIN mail_restore r ON r.mail_id = m.id
        WHERE m.outcome = 'ignored'
        """

    private static func ignoredMail(_ row: Row) throws -> IgnoredMail {
        let id: Int64 = row["id"]
        var restored: RestoredMail?
        if let by: String = row["restored_by"] {
            guard let outcome = RestoredMail.Outcome(rawValue: row["restored_outcome"]), let at: Date = row["restored_at"] else {
                throw StoreError.corruptRow(table: "mail_restore", id: id)
            }
            restored = RestoredMail(
                mailID: id, leadID: (row["restored_lead"] as Int64?).map(LeadID.init(rawValue:)), outcome: outcome,
                fromOriginal: row["from_original"], by: UserLogin(rawValue: by), at: at, earlier: true)
        }
        return IgnoredMail(
            id: id, mailbox: row["mailbox"], receivedAt: row["received_at"], sender: row["sender"], subject: row["subject"],
            reason: row["reason"], originalBytes: row["original_bytes"], restored: restored)
    }

    /// The lead a mail makes from its record alone: the sender as the contact, the subject as
    /// the title, and a text that says the original was not kept.
    private static func keptLead(_ mail: IgnoredMail, _ kept: MailIntakeItem, hadOriginal: Bool) -> IncomingLead {
        let email = mail.sender.map(Contact.normalizedEmail).flatMap { $0.contains("@") ? $0 : nil }
        var text =
            hadOriginal
            ? "[The kept original could not be read as a request: this lead holds only the mail's sender and subject.]"
            : "[The original message was not kept (over keep_original_kb, or over max_message_mb and read only in part): "
                + "this lead holds only its sender and subject.]"
        if !kept.attachments.isEmpty { text += "\n\nAttachments: " + kept.attachments.joined(separator: ", ") }
        return IncomingLead(
            source: LeadSource(kind: .mail, name: mail.mailbox),
            sourceRef: kept.messageID ?? kept.contentHash.map { "sha256:\($0)" },
            title: mail.subject.flatMap { $0.isEmpty ? nil : $0 } ?? "(без темы)", text: text,
            contact: ContactDraft(name: email.map { String($0.prefix { $0 != "@" }) } ?? "?", emails: email.map { [$0] } ?? []))
    }
}
