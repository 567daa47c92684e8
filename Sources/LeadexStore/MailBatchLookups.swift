internal import Foundation
internal import GRDB
internal import LeadexCore

/// What recording a batch of mail needs to know from the store, read with a handful of queries
/// for the whole batch instead of five for every message, then kept up to date in memory as the
/// batch's own rows go in (two messages of one sender in one batch must meet each other).
///
/// Each map answers exactly what its per-message query did:
/// - ``recordedKeys``: `SELECT 1 FROM mail_message WHERE mailbox = ? AND server_key = ?`
/// - ``leadByMessageID`` / ``leadByContentHash``: the lead (or none) of the first earlier row of
///   that message in the mailbox;
/// - ``copyTimes``: when each earlier copy of a mail (by ``MailIntakeItem/loopKey``) was written,
///   for copies within the loop window of the batch's own;
/// - ``contactByEmail`` / ``contactByPhone``: the lowest contact id holding that address.
struct MailBatchLookups {
    private(set) var recordedKeys: Set<String> = []
    private var leadByMessageID: [String: Int64?] = [:]
    private var leadByContentHash: [String: Int64?] = [:]
    private var copyTimes: [String: [Date]] = [:]
    private var contactByEmail: [String: Int64] = [:]
    private var contactByPhone: [String: Int64] = [:]

    /// - Parameters:
    ///   - loopWindow: copies of a mail this many seconds apart or more do not count together.
    ///   - now: the time of a message that gives none of its own.
    init(_ items: [MailIntakeItem], mailbox: String, loopWindow: TimeInterval, now: Date, db: Database) throws {
        for row in try Self.rows(db, "SELECT server_key FROM mail_message WHERE mailbox = ? AND server_key IN (%@)", before: [mailbox], items.map(\.serverKey)) {
            recordedKeys.insert(row[0])
        }
        // The lowest id first, so that the first row seen of a message is the one kept. `+mailbox`
        // keeps SQLite on the message_id index: by the (mailbox, server_key) index it would
        // read every row of the mailbox.
        for row in try Self.rows(
            db, "SELECT message_id, lead_id FROM mail_message WHERE +mailbox = ? AND message_id IN (%@) ORDER BY id",
            before: [mailbox], Set(items.compactMap(\.messageID)))
        {
            let id: String = row[0]
            if leadByMessageID[id] == nil { leadByMessageID[id] = .some(row[1]) }
        }
        for row in try Self.rows(
            db, "SELECT content_hash, lead_id FROM mail_message WHERE mailbox = ? AND content_hash IN (%@) AND message_id IS NULL ORDER BY id",
            before: [mailbox], Set(items.filter { $0.messageID == nil }.compactMap(\.contentHash)))
        {
            let hash: String = row[0]
            if leadByContentHash[hash] == nil { leadByContentHash[hash] = .some(row[1]) }
        }
        var loopKeys: Set<String> = []
        var earliest = Date.distantFuture, latest = Date.distantPast
        for item in items {
            guard case .lead = item.decision, let key = item.loopKey else { continue }
            let at = Self.messageTime(item.sentAt, now: now)
            loopKeys.insert(key)
            earliest = min(earliest, at)
            latest = max(latest, at)
        }
        if !loopKeys.isEmpty {
            for row in try Self.rows(
                db, "SELECT loop_key, sent_at FROM mail_message WHERE loop_key IN (%@) AND sent_at > ? AND sent_at < ?", loopKeys,
                after: [StoredTime.text(earliest.addingTimeInterval(-loopWindow)), StoredTime.text(latest.addingTimeInterval(loopWindow))])
            {
                copyTimes[row[0], default: []].append(row[1])
            }
        }
        var emails: Set<String> = []
        var phones: Set<String> = []
        for case .lead(let incoming) in items.map(\.decision) {
            emails.formUnion(incoming.contact.emails.filter { !$0.isEmpty })
            phones.formUnion(incoming.contact.phones.map(\.e164))
        }
        for row in try Self.rows(db, "SELECT email, min(contact_id) FROM contact_email WHERE email IN (%@) GROUP BY email", emails) {
            contactByEmail[row[0]] = row[1]
        }
        for row in try Self.rows(db, "SELECT phone, min(contact_id) FROM contact_phone WHERE phone IN (%@) GROUP BY phone", phones) {
            contactByPhone[row[0]] = row[1]
        }
    }

    /// The rows of `sql` for every value, its `IN (%@)` list filled in runs short enough for one
    /// statement (POP3 passes may be larger than a batch).
    private static func rows(
        _ db: Database, _ sql: String, before: [String] = [], _ values: some Collection<String>, after: [String] = []
    ) throws -> [Row] {
        try parameterChunks(Array(values)).flatMap { chunk in
            try Row.fetchAll(
                db, sql: sql.replacingOccurrences(of: "%@", with: placeholders(chunk.count)),
                arguments: StatementArguments(before + chunk + after))
        }
    }

    /// The lead of an earlier row of this message in the mailbox: `nil` when there is none,
    /// `.some(nil)` when there is one without a lead (it was ignored).
    func earlier(_ item: MailIntakeItem) -> Int64?? {
        if let id = item.messageID { return leadByMessageID[id] }
        return item.contentHash.flatMap { leadByContentHash[$0] }
    }

    /// How many copies of the mail `key` were written less than `window` seconds from `at`.
    func copies(of key: String, around at: Date, within window: TimeInterval) -> Int {
        copyTimes[key, default: []].count(where: { abs($0.timeIntervalSince(at)) < window })
    }

    /// When a message was written, by its own word where that is believable: a Date before
    /// 1970 or more than a day ahead of `now` is a wrong clock (or a hostile header), and the
    /// time intake reads it is all there is.
    static func messageTime(_ sentAt: Date?, now: Date) -> Date {
        guard let sentAt, sentAt.timeIntervalSince1970 >= 0, sentAt <= now.addingTimeInterval(86_400) else { return now }
        return sentAt
    }

    /// The contact sharing an email or else a phone with `draft`: ``ExchangeStore/findContact(_:db:)``
    /// without the queries.
    func contact(for draft: ContactDraft) -> Int64? {
        if let id = draft.emails.filter({ !$0.isEmpty }).sorted().lazy.compactMap({ contactByEmail[$0] }).first {
            return id
        }
        return draft.phones.map(\.e164).sorted().lazy.compactMap { contactByPhone[$0] }.first
    }

    /// Notes a row just inserted into `mail_message`.
    /// - Parameter copy: the row's loop key and time, when it counts towards the loop cap.
    mutating func recorded(_ item: MailIntakeItem, lead: Int64?, copy: (key: String, at: Date)?) {
        recordedKeys.insert(item.serverKey)
        if let id = item.messageID {
            if leadByMessageID[id] == nil { leadByMessageID[id] = .some(lead) }
        } else if let hash = item.contentHash, leadByContentHash[hash] == nil {
            leadByContentHash[hash] = .some(lead)
        }
        if let copy { copyTimes[copy.key, default: []].append(copy.at) }
    }

    /// Notes the addresses `contact` now holds (``ExchangeStore/upsertContact(_:db:at:knownContact:)``
    /// adds every address of the draft).
    mutating func contact(_ contact: Int64, holds draft: ContactDraft) {
        for email in draft.emails where !email.isEmpty {
            contactByEmail[email] = min(contactByEmail[email] ?? contact, contact)
        }
        for phone in draft.phones.map(\.e164) {
            contactByPhone[phone] = min(contactByPhone[phone] ?? contact, contact)
        }
    }
}
