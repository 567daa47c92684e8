/// Why an action was refused. Every refusal names the rule it broke, so the person reading the
/// error (and the journal) knows what to do instead.
public struct RuleViolation: Error, Sendable, Hashable, CustomStringConvertible {
    /// The rule that refused the action; stable names for tests, the journal (`RULE=`) and scripts.
    public enum Rule: String, Sendable, Hashable, CaseIterable {
        case role = "role"
        case visibility = "visibility"
        case ownership = "ownership"
        case alreadyTaken = "exchange.taken"
        case cap = "exchange.cap"
        case state = "state"
        case unknownStage = "pipeline.unknown-stage"
        case stageNotAllowed = "pipeline.stage-not-allowed"
        case sameStage = "pipeline.same-stage"
        case unknownReason = "reason.unknown"
        case noteRequired = "reason.note-required"
        case emptyNote = "note.empty"
        case refusalReview = "refusal.review"
        case reopenNote = "refusal.reopen-note"
        case unknownUser = "user.unknown"
        case right = "right"
        case notFound = "not-found"
        case reminderTime = "reminder.time"
        case reassignNote = "reassign.note-required"
        case sameOwner = "reassign.same-owner"
        case amount = "amount.invalid"
        case sameAmount = "amount.same"
    }

    /// How a caller should treat the refusal: it decides the CLI's exit code and the HTTP status.
    public enum Kind: String, Sendable, Hashable {
        /// The actor may not do this.
        case forbidden
        /// The lead is in a state that does not allow it (already taken, already closed).
        case conflict
        /// The lead (or user) does not exist.
        case notFound
        /// The request itself is wrong (unknown stage or reason, a missing note).
        case invalid
    }

    /// What is wrong with an amount as typed.
    public enum AmountProblem: Sendable, Hashable {
        case empty, notANumber, ambiguous, negative, zero, fractionOfKopeck, tooLarge
    }

    enum Code: Sendable, Hashable {
        case role(Role, action: String)
        case notVisible(LeadID?)
        case notOwner(LeadID?, owner: UserLogin?)
        case alreadyTaken(LeadID?, by: UserLogin)
        case alreadyYours(LeadID?)
        case capReached(UserLogin, cap: Int)
        /// The cap of a manager being given a deal (reassigned, reopened to them), not taking one.
        case receiverCapReached(UserLogin, cap: Int)
        case reassignNote
        case sameOwner(LeadID?, UserLogin)
        case badAmount(String, AmountProblem)
        case sameAmount(DealAmount?)
        case wrongState(LeadID?, LeadStatus.Kind, action: String)
        case unknownStage(StageID)
        case stageNotAllowed(StageID, user: UserLogin)
        case sameStage(StageID)
        case unknownReason(ReasonID, list: String)
        case noteRequired(ReasonID)
        case emptyNote
        case refusalReview(action: String)
        case reopenNeedsNote
        case unknownUser(UserLogin)
        case missingRight(Right)
        case leadNotFound(LeadID)
        case contactNotFound(ContactID)
        case ignoredMailNotFound(Int64)
        case reminderInPast
        case reminderTooFar(years: Int)
    }

    let code: Code

    private init(_ code: Code) { self.code = code }

    public var rule: Rule {
        switch code {
        case .role: .role
        case .notVisible: .visibility
        case .notOwner: .ownership
        case .alreadyTaken, .alreadyYours: .alreadyTaken
        case .capReached, .receiverCapReached: .cap
        case .reassignNote: .reassignNote
        case .sameOwner: .sameOwner
        case .badAmount: .amount
        case .sameAmount: .sameAmount
        case .wrongState: .state
        case .unknownStage: .unknownStage
        case .stageNotAllowed: .stageNotAllowed
        case .sameStage: .sameStage
        case .unknownReason: .unknownReason
        case .noteRequired: .noteRequired
        case .emptyNote: .emptyNote
        case .refusalReview: .refusalReview
        case .reopenNeedsNote: .reopenNote
        case .unknownUser: .unknownUser
        case .missingRight: .right
        case .leadNotFound, .contactNotFound, .ignoredMailNotFound: .notFound
        case .reminderInPast, .reminderTooFar: .reminderTime
        }
    }

    public var kind: Kind {
        switch code {
        case .role, .notVisible, .notOwner, .stageNotAllowed, .refusalReview, .missingRight: .forbidden
        case .alreadyTaken, .alreadyYours, .capReached, .receiverCapReached, .wrongState, .sameOwner: .conflict
        case .leadNotFound, .contactNotFound, .ignoredMailNotFound, .unknownUser: .notFound
        case .unknownStage, .sameStage, .unknownReason, .noteRequired, .emptyNote, .reopenNeedsNote, .reminderInPast, .reminderTooFar, .reassignNote, .badAmount, .sameAmount:
            .invalid
        }
    }

    /// The user who holds the lead, when the refusal is that someone else took it first.
    public var takenBy: UserLogin? {
        if case .alreadyTaken(_, let by) = code { return by }
        return nil
    }

    /// A sentence for the person who tried; it never includes a contact's personal data.
    public var description: String {
        switch code {
        case .role(let role, let action):
            "a \(role) may not \(action)"
        case .notVisible(let id):
            "\(Self.deal(id)) is not yours: a manager sees only the exchange and their own deals"
        case .notOwner(let id, let owner):
            if let owner {
                "\(Self.deal(id)) belongs to \(owner): only its owner (or the head of sales) may do this"
            } else {
                "\(Self.deal(id)) is on the exchange: take it first"
            }
        case .alreadyTaken(let id, let by):
            "\(Self.deal(id)) is already taken by \(by)"
        case .alreadyYours(let id):
            "\(Self.deal(id)) is already yours"
        case .capReached(let user, let cap):
            "\(user) has reached the cap of \(cap) open deals: win, refuse or return a deal to take a new one"
        case .receiverCapReached(let user, let cap):
            "\(user) already has \(cap) open deals, their cap: give the deal to someone with room, or raise \(user)'s cap in the config first"
        case .reassignNote:
            "a reassignment needs a note saying why (on leave, leaving, overloaded): the next manager reads it"
        case .sameOwner(let id, let owner):
            "\(Self.deal(id)) is already \(owner)'s"
        case .badAmount(let text, let problem):
            switch problem {
            case .empty: "an amount is needed: 150000, 150 000, 150 000,50, 150 тыс or 1,5 млн"
            case .notANumber: "'\(text)' is not an amount: write it as 150000, 150 000, 150 000,50, 150 тыс or 1,5 млн"
            case .ambiguous: "'\(text)' is ambiguous: write 1500 for thousands with no mark, or 1,50 for roubles and kopecks"
            case .negative: "an amount cannot be negative"
            case .zero: "an amount is more than zero: to remove a deal's amount, clear it"
            case .fractionOfKopeck: "'\(text)' has a fraction of a kopeck"
            case .tooLarge: "'\(text)' is more than \(DealAmount.maxRoubles / 1_000_000_000) billion roubles: check the zeros"
            }
        case .sameAmount(let amount):
            amount.map { "the deal's amount is already \($0)" } ?? "the deal has no amount to clear"
        case .wrongState(let id, let state, let action):
            "cannot \(action) \(Self.deal(id)): it is \(Self.describe(state))"
        case .unknownStage(let stage):
            "there is no stage '\(stage)' in the pipeline"
        case .stageNotAllowed(let stage, let user):
            "\(user) may not move deals to stage '\(stage)'"
        case .sameStage(let stage):
            "the deal is already in stage '\(stage)'"
        case .unknownReason(let reason, let list):
            "'\(reason)' is not one of the configured \(list) reasons"
        case .noteRequired(let reason):
            "reason '\(reason)' needs a note saying what happened"
        case .emptyNote:
            "a note needs some text: the call made, what was agreed"
        case .refusalReview(let action):
            "only QA or the head of sales may \(action): a manager sets a conditional refusal instead"
        case .reopenNeedsNote:
            "reopening a deal needs a note saying what the client told QA, for the manager who gets it next"
        case .unknownUser(let login):
            "there is no user '\(login)'"
        case .missingRight(let right):
            "the '\(right)' right is needed: an admin grants it with rights = [\"\(right)\"] in the user's [[user]] of the config"
        case .leadNotFound(let id):
            "there is no lead \(id)"
        case .contactNotFound(let id):
            "there is no contact \(id)"
        case .reminderInPast:
            "the reminder's time is in the past: a reminder is for a call still to make (check the date and the year)"
        case .reminderTooFar(let years):
            "the reminder's time is more than \(years) years ahead: nobody will be there to make the call (check the date and the year)"
        case .ignoredMailNotFound(let id):
            "there is no ignored mail \(id) (leadexctl ignored lists them)"
        }
    }

    static func deal(_ id: LeadID?) -> String { id.map { "deal \($0)" } ?? "the deal" }

    private static func describe(_ state: LeadStatus.Kind) -> String {
        switch state {
        case .exchange: "on the exchange"
        case .owned: "being worked"
        case .conditionalRefusal: "a conditional refusal awaiting review"
        case .won: "won"
        case .lost: "closed as lost"
        case .disqualified: "disqualified"
        }
    }

    static func role(_ role: Role, may action: String) -> Self { Self(.role(role, action: action)) }
    /// The actor may not see this lead (a manager and another manager's deal).
    public static func notVisible(_ id: LeadID?) -> Self { Self(.notVisible(id)) }
    static func notOwner(_ id: LeadID?, owner: UserLogin?) -> Self { Self(.notOwner(id, owner: owner)) }
    static func alreadyTaken(_ id: LeadID?, by: UserLogin) -> Self { Self(.alreadyTaken(id, by: by)) }
    static func alreadyYours(_ id: LeadID?) -> Self { Self(.alreadyYours(id)) }
    static func capReached(_ user: UserLogin, cap: Int) -> Self { Self(.capReached(user, cap: cap)) }
    static func receiverCapReached(_ user: UserLogin, cap: Int) -> Self { Self(.receiverCapReached(user, cap: cap)) }
    static let reassignNote = Self(.reassignNote)
    static func sameOwner(_ id: LeadID?, _ owner: UserLogin) -> Self { Self(.sameOwner(id, owner)) }
    static func sameAmount(_ amount: DealAmount?) -> Self { Self(.sameAmount(amount)) }
    /// An amount that cannot be read as one (``DealAmount/parse(_:)``).
    public static func badAmount(_ text: String, _ problem: AmountProblem) -> Self { Self(.badAmount(text, problem)) }
    static func wrongState(_ id: LeadID?, _ state: LeadStatus.Kind, action: String) -> Self {
        Self(.wrongState(id, state, action: action))
    }
    static func unknownStage(_ stage: StageID) -> Self { Self(.unknownStage(stage)) }
    static func stageNotAllowed(_ stage: StageID, user: UserLogin) -> Self {
        Self(.stageNotAllowed(stage, user: user))
    }
    static func sameStage(_ stage: StageID) -> Self { Self(.sameStage(stage)) }
    static func unknownReason(_ reason: ReasonID, list: String) -> Self { Self(.unknownReason(reason, list: list)) }
    static func noteRequired(_ reason: ReasonID) -> Self { Self(.noteRequired(reason)) }
    static let emptyNote = Self(.emptyNote)
    static func refusalReview(_ action: String) -> Self { Self(.refusalReview(action: action)) }
    static let reopenNeedsNote = Self(.reopenNeedsNote)
    /// A user named in a request does not exist.
    public static func unknownUser(_ login: UserLogin) -> Self { Self(.unknownUser(login)) }
    /// The actor lacks an explicit right.
    public static func missingRight(_ right: Right) -> Self { Self(.missingRight(right)) }
    /// No lead has this id.
    public static func leadNotFound(_ id: LeadID) -> Self { Self(.leadNotFound(id)) }
    /// A reminder set for a time already past.
    public static let reminderInPast = Self(.reminderInPast)
    /// A reminder set further ahead than anyone plans a call.
    public static func reminderTooFar(years: Int) -> Self { Self(.reminderTooFar(years: years)) }
    /// No contact has this id.
    public static func contactNotFound(_ id: ContactID) -> Self { Self(.contactNotFound(id)) }
    /// No mail with this id was ignored by intake.
    public static func ignoredMailNotFound(_ id: Int64) -> Self { Self(.ignoredMailNotFound(id)) }
}
