public import Foundation

/// What an allowed action does: the lead as it becomes, and the history line that says so.
public struct LeadChange: Sendable, Hashable {
    public var lead: Lead
    public var history: HistoryEntry
}

/// What returning all of a manager's deals does: the deals that go back to the exchange, and
/// the conditional refusals left for QA.
public struct ReturnAllChange: Sendable, Hashable {
    public var changes: [LeadChange]
    /// Refusals awaiting review: QA decides them, then the reopened deal goes where QA says.
    public var skipped: [Lead]
}

/// The rules of the exchange and the pipeline, decided on values: the store loads the lead and
/// counts, calls ``apply(_:to:by:openDeals:at:)`` inside its transaction, and writes the result.
public struct ExchangeRules: Sendable {
    public let policy: ExchangePolicy

    public init(policy: ExchangePolicy) { self.policy = policy }

    /// Decides `action` by `actor` on `lead`.
    ///
    /// - Parameter openDeals: how many deals a user is working now (status owned), read in the
    ///   same transaction so that the cap holds under concurrent takes.
    public func apply(
        _ action: LeadAction, to lead: Lead, by actor: User, openDeals: (UserLogin) -> Int, at now: Date
    ) throws(RuleViolation) -> LeadChange {
        var next = lead
        var history = HistoryEntry(leadID: lead.id ?? LeadID(0), at: now, actor: actor.login, action: action.name)
        let id = lead.id

        switch action {
        case .take:
            guard actor.role.sells else { throw .role(actor.role, may: "take leads") }
            switch lead.status {
            case .exchange: break
            case .owned(let owner, _) where owner == actor.login: throw .alreadyYours(id)
            case .owned(let owner, _): throw .alreadyTaken(id, by: owner)
            default: throw .wrongState(id, lead.status.kind, action: "take")
            }
            try checkCap(of: actor, openDeals: openDeals)
            next.status = .owned(by: actor.login, keep: false)

        case .returnToExchange(let note):
            let owner = try requireOwnedDeal(lead, by: actor, action: "return")
            next.status = .exchange
            history.note = note
            if owner != actor.login { history.note = [note, "returned from \(owner)"].compactMap { $0 }.joined(separator: "; ") }

        case .keep(let keep):
            let owner = try requireOwnedDeal(lead, by: actor, action: keep ? "keep" : "unkeep")
            next.status = .owned(by: owner, keep: keep)

        case .moveToStage(let stage):
            guard policy.pipeline.contains(stage) else { throw .unknownStage(stage) }
            if let allowed = actor.allowedStages, !allowed.contains(stage) {
                throw .stageNotAllowed(stage, user: actor.login)
            }
            _ = try requireOwnedDeal(lead, by: actor, action: "move")
            guard stage != lead.stage else { throw .sameStage(stage) }
            history.fromStage = lead.stage
            history.toStage = stage
            next.stage = stage
            next.stageEnteredAt = now

        case .refuse(let reasonID, let note):
            let owner = try requireOwnedDeal(lead, by: actor, action: "refuse")
            try checkReason(reasonID, in: policy.refusalReasons, list: "refusal", note: note)
            next.status = .conditionalRefusal(owner: owner, reason: reasonID, note: note)
            history.reason = reasonID
            history.note = note

        case .closeLost(let note):
            guard actor.role.reviewsRefusals else { throw .refusalReview("close a deal as lost") }
            guard case .conditionalRefusal(let owner, let reason, _) = lead.status else {
                throw .wrongState(id, lead.status.kind, action: "close as lost")
            }
            next.status = .lost(reason: reason, owner: owner, by: actor.login)
            history.reason = reason
            history.note = note

        case .reopen(let target, let note):
            guard actor.role.reviewsRefusals else { throw .refusalReview("reopen a deal") }
            switch lead.status {
            case .conditionalRefusal, .lost: break
            default: throw .wrongState(id, lead.status.kind, action: "reopen")
            }
            // The next manager must know what the client told QA.
            guard let note, !note.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else { throw .reopenNeedsNote }
            if let target {
                guard let user = policy.users[target] else { throw .unknownUser(target) }
                guard user.role.sells else { throw .role(user.role, may: "be given deals") }
                try checkCap(of: user, openDeals: openDeals, receiving: true)
                next.status = .owned(by: target, keep: false)
            } else {
                next.status = .exchange
            }
            history.note = [note, target.map { "to \($0)" } ?? "to the exchange"].compactMap { $0 }.joined(separator: "; ")

        case .win(let note):
            let owner = try requireOwnedDeal(lead, by: actor, action: "win")
            next.status = .won(by: owner)
            history.note = note

        case .disqualify(let reasonID, let note):
            let owner: UserLogin?
            switch lead.status {
            case .exchange:
                guard actor.role != .admin else { throw .role(actor.role, may: "disqualify leads") }
                owner = nil
            case .owned:
                owner = try requireOwnedDeal(lead, by: actor, action: "disqualify")
            default:
                throw .wrongState(id, lead.status.kind, action: "disqualify")
            }
            try checkReason(reasonID, in: policy.disqualifyReasons, list: "disqualification", note: note)
            next.status = .disqualified(reason: reasonID, owner: owner, by: actor.login)
            history.reason = reasonID
            history.note = note

        case .addNote(let text):
            let note = text.trimmingCharacters(in: .whitespacesAndNewlines)
            guard !note.isEmpty else { throw .emptyNote }
            // The owner (or the head) on a deal being worked; QA and the head on any deal they review.
            if !(actor.role.seesAllDeals && lead.status.kind != .exchange) {
                _ = try requireOwnedDeal(lead, by: actor, action: "add notes to")
            }
            history.note = note

        case .reassign(let target, let note):
            let owner = try requireReassignable(lead, by: actor, note: note)
            guard let user = policy.users[target] else { throw .unknownUser(target) }
            guard user.role.sells else { throw .role(user.role, may: "be given deals") }
            guard target != owner else { throw .sameOwner(id, owner) }
            // The cap holds for the head too: it is what a manager can really work, and a head who
            // means to give more raises that manager's cap in the config, where everyone sees it.
            try checkCap(of: user, openDeals: openDeals, receiving: true)
            next.status = .owned(by: target, keep: false)
            history.note = Self.reassignNote(note, from: owner, to: target)

        case .setAmount(let amount):
            try checkCanSetAmount(lead, actor: actor)
            guard amount != lead.amount else { throw .sameAmount(amount) }
            next.amount = amount
            history.note = (amount?.description ?? "cleared") + (lead.amount.map { "; was \($0)" } ?? "")
        }

        next.lastActivityAt = now
        return LeadChange(lead: next, history: history)
    }

    /// What returning all of `owner`'s deals to the exchange does: every deal being worked goes
    /// back, each with its history line; refusals awaiting QA stay for QA to review.
    ///
    /// - Parameter deals: `owner`'s deals being worked or awaiting review; closed deals stay with
    ///   the manager who was responsible and are not passed.
    public func returnAll(
        _ deals: [Lead], of owner: UserLogin, by actor: User, note: String, at now: Date
    ) throws(RuleViolation) -> ReturnAllChange {
        guard actor.role == .head else { throw .role(actor.role, may: "reassign deals") }
        guard !note.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else { throw .reassignNote }
        var result = ReturnAllChange(changes: [], skipped: [])
        for lead in deals where lead.status.owner == owner {
            guard lead.status.isOpenDeal else {
                if case .conditionalRefusal = lead.status { result.skipped.append(lead) }
                continue
            }
            var next = lead
            next.status = .exchange
            next.lastActivityAt = now
            let history = HistoryEntry(
                leadID: lead.id ?? LeadID(0), at: now, actor: actor.login, action: .reassigned,
                note: Self.reassignNote(note, from: owner, to: nil))
            result.changes.append(LeadChange(lead: next, history: history))
        }
        return result
    }

    /// A reassignment's history note: the head's words, then who had it and who has it now, in
    /// the form ``Wording`` rewords and ``ExchangeLanding`` recognises (logins have no spaces).
    static func reassignNote(_ note: String, from owner: UserLogin, to target: UserLogin?) -> String {
        note.trimmingCharacters(in: .whitespacesAndNewlines) + "; from \(owner) to " + (target.map(\.rawValue) ?? "the exchange")
    }

    /// The owner of a deal the head may hand on: the actor is the head, a note says why, and the
    /// deal is being worked (a refusal waits for QA, a closed deal stays with its manager).
    private func requireReassignable(_ lead: Lead, by actor: User, note: String) throws(RuleViolation) -> UserLogin {
        guard actor.role == .head else { throw .role(actor.role, may: "reassign deals") }
        guard !note.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else { throw .reassignNote }
        guard case .owned(let owner, _) = lead.status else { throw .wrongState(lead.id, lead.status.kind, action: "reassign") }
        return owner
    }

    /// Throws unless `actor` may set `lead`'s amount: its owner (or the head) while it is worked,
    /// and once it is won — the final sum is often known last.
    public func checkCanSetAmount(_ lead: Lead, actor: User) throws(RuleViolation) {
        guard actor.role.sells else { throw .role(actor.role, may: "set deal amounts") }
        let owner: UserLogin
        switch lead.status {
        case .owned(let by, _), .won(let by): owner = by
        case .exchange: throw .notOwner(lead.id, owner: nil)
        default:
            if !canSee(lead, actor: actor) { throw .notVisible(lead.id) }
            throw .wrongState(lead.id, lead.status.kind, action: "set the amount of")
        }
        guard owner == actor.login || actor.role == .head else {
            throw canSee(lead, actor: actor) ? .notOwner(lead.id, owner: owner) : .notVisible(lead.id)
        }
    }

    /// Whether `actor` may see `lead`: everyone sees the exchange, a manager sees own deals only.
    public func canSee(_ lead: Lead, actor: User) -> Bool {
        actor.role.seesAllDeals || lead.status.kind == .exchange || lead.status.owner == actor.login
    }

    /// Whether `actor` may set a callback reminder on `lead`: a manager on own deals only (an
    /// exchange lead is taken first), QA, the head and admins on any deal.
    public func checkCanRemind(_ lead: Lead, actor: User) throws(RuleViolation) {
        guard !actor.role.seesAllDeals, lead.status.owner != actor.login else { return }
        if lead.status.kind == .exchange || canSee(lead, actor: actor) {
            throw .notOwner(lead.id, owner: lead.status.owner)
        }
        throw .notVisible(lead.id)
    }

    /// How far ahead a reminder may be set: further is a slip of the year, not a plan.
    public static let reminderHorizonYears = 5

    /// Throws unless a reminder can be due at `due` when set at `now`: at most a minute past (what
    /// typing "today 15:30" at 15:30 takes) and at most ``reminderHorizonYears`` ahead.
    public func checkReminderTime(_ due: Date, now: Date) throws(RuleViolation) {
        let ahead = due.timeIntervalSince(now)
        if ahead.isNaN || ahead < -60 { throw .reminderInPast }
        if ahead > Double(Self.reminderHorizonYears) * 365.25 * 86_400 { throw .reminderTooFar(years: Self.reminderHorizonYears) }
    }

    /// Throws unless `actor` oversees the department (QA, the head, admins): the team's load, the
    /// funnel, the jobs' status, refusals awaiting review across managers.
    public func requireOversight(_ actor: User, to action: String) throws(RuleViolation) {
        guard actor.role.seesAllDeals else { throw .role(actor.role, may: action) }
    }

    /// Throws unless `actor` reviews conditional refusals (QA, the head): the queue of refusals.
    public func requireRefusalReview(_ actor: User, to action: String) throws(RuleViolation) {
        guard actor.role.reviewsRefusals else { throw .refusalReview(action) }
    }

    /// Throws unless `actor` is the head of sales: the department now, the reports' pages.
    public func requireHeadOfSales(_ actor: User, to action: String) throws(RuleViolation) {
        guard actor.role.headsSales else { throw .role(actor.role, may: action) }
    }

    /// Throws unless `actor` runs the department's base (the head or an admin): imports.
    public func requireBaseKeeper(_ actor: User, to action: String) throws(RuleViolation) {
        guard actor.role == .head || actor.role == .admin else { throw .role(actor.role, may: action) }
    }

    /// Throws unless `actor` runs the installation (an admin): the web workspace's admin pages
    /// (status, import, export, backups). What each page then does keeps its own rule too.
    public func requireAdmin(_ actor: User, to action: String) throws(RuleViolation) {
        guard actor.role.administers else { throw .role(actor.role, may: action) }
    }

    /// Throws unless `actor` holds `right` (export and delete are never part of a sales role).
    public func require(_ right: Right, actor: User) throws(RuleViolation) {
        guard actor.has(right) else { throw .missingRight(right) }
    }

    /// The owner of a deal being worked, when `actor` may act for it: the owner, or the head.
    private func requireOwnedDeal(_ lead: Lead, by actor: User, action: String) throws(RuleViolation) -> UserLogin {
        guard actor.role.sells else { throw .role(actor.role, may: "\(action) deals") }
        guard case .owned(let owner, _) = lead.status else {
            if lead.status.kind == .exchange { throw .notOwner(lead.id, owner: nil) }
            if !canSee(lead, actor: actor) { throw .notVisible(lead.id) }
            throw .wrongState(lead.id, lead.status.kind, action: action)
        }
        guard owner == actor.login || actor.role == .head else {
            throw canSee(lead, actor: actor) ? .notOwner(lead.id, owner: owner) : .notVisible(lead.id)
        }
        return owner
    }

    /// - Parameter receiving: `user` is being given the deal, not taking it: the refusal tells
    ///   the giver what to do rather than the taker.
    private func checkCap(of user: User, openDeals: (UserLogin) -> Int, receiving: Bool = false) throws(RuleViolation) {
        let cap = policy.cap(of: user)
        guard openDeals(user.login) < cap else {
            throw receiving ? .receiverCapReached(user.login, cap: cap) : .capReached(user.login, cap: cap)
        }
    }

    private func checkReason(_ id: ReasonID, in list: [Reason], list name: String, note: String?) throws(RuleViolation) {
        guard let reason = list.first(where: { $0.id == id }) else { throw .unknownReason(id, list: name) }
        if reason.requiresNote && (note ?? "").trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            throw .noteRequired(id)
        }
    }
}
