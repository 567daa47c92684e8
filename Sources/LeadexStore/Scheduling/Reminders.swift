public import Foundation
internal import GRDB
internal import Logging
internal import Synchronization
public import LeadexCore

/// A callback a manager promised a client.
public struct Reminder: Sendable, Hashable {
    public var id: Int64
    public var leadID: LeadID
    public var createdBy: UserLogin?
    public var createdAt: Date
    public var dueAt: Date
    public var note: String
    public var sentAt: Date?
    public var overdue: Bool
}

/// A reminder that fell due, with what its mail tells: whom to call, about what, where the deal is.
public struct DueReminder: Sendable {
    public var reminder: Reminder
    public var lead: Lead
    public var contact: Contact
    /// The deal's owner, or `nil` when it is back on the exchange (the mail then goes to the
    /// head and the exchange list).
    public var owner: User?
    /// The latest history lines, newest last.
    public var recentHistory: [HistoryEntry]
    /// Sent later than due because the daemon was down or busy.
    public var overdue: Bool
}

extension ExchangeStore {
    /// Sets a callback on lead `id` for `login`, recorded in the deal's history.
    @discardableResult
    public func setReminder(on id: LeadID, at due: Date, note: String, by login: UserLogin) async throws -> Reminder {
        let rules = rules.withLock { $0 }
        do {
            let reminder = try await database.pool.write { [clock] db -> Reminder in
                guard let actor = rules.policy.users[login] else { throw RuleViolation.unknownUser(login) }
                guard let lead = try LeadRecord.fetchOne(db, key: id.rawValue)?.lead() else { throw RuleViolation.leadNotFound(id) }
                try rules.checkCanRemind(lead, actor: actor)
                let now = clock.now()
                try rules.checkReminderTime(due, now: now)
                try db.execute(
                    sql: "INSERT INTO reminder (lead_id, created_by, created_at, due_at, note) VALUES (?, ?, ?, ?, ?)",
                    arguments: [id.rawValue, login.rawValue, StoredTime.text(now), StoredTime.text(due), note])
                let reminder = Reminder(
                    id: db.lastInsertedRowID, leadID: id, createdBy: login, createdAt: now, dueAt: due, note: note,
                    sentAt: nil, overdue: false)
                try HistoryRecord(
                    HistoryEntry(leadID: id, at: now, actor: login, action: .reminderSet, note: "\(StoredTime.text(due)) UTC: \(note)")
                ).insert(db)
                return reminder
            }
            logger.info("reminder set", metadata: ["user": "\(login)", "lead_id": "\(id)", "action": "remind", "reminder_id": "\(reminder.id)"])
            return reminder
        } catch let violation as RuleViolation {
            logRefusal(violation, user: login, lead: id, action: "remind")
            throw violation
        }
    }

    /// Reminders of lead `id`, if `login` may see it.
    public func reminders(of id: LeadID, as login: UserLogin) async throws -> [Reminder] {
        _ = try await lead(id, as: login)
        return try await database.pool.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM reminder WHERE lead_id = ? ORDER BY due_at, id", arguments: [id.rawValue])
                .map(Self.reminder)
        }
    }

    /// The earliest unsent reminder's due time: one index lookup however many are pending.
    public func nextReminderDue() async throws -> Date? {
        try await database.pool.read { db in
            try Date.fetchOne(db, sql: "SELECT due_at FROM reminder WHERE sent_at IS NULL ORDER BY due_at LIMIT 1")
        }
    }

    /// Sends every reminder due at `now`, in batches of `batchSize`. A batch is read in a few
    /// queries, its mails composed outside any transaction on every core, then one write
    /// transaction marks each reminder sent — only if it still is unsent — together with its
    /// outbox entry: a reminder is mailed once, whatever crashes or runs alongside.
    /// `compose` returns `nil` when nobody can be mailed (marked sent without mail).
    /// Returns how many reminders were handled.
    public func sendDueReminders(
        at now: Date, overdueAfter: Duration, batchSize: Int = 500,
        compose: @escaping @Sendable (DueReminder) throws -> OutgoingMail?
    ) async throws -> Int {
        let users = policy.users
        let lateness = TimeInterval(overdueAfter.components.seconds)
        var handled = 0
        var after: (due: String, id: Int64) = ("", 0)
        // Pipelined: batch N is composed while batch N-1 is written.
        var previous: [(DueReminder, OutgoingMail?)] = []
        while true {
            let cursor = after
            let batch = try await database.pool.read { db -> [DueReminder] in
                let reminders = try Row.fetchAll(
                    db.cachedStatement(
                        sql: """
                            SELECT * FROM reminder WHERE sent_at IS NULL AND due_at <= ? AND (due_at, id) > (?, ?)
                            ORDER BY due_at, id LIMIT ?
                            """),
                    arguments: [StoredTime.text(now), cursor.due, cursor.id, batchSize]
                ).map(Self.reminder)
                let leadIDs = Array(Set(reminders.map(\.leadID.rawValue)))
                let leads = try Self.leads(leadIDs, db: db)
                let contacts = try Self.contacts(Array(Set(leads.values.map(\.contactID.rawValue))), db: db)
                let history = try Self.recentHistory(leadIDs, limit: 5, db: db)
                return reminders.compactMap { reminder in
                    guard let lead = leads[reminder.leadID.rawValue], let contact = contacts[lead.contactID.rawValue] else { return nil }
                    return DueReminder(
                        reminder: reminder, lead: lead, contact: contact, owner: lead.status.owner.flatMap { users[$0] },
                        recentHistory: history[reminder.leadID.rawValue] ?? [],
                        overdue: now.timeIntervalSince(reminder.dueAt) > lateness)
                }
            }
            if let last = batch.last?.reminder { after = (StoredTime.text(last.dueAt), last.id) }
            async let composed = Self.composeInParallel(batch, compose)
            handled += try await markSent(previous, now: now)
            previous = Array(zip(batch, try await composed))
            if batch.count < batchSize {
                handled += try await markSent(previous, now: now)
                return handled
            }
        }
    }

    /// One write transaction: each reminder marked sent — only if it still is unsent — with its
    /// outbox entry. Returns how many this call marked.
    private func markSent(_ items: [(DueReminder, OutgoingMail?)], now: Date) async throws -> Int {
        guard !items.isEmpty else { return 0 }
        return try await database.pool.write { [clock] db -> Int in
            // Stamped with the batch's own time: with 10,000 due at once, later batches are
            // later, and the outbox shows by how much.
            let stamp = max(now, clock.now())
            var sent = 0
            for (due, mail) in items {
                try db.cachedExecute(
                    sql: "UPDATE reminder SET sent_at = ?, overdue = ? WHERE id = ? AND sent_at IS NULL",
                    arguments: [StoredTime.text(stamp), due.overdue, due.reminder.id])
                guard db.changesCount == 1 else { continue }
                if let mail {
                    let outboxID = try Outbox.insert(mail, db: db, at: stamp)
                    try db.cachedExecute(sql: "UPDATE reminder SET outbox_id = ? WHERE id = ?", arguments: [outboxID, due.reminder.id])
                }
                sent += 1
            }
            return sent
        }
    }

    /// Composing the mails is still most of a batch's CPU (their data encoded to JSON; the
    /// sender renders them later): spread it over the cores.
    private static func composeInParallel(
        _ batch: [DueReminder], _ compose: @escaping @Sendable (DueReminder) throws -> OutgoingMail?
    ) async throws -> [OutgoingMail?] {
        guard !batch.isEmpty else { return [] }
        let workers = max(1, min(ProcessInfo.processInfo.activeProcessorCount, batch.count / 50))
        let chunk = (batch.count + workers - 1) / workers
        return try await withThrowingTaskGroup(of: (Int, [OutgoingMail?]).self) { group in
            for start in stride(from: 0, to: batch.count, by: chunk) {
                let slice = Array(batch[start..<min(start + chunk, batch.count)])
                group.addTask { (start, try slice.map(compose)) }
            }
            var results = [OutgoingMail?](repeating: nil, count: batch.count)
            for try await (start, mails) in group {
                results.replaceSubrange(start..<(start + mails.count), with: mails)
            }
            return results
        }
    }

    static func reminder(_ row: Row) -> Reminder {
        Reminder(
            id: row["id"], leadID: LeadID(rawValue: row["lead_id"]), createdBy: (row["created_by"] as String?).map(UserLogin.init(rawValue:)),
            createdAt: row["created_at"], dueAt: row["due_at"], note: row["note"], sentAt: row["sent_at"],
            overdue: row["overdue"])
    }
}
