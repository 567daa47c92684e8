public import Foundation

// The control socket's wire format: HTTP/1.1 with JSON bodies, dates in ISO 8601 (UTC). Shared by
// the daemon's routes and leadexctl, so both sides agree by construction; curl users read
// README ("leadexctl and the control socket").

/// How both sides encode and decode bodies.
public enum Wire {
    public static func encoder() -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        // Keys are spelled in snake_case by each type's CodingKeys: converting them per value
        // was most of the cost of a long list.
        encoder.outputFormatting = [.withoutEscapingSlashes]
        return encoder
    }

    /// The largest request body the daemon reads (a client base's CSV is the largest); over it, 413.
    public static let maxBodyBytes = 64 << 20

    /// "64 MB": a limit as people read it.
    public static func megabytes(_ bytes: Int) -> String { "\(bytes >> 20) MB" }

    public static func decoder() -> JSONDecoder {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return decoder
    }
}

/// Who the daemon took the caller to be.
public struct IdentityReply: Codable, Sendable {
    enum CodingKeys: String, CodingKey {
        case login, name, role
        case unixUser = "unix_user"
    }

    public var login: String
    public var name: String
    public var role: String
    public var unixUser: String

    public init(login: String, name: String, role: String, unixUser: String) {
        self.login = login
        self.name = name
        self.role = role
        self.unixUser = unixUser
    }
}

/// A lead as lists show it.
public struct LeadSummary: Codable, Sendable {
    enum CodingKeys: String, CodingKey {
        case id, title, stage, status, owner, keep, source, reason
        case stageTitle = "stage_title", contactId = "contact_id", reasonNote = "reason_note", createdAt = "created_at"
        case stageEnteredAt = "stage_entered_at", lastActivityAt = "last_activity_at"
        case clientName = "client_name", clientCompany = "client_company", clientPhone = "client_phone", stageNormSeconds = "stage_norm_seconds"
        case sourceTitle = "source_title", reasonTitle = "reason_title", ownerName = "owner_name", overdueReminders = "overdue_reminders"
        case amountKopecks = "amount_kopecks", amountTitle = "amount_title"
    }

    public var id: Int64
    public var title: String
    public var stage: String
    public var stageTitle: String
    /// `exchange`, `owned`, `refused`, `won`, `lost`, `disqualified`.
    public var status: String
    public var owner: String?
    public var keep: Bool
    /// `mail:sales`, `form:site`, `manual:ivanov`, `import:clients.csv`.
    public var source: String
    public var contactId: Int64
    public var reason: String?
    public var reasonNote: String?
    public var createdAt: Date
    public var stageEnteredAt: Date
    public var lastActivityAt: Date
    /// The client's name, company and first phone (E.164): in the exchange's list.
    public var clientName: String?
    public var clientCompany: String?
    public var clientPhone: String?
    /// How long the stage should take (its configured norm), when it has one.
    public var stageNormSeconds: Double?
    /// Titles as people read them, in the configured language: "Вручную (Иван Иванов)", "Дорого", the owner's name.
    public var sourceTitle: String?
    public var reasonTitle: String?
    public var ownerName: String?
    /// Reminders that fell due with nothing done on the deal since (`leadexctl mine`).
    public var overdueReminders: Int?
    /// The deal's amount in kopecks, and as people read it ("150 000 ₽"), once set.
    public var amountKopecks: Int64?
    public var amountTitle: String?

    public init(
        id: Int64, title: String, stage: String, stageTitle: String, status: String, owner: String?, keep: Bool, source: String,
        contactId: Int64, reason: String?, reasonNote: String?, createdAt: Date, stageEnteredAt: Date, lastActivityAt: Date,
        clientName: String? = nil, clientCompany: String? = nil, clientPhone: String? = nil, stageNormSeconds: Double? = nil,
        sourceTitle: String? = nil, reasonTitle: String? = nil, ownerName: String? = nil, amountKopecks: Int64? = nil, amountTitle: String? = nil
    ) {
        self.amountKopecks = amountKopecks
        self.amountTitle = amountTitle
        self.sourceTitle = sourceTitle
        self.reasonTitle = reasonTitle
        self.ownerName = ownerName
        self.clientName = clientName
        self.clientCompany = clientCompany
        self.clientPhone = clientPhone
        self.stageNormSeconds = stageNormSeconds
        self.id = id
        self.title = title
        self.stage = stage
        self.stageTitle = stageTitle
        self.status = status
        self.owner = owner
        self.keep = keep
        self.source = source
        self.contactId = contactId
        self.reason = reason
        self.reasonNote = reasonNote
        self.createdAt = createdAt
        self.stageEnteredAt = stageEnteredAt
        self.lastActivityAt = lastActivityAt
    }
}

public struct ContactReply: Codable, Sendable {
    public var id: Int64
    public var name: String
    public var company: String?
    public var emails: [String]
    public var phones: [String]
    /// The contact's leads the caller may see (search results only).
    public var leads: [LeadSummary]?

    public init(id: Int64, name: String, company: String?, emails: [String], phones: [String], leads: [LeadSummary]? = nil) {
        self.id = id
        self.name = name
        self.company = company
        self.emails = emails
        self.phones = phones
        self.leads = leads
    }
}

public struct HistoryLine: Codable, Sendable {
    enum CodingKeys: String, CodingKey {
        case at, actor, action, reason, note, text
        case fromStage = "from_stage", toStage = "to_stage"
    }

    public var at: Date
    public var actor: String?
    public var action: String
    public var fromStage: String?
    public var toStage: String?
    public var reason: String?
    public var note: String?
    /// What happened as people read it, in the configured language, without its time ("Иван
    /// Иванов: перевёл на этап «Звонок»"); the fields above keep the ids.
    public var text: String?

    public init(
        at: Date, actor: String?, action: String, fromStage: String?, toStage: String?, reason: String?, note: String?, text: String? = nil
    ) {
        self.text = text
        self.at = at
        self.actor = actor
        self.action = action
        self.fromStage = fromStage
        self.toStage = toStage
        self.reason = reason
        self.note = note
    }
}

public struct ReminderReply: Codable, Sendable {
    enum CodingKeys: String, CodingKey {
        case id, note
        case leadId = "lead_id", dueAt = "due_at", createdBy = "created_by", sentAt = "sent_at"
    }

    public var id: Int64
    public var leadId: Int64
    public var dueAt: Date
    public var note: String
    public var createdBy: String?
    public var sentAt: Date?

    public init(id: Int64, leadId: Int64, dueAt: Date, note: String, createdBy: String?, sentAt: Date?) {
        self.id = id
        self.leadId = leadId
        self.dueAt = dueAt
        self.note = note
        self.createdBy = createdBy
        self.sentAt = sentAt
    }
}

/// `leadexctl show`: the deal with its contact, reminders and full history.
public struct LeadDetail: Codable, Sendable {
    public var lead: LeadSummary
    public var text: String
    public var contact: ContactReply
    public var reminders: [ReminderReply]
    public var history: [HistoryLine]

    public init(lead: LeadSummary, text: String, contact: ContactReply, reminders: [ReminderReply], history: [HistoryLine]) {
        self.lead = lead
        self.text = text
        self.contact = contact
        self.reminders = reminders
        self.history = history
    }
}

/// The body of every action on a lead; each action reads the fields it needs.
public struct ActionRequest: Codable, Sendable {
    public var note: String?
    public var stage: String?
    public var reason: String?
    /// `reopen`: the manager to give the deal to (none: back onto the exchange).
    public var to: String?
    /// `keep`: false clears the mark.
    public var keep: Bool?

    public init(note: String? = nil, stage: String? = nil, reason: String? = nil, to: String? = nil, keep: Bool? = nil) {
        self.note = note
        self.stage = stage
        self.reason = reason
        self.to = to
        self.keep = keep
    }
}

public struct ReminderRequest: Codable, Sendable {
    public var at: Date
    public var note: String

    public init(at: Date, note: String) {
        self.at = at
        self.note = note
    }
}

/// `leadexctl add`: a lead taken by phone or at an exhibition.
public struct NewLeadRequest: Codable, Sendable {
    public var name: String
    public var phone: String
    public var email: String?
    public var note: String?
    /// Straight to the caller (under the same rules as taking it) instead of onto the exchange.
    public var take: Bool

    public init(name: String, phone: String, email: String? = nil, note: String? = nil, take: Bool = false) {
        self.name = name
        self.phone = phone
        self.email = email
        self.note = note
        self.take = take
    }
}

public struct NewLeadReply: Codable, Sendable {
    enum CodingKeys: String, CodingKey {
        case lead
        case newContact = "new_contact"
    }

    public var lead: LeadSummary
    /// False when the phone or email matched a contact already in the base.
    public var newContact: Bool

    public init(lead: LeadSummary, newContact: Bool) {
        self.lead = lead
        self.newContact = newContact
    }
}

/// `leadexctl users`: a seller's load against their cap.
public struct UserLoadReply: Codable, Sendable {
    enum CodingKeys: String, CodingKey {
        case login, name, role, refusals, cap
        case openDeals = "open_deals"
    }

    public var login: String
    public var name: String
    public var role: String
    public var openDeals: Int
    public var refusals: Int
    public var cap: Int

    public init(login: String, name: String, role: String, openDeals: Int, refusals: Int, cap: Int) {
        self.login = login
        self.name = name
        self.role = role
        self.openDeals = openDeals
        self.refusals = refusals
        self.cap = cap
    }
}

/// A refusal, as every non-2xx reply carries it.
public struct ErrorReply: Codable, Sendable, Error {
    enum CodingKeys: String, CodingKey {
        case kind, rule, message
        case takenBy = "taken_by"
    }

    /// `forbidden`, `not_found`, `conflict`, `invalid`, `too_large`, `internal`.
    public var kind: String
    /// The rule that refused it (`exchange.taken`, `right`, `user.unmapped`, ...).
    public var rule: String?
    public var message: String
    /// `exchange.taken`: who holds the lead.
    public var takenBy: String?

    public init(kind: String, rule: String?, message: String, takenBy: String? = nil) {
        self.kind = kind
        self.rule = rule
        self.message = message
        self.takenBy = takenBy
    }
}
