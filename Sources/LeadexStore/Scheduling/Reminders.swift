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

    /// Sends every reminder due at `now` in batches of `batchSize`: each batch's mails go into the
    /// outbox in the transaction that marks its reminders sent, so a reminder is mailed once,
    /// whatever crashes. `compose` returns `nil` when nobody can be mailed (logged, marked sent).
    /// Returns how many reminders were handled.
    public func sendDueReminders(
        at now: Date, overdueAfter: Duration, batchSize: Int = 500,
        compose: @Sendable (DueReminder) throws -> OutgoingMail?
    ) async throws -> Int {
        let users = policy.users
        let lateness = TimeInterval(overdueAfter.components.seconds)
        var handled = 0
        while true {
            let count = try await database.pool.write { [clock] db -> Int in
                // Stamped with the batch's own time: with 10,000 due at once, later batches are
                // later, and the outbox shows by how much.
                let stamp = max(now, clock.now())
                let rows = try Row.fetchAll(
                    db, sql: "SELECT * FROM reminder WHERE sent_at IS NULL AND due_at <= ? ORDER BY due_at, id LIMIT ?",
                    arguments: [StoredTime.text(now), batchSize])
                for row in rows {
                    let reminder = Self.reminder(row)
                    guard let lead = try LeadRecord.fetchOne(db, key: reminder.leadID.rawValue)?.lead() else { continue }
                    let history = try HistoryRecord.fetchAll(
                        db, sql: "SELECT * FROM (SELECT * FROM history WHERE lead_id = ? ORDER BY id DESC LIMIT 5) ORDER BY id",
                        arguments: [reminder.leadID.rawValue]
                    ).map { try $0.entry() }
                    let overdue = now.timeIntervalSince(reminder.dueAt) > lateness
                    let due = DueReminder(
                        reminder: reminder, lead: lead, contact: try Self.contact(lead.contactID, db: db),
                        owner: lead.status.owner.flatMap { users[$0] }, recentHistory: history, overdue: overdue)
                    var outboxID: Int64?
                    if let mail = try compose(due) { outboxID = try Outbox.insert(mail, db: db, at: stamp) }
                    try db.cachedExecute(
                        sql: "UPDATE reminder SET sent_at = ?, overdue = ?, outbox_id = ? WHERE id = ?",
                        arguments: [StoredTime.text(stamp), overdue, outboxID, reminder.id])
                }
                return rows.count
            }
            handled += count
            if count < batchSize { return handled }
        }
    }

    static func reminder(_ row: Row) -> Reminder {
        Reminder(
            id: row["id"], leadID: LeadID(rawValue: row["lead_id"]), createdBy: (row["created_by"] as String?).map(UserLogin.init(rawValue:)),
            createdAt: row["created_at"], dueAt: row["due_at"], note: row["note"], sentAt: row["sent_at"],
            overdue: row["overdue"])
    }
}
