internal import Foundation
internal import GRDB
public import LeadexCore
public import Logging
internal import Synchronization

/// The exchange as the daemon runs it: each rule of ``ExchangeRules`` applied inside one write
/// transaction, with its history line, and every refusal logged with the rule it broke.
public final class ExchangeStore: Sendable {
    public let database: LeadexDatabase
    let clock: any WallClock
    let logger: Logger
    let rules: Mutex<ExchangeRules>
    private let leadChanges = LeadChanges()

    public init(database: LeadexDatabase, policy: ExchangePolicy, clock: any WallClock, logger: Logger) async throws {
        self.database = database
        self.clock = clock
        self.logger = logger
        self.rules = Mutex(ExchangeRules(policy: policy))
        database.pool.add(transactionObserver: leadChanges, extent: .observerLifetime)
        try await syncDirectory(policy)
    }

    /// The policy in force.
    public var policy: ExchangePolicy { rules.withLock { $0.policy } }

    /// Switches to a new policy (after a config reload): users and stages are mirrored into the
    /// store first, so that a failure leaves the old policy in force.
    public func apply(policy: ExchangePolicy) async throws {
        try await syncDirectory(policy)
        rules.withLock { $0 = ExchangeRules(policy: policy) }
    }

    private func syncDirectory(_ policy: ExchangePolicy) async throws {
        try await database.pool.write { db in
            try db.cachedExecute(sql: "UPDATE user SET active = 0")
            for user in policy.users.values {
                try UserRecord(
                    login: user.login.rawValue, name: user.name, email: user.email, role: user.role.rawValue,
                    cap: user.cap, active: true
                ).upsert(db)
            }
            // A user removed from the config can no longer use a web session they had.
            try db.cachedExecute(sql: "DELETE FROM web_session WHERE login IN (SELECT login FROM user WHERE active = 0)")
            try db.cachedExecute(sql: "UPDATE stage SET active = 0")
            for (position, stage) in policy.pipeline.stages.enumerated() {
                try StageRecord(
                    id: stage.id.rawValue, title: stage.title, position: position,
                    normSeconds: stage.norm.map { $0.components.seconds }, active: true
                ).upsert(db)
            }
        }
    }

    // MARK: Intake

    /// Puts a request on the exchange, unless the same source reference arrived before. The person
    /// is matched against known contacts by email and phone; new addresses are added to them.
    public func receive(_ incoming: IncomingLead) async throws -> IntakeOutcome {
        let pipeline = policy.pipeline
        let outcome = try await database.pool.write { [clock] db in
            try Self.insertIncoming(incoming, pipeline: pipeline, db: db, at: clock.now())
        }
        switch outcome {
        case .created(let id, let contact, _):
            logger.info(
                "lead on the exchange",
                metadata: ["lead_id": "\(id)", "contact_id": "\(contact)", "source": "\(incoming.source)"]
            )
        case .duplicate(let id):
            logger.debug("request already received", metadata: ["lead_id": "\(id)", "source": "\(incoming.source)"])
        }
        return outcome
    }

    /// Writes a new lead on the exchange (and its contact and first history line), unless its
    /// source reference is already a lead.
    /// - Parameter knownContact: the result of ``findContact(_:db:)`` when the caller already
    ///   looked (`.some(nil)`: nobody matches); `nil` to look here.
    /// - Parameter sourceChecked: the caller has already looked the source reference up under
    ///   a key that implies it (mail intake, by Message-ID or content hash in the same mailbox),
    ///   so the lookup is skipped; the UNIQUE constraint still stands behind it.
    static func insertIncoming(
        _ incoming: IncomingLead, pipeline: Pipeline, db: Database, at now: Date, knownContact: Int64?? = nil,
        sourceChecked: Bool = false
    ) throws -> IntakeOutcome {
        if !sourceChecked, let ref = incoming.sourceRef,
            let existing = try Int64.fetchOne(
                cached: db,
                sql: "SELECT id FROM lead WHERE source_kind = ? AND source_name = ? AND source_ref = ?",
                arguments: [incoming.source.kind.rawValue, incoming.source.name, ref]
            )
        {
            return .duplicate(LeadID(existing))
        }
        // A known contact gains what the request brings that it lacks (a fuller name too), and
        // the first history line says so.
        let contactID: ContactID, isNew: Bool, gained: [ContactGains.Gain]
        if let existing = try knownContact ?? findContact(incoming.contact, db: db) {
            (contactID, isNew) = (ContactID(existing), false)
            gained = try enrichContact(existing, with: incoming.contact, db: db, at: now)
        } else {
            (contactID, isNew) = try upsertContact(incoming.contact, db: db, at: now, knownContact: .some(nil))
            gained = []
        }
        var record = LeadRecord(
            .incoming(
                contactID: contactID, source: incoming.source, sourceRef: incoming.sourceRef,
                title: incoming.title, text: incoming.text, pipeline: pipeline, at: now
            )
        )
        try record.insertCached(db)
        let leadID = LeadID(record.id!)
        try HistoryRecord(
            HistoryEntry(
                leadID: leadID, at: now, actor: nil, action: .created, toStage: pipeline.first.id,
                note: "from \(incoming.source)" + (gained.isEmpty ? "" : "\n" + ContactGains.line(gained))
            )
        ).insertCached(db)
        return .created(leadID, contact: contactID, newContact: isNew)
    }

    /// The contact sharing an email or phone with `draft`, if any.
    static func findContact(_ draft: ContactDraft, db: Database) throws -> Int64? {
        let emails = draft.emails.filter { !$0.isEmpty }
        let phones = draft.phones.map(\.e164)
        if !emails.isEmpty,
            let id = try Int64.fetchOne(
                cached: db, sql: "SELECT contact_id FROM contact_email WHERE email IN (\(placeholders(emails.count))) LIMIT 1",
                arguments: StatementArguments(emails))
        {
            return id
        }
        if !phones.isEmpty {
            return try Int64.fetchOne(
                cached: db, sql: "SELECT contact_id FROM contact_phone WHERE phone IN (\(placeholders(phones.count))) LIMIT 1",
                arguments: StatementArguments(phones))
        }
        return nil
    }

    /// Finds the contact sharing an email or phone with `draft`, adding what it lacks; or creates one.
    static func upsertContact(_ draft: ContactDraft, db: Database, at now: Date, knownContact: Int64?? = nil) throws -> (ContactID, Bool) {
        if let existing = try knownContact ?? findContact(draft, db: db) {
            // Imports merge through here and keep the base's name: their dry run promises no more.
            _ = try enrichContact(existing, with: draft, db: db, at: now, fullerName: false)
            return (ContactID(existing), false)
        }
        var record = ContactRecord(
            name: draft.name, company: draft.company, notes: nil, createdAt: now, updatedAt: now
        )
        try record.insertCached(db)
        let id = record.id!
        _ = try addAddresses(of: draft, to: id, db: db)
        return (ContactID(id), true)
    }

    // MARK: Actions

    /// Performs `action` on lead `id` for user `login`, or throws the ``RuleViolation`` that
    /// refuses it (and logs the refusal). Two concurrent takes of one lead: the writer runs them
    /// one after the other, so the second sees the first's owner and is refused.
    @discardableResult
    public func perform(_ action: LeadAction, on id: LeadID, by login: UserLogin) async throws -> Lead {
        let rules = rules.withLock { $0 }
        do {
            let (change, waited) = try await database.pool.write { [clock] db -> (LeadChange, TimeInterval?) in
                guard let actor = rules.policy.users[login] else { throw RuleViolation.unknownUser(login) }
                guard let record = try LeadRecord.fetchOne(db, key: id.rawValue) else {
                    throw RuleViolation.leadNotFound(id)
                }
                let lead = try record.lead()
                var concerned = [actor.login.rawValue]
                switch action {
                case .reopen(let target?, _), .reassign(let target, _): concerned.append(target.rawValue)
                default: break
                }
                let open = try Self.openDeals(of: concerned, db: db)
                let now = clock.now()
                let change = try rules.apply(action, to: lead, by: actor, openDeals: { open[$0] ?? 0 }, at: now)
                // Read before the take's own history line: when the lead last landed on the exchange.
                let landed = action == .take ? try Self.landedAt(id, db: db) : nil
                let updated = LeadRecord(change.lead)
                try updated.update(db)
                try HistoryRecord(change.history).insert(db)
                return (change, landed.map { now.timeIntervalSince($0) })
            }
            switch action {
            case .take: IntakeMetrics.recordTake(waited: waited)
            case .returnToExchange: IntakeMetrics.recordReturn()
            default: break
            }
            logger.info(
                "\(action.name)",
                metadata: ["user": "\(login)", "lead_id": "\(id)", "action": "\(action.name)"]
                    .merging(change.lead.status.owner.map { ["owner": "\($0)"] } ?? [:]) { $1 }
            )
            return change.lead
        } catch let violation as RuleViolation {
            logRefusal(violation, user: login, lead: id, action: action.name.rawValue)
            throw violation
        }
    }

    private static func landedAt(_ id: LeadID, db: Database) throws -> Date? {
        try Date.fetchOne(
            db, sql: "SELECT \(ExchangeLanding.landedAt(lead: "l.id", createdAt: "l.created_at", before: nil)) FROM lead l WHERE l.id = ?",
            arguments: [id.rawValue])
    }

    static func openDeals(of logins: [String], db: Database) throws -> [UserLogin: Int] {
        let rows = try Row.fetchAll(
            db,
            sql: """
                SELECT owner, count(*) AS n FROM lead WHERE status = 'owned'
                AND owner IN (\(placeholders(logins.count))) GROUP BY owner
                """,
            arguments: StatementArguments(logins)
        )
        return Dictionary(uniqueKeysWithValues: rows.map { (UserLogin(rawValue: $0["owner"]), $0["n"]) })
    }

    func logRefusal(_ violation: RuleViolation, user: UserLogin, lead: LeadID?, action: String) {
        var metadata: Logger.Metadata = [
            "user": "\(user)", "action": "\(action)", "rule": "\(violation.rule.rawValue)",
            "refusal": "\(violation.kind.rawValue)",
        ]
        if let lead { metadata["lead_id"] = "\(lead)" }
        logger.warning("refused: \(violation)", metadata: metadata)
    }

    // MARK: Reading, within what the reader may see

    /// Lead `id`, if `login` may see it.
    public func lead(_ id: LeadID, as login: UserLogin) async throws -> Lead {
        let rules = rules.withLock { $0 }
        do {
            return try await database.pool.read { db in
                guard let actor = rules.policy.users[login] else { throw RuleViolation.unknownUser(login) }
                guard let lead = try LeadRecord.fetchOne(db, key: id.rawValue)?.lead() else {
                    throw RuleViolation.leadNotFound(id)
                }
                guard rules.canSee(lead, actor: actor) else { throw RuleViolation.notVisible(id) }
                return lead
            }
        } catch let violation as RuleViolation {
            logRefusal(violation, user: login, lead: id, action: "show")
            throw violation
        }
    }

    /// The exchange in one read: each lead's id and version, oldest request first, and — without
    /// their text — the leads for which `needs` says yes (those the caller has no rendering of).
    public func exchangeSnapshot(
        reading needs: @escaping @Sendable (LeadID, LeadVersion) -> Bool
    ) async throws -> (order: [(id: LeadID, version: LeadVersion)], leads: [Lead], contacts: [ContactID: Contact]) {
        try await database.pool.read { db in
            let order = try Row.fetchAll(
                db, sql: "SELECT id, last_activity_at, stage FROM lead WHERE status = 'exchange' ORDER BY created_at, id"
            ).map { row in (id: LeadID(row[0] as Int64), version: LeadVersion(lastActivity: row[1], stage: StageID(row[2] as String))) }
            let wanted = order.filter { needs($0.id, $0.version) }.map(\.id.rawValue)
            guard !wanted.isEmpty else { return (order, [], [:]) }
            let leads = try LeadRecord.fetchAll(
                db, sql: "SELECT \(LeadRecord.columnsExceptText), '' AS text FROM lead WHERE id IN (\(placeholders(wanted.count)))",
                arguments: StatementArguments(wanted)
            ).map { try $0.lead() }
            // Each lead's client, for the list's name, company and phone columns.
            var contacts: [ContactID: Contact] = [:]
            for id in Set(leads.map(\.contactID)) { contacts[id] = try Self.contact(id, db: db) }
            return (order, leads, contacts)
        }
    }

    /// Changes whenever this process commits a change to any lead: what was read from the leads
    /// at one value is still current while it stays the same (writes by other processes aside).
    public var leadsGeneration: UInt64 { leadChanges.generation }

    /// Calls `action` after each commit of this process that changed a lead, with the new
    /// ``leadsGeneration``, until the observation is cancelled. It runs on the writer's queue and
    /// must return at once.
    public func observeLeadCommits(_ action: @escaping @Sendable (UInt64) -> Void) -> LeadCommitObservation {
        let token = leadChanges.observe(action)
        return LeadCommitObservation { [leadChanges] in leadChanges.stopObserving(token) }
    }

    /// The exchange, oldest request first: what every manager sees.
    /// - Parameter withText: `false` leaves each lead's text empty: a list has no use for a mail's
    ///   whole body, and reading it for hundreds of leads is most of the work.
    public func exchange(withText: Bool = true) async throws -> [Lead] {
        let columns = withText ? "*" : "\(LeadRecord.columnsExceptText), '' AS text"
        return try await database.pool.read { db in
            try LeadRecord.fetchAll(db, sql: "SELECT \(columns) FROM lead WHERE status = 'exchange' ORDER BY created_at, id")
                .map { try $0.lead() }
        }
    }

    /// Deals being worked or awaiting review that `login` may see: a manager's own, or all.
    public func openDeals(as login: UserLogin) async throws -> [Lead] {
        let rules = rules.withLock { $0 }
        guard let actor = rules.policy.users[login] else {
            logRefusal(.unknownUser(login), user: login, lead: nil, action: "list")
            throw RuleViolation.unknownUser(login)
        }
        return try await leads(where: "status IN ('owned', 'refused')", orderBy: "id", visibleTo: actor)
    }

    /// Leads matching `condition` that `actor` may see: a manager's own, or all.
    func leads(where condition: String, orderBy order: String, visibleTo actor: User) async throws -> [Lead] {
        try await database.pool.read { db in
            let sql = "SELECT * FROM lead WHERE \(condition)"
            let records =
                actor.role.seesAllDeals
                ? try LeadRecord.fetchAll(db, sql: sql + " ORDER BY \(order)")
                : try LeadRecord.fetchAll(db, sql: sql + " AND owner = ? ORDER BY \(order)", arguments: [actor.login.rawValue])
            return try records.map { try $0.lead() }
        }
    }

    /// Lead `id`'s history, oldest first, if `login` may see the lead.
    public func history(of id: LeadID, as login: UserLogin) async throws -> [HistoryEntry] {
        _ = try await lead(id, as: login)
        return try await database.pool.read { db in
            try HistoryRecord.fetchAll(db, sql: "SELECT * FROM history WHERE lead_id = ? ORDER BY id", arguments: [id.rawValue])
                .map { try $0.entry() }
        }
    }

    /// The contact behind a lead, if `login` may see the lead.
    public func contact(ofLead id: LeadID, as login: UserLogin) async throws -> Contact {
        let lead = try await lead(id, as: login)
        return try await database.pool.read { db in try Self.contact(lead.contactID, db: db) }
    }

    static func contact(_ id: ContactID, db: Database) throws -> Contact {
        guard let record = try ContactRecord.fetchOne(db, key: id.rawValue) else {
            throw StoreError.corruptRow(table: "contact", id: id.rawValue)
        }
        let emails = try String.fetchAll(
            db, sql: "SELECT email FROM contact_email WHERE contact_id = ? ORDER BY email", arguments: [id.rawValue])
        let phones = try String.fetchAll(
            db, sql: "SELECT phone FROM contact_phone WHERE contact_id = ? ORDER BY phone", arguments: [id.rawValue])
        return Contact(
            id: id, name: record.name, company: record.company, notes: record.notes, emails: emails,
            phones: phones.map(PhoneNumber.init(trustedE164:))
        )
    }

    /// How many leads stand in each status: the daemon's one-line STATUS= summary.
    public func countsByStatus() async throws -> [LeadStatus.Kind: Int] {
        try await database.pool.read { db in
            var counts: [LeadStatus.Kind: Int] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT status, count(*) AS n FROM lead GROUP BY status") {
                if let kind = LeadStatus.Kind(rawValue: row["status"]) { counts[kind] = row["n"] }
            }
            return counts
        }
    }

    // MARK: Rights

    /// Every contact and lead, for a user holding the export right; the export is audited.
    public func export(as login: UserLogin) async throws -> [ExportedLead] {
        let actor = try requireRight(.export, login: login, action: "export")
        return try await database.pool.write { [clock] db in
            let leads = try LeadRecord.fetchAll(db, sql: "SELECT * FROM lead ORDER BY id").map { try $0.lead() }
            var contacts: [ContactID: Contact] = [:]
            let rows = try leads.map { lead -> ExportedLead in
                let contact = try contacts[lead.contactID] ?? Self.contact(lead.contactID, db: db)
                contacts[lead.contactID] = contact
                return ExportedLead(lead: lead, contact: contact)
            }
            try Self.audit(db, at: clock.now(), actor: actor.login, action: "export", subject: "all", detail: "\(rows.count) leads")
            return rows
        }
    }

    /// Erases a contact with all their leads and history, for a user holding the delete right.
    public func delete(contact id: ContactID, as login: UserLogin) async throws {
        let actor = try requireRight(.delete, login: login, action: "delete")
        try await database.pool.write { [clock] db in
            let leads = try Int.fetchOne(cached: db, sql: "SELECT count(*) FROM lead WHERE contact_id = ?", arguments: [id.rawValue]) ?? 0
            try db.cachedExecute(sql: "DELETE FROM contact WHERE id = ?", arguments: [id.rawValue])
            guard db.changesCount > 0 else { throw RuleViolation.contactNotFound(id) }
            try Self.audit(db, at: clock.now(), actor: actor.login, action: "delete", subject: "contact \(id)", detail: "\(leads) leads")
        }
        logger.notice("contact erased", metadata: ["user": "\(login)", "contact_id": "\(id)", "action": "delete"])
    }

    private func requireRight(_ right: Right, login: UserLogin, action: String) throws -> User {
        let rules = rules.withLock { $0 }
        do {
            guard let actor = rules.policy.users[login] else { throw RuleViolation.unknownUser(login) }
            try rules.require(right, actor: actor)
            return actor
        } catch {
            logRefusal(error as! RuleViolation, user: login, lead: nil, action: action)
            throw error
        }
    }

    static func audit(_ db: Database, at: Date, actor: UserLogin, action: String, subject: String, detail: String?) throws {
        try db.cachedExecute(
            sql: "INSERT INTO audit (at, actor, action, subject, detail) VALUES (?, ?, ?, ?, ?)",
            arguments: [StoredTime.text(at), actor.rawValue, action, subject, detail]
        )
    }
}

/// A lead with its contact, as an export holds it.
public struct ExportedLead: Sendable, Hashable {
    public var lead: Lead
    public var contact: Contact
}

func placeholders(_ count: Int) -> String {
    Array(repeating: "?", count: count).joined(separator: ", ")
}

/// `values` in runs short enough for one statement's parameters (`IN (?, ...)` lists).
func parameterChunks(_ values: [String], size: Int = 500) -> [[String]] {
    stride(from: 0, to: values.count, by: size).map { Array(values[$0..<min($0 + size, values.count)]) }
}
