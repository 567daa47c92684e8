public import Foundation
internal import GRDB
public import LeadexCore
internal import Logging
internal import Synchronization

/// A contact found by a search, with the leads of theirs the searcher may see.
public struct ContactMatch: Sendable, Hashable {
    public var contact: Contact
    public var leads: [Lead]
}

/// One seller's load against their cap.
public struct UserLoad: Sendable, Hashable {
    public var user: User
    /// Deals being worked (they count against the cap).
    public var openDeals: Int
    /// Conditional refusals of theirs awaiting review.
    public var refusals: Int
    /// The cap in force (own or the default).
    public var cap: Int
}

/// What people do at their desk through leadexctl, beyond the actions on one lead: type a lead
/// in, search the base, look at the refusals and the team. Each applies the rules of
/// ``ExchangeRules`` and logs a refusal like ``perform(_:on:by:)``.
extension ExchangeStore {
    /// The user `login`, or the refusal (logged) that there is none.
    func actor(_ login: UserLogin, action: String) throws(RuleViolation) -> User {
        guard let user = policy.users[login] else {
            logRefusal(.unknownUser(login), user: login, lead: nil, action: action)
            throw .unknownUser(login)
        }
        return user
    }

    /// Runs a check of the rules on `actor`, logging its refusal.
    func check(_ login: UserLogin, action: String, _ body: (ExchangeRules, User) throws(RuleViolation) -> Void) throws(RuleViolation) -> User {
        let user = try actor(login, action: action)
        let rules = rules.withLock { $0 }
        do {
            try body(rules, user)
        } catch {
            logRefusal(error, user: login, lead: nil, action: action)
            throw error
        }
        return user
    }

    /// A lead a user typed in (a call, an exhibition): onto the exchange, or — `take` — straight
    /// to them under the same rules as taking it, all in one transaction: a refused take leaves
    /// nothing behind. The contact is matched against the base by phone and email.
    public func addLead(_ incoming: IncomingLead, take: Bool, by login: UserLogin) async throws -> (lead: Lead, newContact: Bool) {
        let user = try actor(login, action: "add")
        let rules = rules.withLock { $0 }
        do {
            let (lead, isNew) = try await database.pool.write { [clock] db -> (Lead, Bool) in
                let now = clock.now()
                guard case .created(let id, _, let isNew) = try Self.insertIncoming(incoming, pipeline: rules.policy.pipeline, db: db, at: now)
                else { throw StoreError.corruptRow(table: "lead", id: 0) }
                var lead = try LeadRecord.fetchOne(db, key: id.rawValue)!.lead()
                if take {
                    let open = try Int.fetchOne(
                        db, sql: "SELECT count(*) FROM lead WHERE status = 'owned' AND owner = ?", arguments: [login.rawValue]) ?? 0
                    let change = try rules.apply(.take, to: lead, by: user, openDeals: { _ in open }, at: now)
                    try LeadRecord(change.lead).update(db)
                    try HistoryRecord(change.history).insert(db)
                    lead = change.lead
                }
                return (lead, isNew)
            }
            // Taken, but never on the exchange: no speed-to-lead figure.
            if take { IntakeMetrics.recordTake(waited: nil) }
            logger.info(
                "lead added",
                metadata: ["user": "\(login)", "lead_id": "\(lead.id.map { "\($0)" } ?? "")", "action": "add", "source": "\(incoming.source)"]
                    .merging(take ? ["owner": "\(login)"] : [:]) { $1 })
            return (lead, isNew)
        } catch let violation as RuleViolation {
            logRefusal(violation, user: login, lead: nil, action: "add")
            throw violation
        }
    }

    /// Conditional refusals awaiting review that `login` may see (a manager: their own), oldest first.
    public func refusalsAwaitingReview(as login: UserLogin) async throws -> [Lead] {
        let user = try actor(login, action: "refusals")
        return try await leads(where: "status = 'refused'", orderBy: "last_activity_at, id", visibleTo: user)
    }

    /// Contacts matching `query` by name (any case), phone (any format, or a run of its digits)
    /// or email, among those `login` may see: a manager sees the contacts of the exchange and of
    /// their own deals, never the whole base. At most `limit`, by name.
    public func searchContacts(_ query: String, as login: UserLogin, limit: Int = 50) async throws -> [ContactMatch] {
        let user = try actor(login, action: "contacts")
        let text = query.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !text.isEmpty else { return [] }
        let rules = rules.withLock { $0 }
        var conditions = ["swiftLowercaseString(c.name) LIKE ? ESCAPE '\\'"]
        var arguments: StatementArguments = ["%\(Self.likeEscaped(text.lowercased()))%"]
        conditions.append("c.id IN (SELECT contact_id FROM contact_email WHERE email LIKE ? ESCAPE '\\')")
        arguments += ["%\(Self.likeEscaped(Contact.normalizedEmail(text)))%"]
        let digits = text.filter(\.isASCII).filter(\.isNumber)
        if let phone = PhoneNumber(text) {
            conditions.append("c.id IN (SELECT contact_id FROM contact_phone WHERE phone = ?)")
            arguments += [phone.e164]
        } else if Self.looksLikePhone(text), digits.count >= Self.minimumPhoneDigits {
            conditions.append("c.id IN (SELECT contact_id FROM contact_phone WHERE phone LIKE ?)")
            arguments += ["%\(digits)%"]
        }
        var sql = "SELECT c.id FROM contact c WHERE (\(conditions.joined(separator: " OR ")))"
        if !user.role.seesAllDeals {
            sql += " AND EXISTS (SELECT 1 FROM lead l WHERE l.contact_id = c.id AND (l.status = 'exchange' OR l.owner = ?))"
            arguments += [login.rawValue]
        }
        sql += " ORDER BY c.name, c.id LIMIT ?"
        arguments += [limit]
        return try await database.pool.read { [sql, arguments] db in
            try Int64.fetchAll(db, sql: sql, arguments: arguments).map { id in
                let leads = try LeadRecord.fetchAll(db, sql: "SELECT * FROM lead WHERE contact_id = ? ORDER BY id", arguments: [id])
                    .map { try $0.lead() }.filter { rules.canSee($0, actor: user) }
                return ContactMatch(contact: try Self.contact(ContactID(id), db: db), leads: leads)
            }
        }
    }

    /// The fewest digits of a phone ``searchContacts(_:as:limit:)`` looks for: fewer match
    /// half the base.
    public static let minimumPhoneDigits = 4

    /// Whether `query` is mostly digits, so searched as part of a phone.
    public static func looksLikePhone(_ query: String) -> Bool {
        let text = query.trimmingCharacters(in: .whitespacesAndNewlines)
        let digits = text.filter(\.isASCII).filter(\.isNumber)
        return !digits.isEmpty && digits.count * 2 >= text.count
    }

    static func likeEscaped(_ text: String) -> String {
        text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "%", with: "\\%")
            .replacingOccurrences(of: "_", with: "\\_")
    }

    /// Every seller's load against their cap: for QA, the head and admins.
    public func teamLoad(as login: UserLogin) async throws -> [UserLoad] {
        _ = try check(login, action: "users") { rules, user throws(RuleViolation) in try rules.requireOversight(user, to: "see the team's load") }
        let policy = policy
        return try await database.pool.read { db in try Self.teamLoad(policy: policy, db: db) }
    }

    /// Every configured user's open deals and refusals awaiting review, by login.
    static func teamLoad(policy: ExchangePolicy, db: Database) throws -> [UserLoad] {
        var open: [String: Int] = [:]
        var refused: [String: Int] = [:]
        for row in try Row.fetchAll(db, sql: "SELECT owner, status, count(*) AS n FROM lead WHERE status IN ('owned', 'refused') GROUP BY owner, status") {
            if row["status"] == "owned" { open[row["owner"]] = row["n"] } else { refused[row["owner"]] = row["n"] }
        }
        return policy.users.values.sorted { $0.login < $1.login }.map { user in
            UserLoad(
                user: user, openDeals: open[user.login.rawValue] ?? 0, refusals: refused[user.login.rawValue] ?? 0,
                cap: policy.cap(of: user))
        }
    }

    /// ``salesReport(since:until:)`` for a user who oversees the department.
    public func salesReport(
        since: Date, until: Date, zone: ZoneRules = ZoneRules(TimeZone(secondsFromGMT: 0)!), as login: UserLogin
    ) async throws -> SalesReport {
        _ = try check(login, action: "report") { rules, user throws(RuleViolation) in try rules.requireOversight(user, to: "see the department's reports") }
        return try await salesReport(since: since, until: until, zone: zone)
    }

    /// Throws unless `login` reviews conditional refusals (QA, the head); `action` names the
    /// refused request in the journal.
    public func checkRefusalReview(_ login: UserLogin, action: String) throws(RuleViolation) {
        _ = try check(login, action: action) { rules, user throws(RuleViolation) in try rules.requireRefusalReview(user, to: "review refusals") }
    }

    /// Throws unless `login` is the head of sales; `action` names the refused request in the journal.
    public func checkHeadOfSales(_ login: UserLogin, action: String) throws(RuleViolation) {
        _ = try check(login, action: action) { rules, user throws(RuleViolation) in
            try rules.requireHeadOfSales(user, to: "see the head of sales' pages")
        }
    }

    /// Throws unless `login` may see the daemon's jobs and inboxes (QA, the head, admins).
    public func checkCanSeeStatus(_ login: UserLogin) throws(RuleViolation) {
        _ = try check(login, action: "status") { rules, user throws(RuleViolation) in try rules.requireOversight(user, to: "see the daemon's status") }
    }
}

extension ExchangeStore {
    /// When intake last advanced in each mailbox, for `leadexctl status`.
    public func mailboxesAdvanced() async throws -> [String: Date] {
        try await database.pool.read { db in
            Dictionary(
                try Row.fetchAll(db, sql: "SELECT mailbox, updated_at FROM mailbox_cursor").map { ($0["mailbox"] as String, $0["updated_at"] as Date) },
                uniquingKeysWith: { $1 })
        }
    }
}
