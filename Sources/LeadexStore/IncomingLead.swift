public import LeadexCore

/// A person as intake or a manager describes them, before deduplication against the base.
public struct ContactDraft: Sendable, Hashable {
    public var name: String
    public var company: String?
    public var emails: [String]
    public var phones: [PhoneNumber]

    public init(name: String, company: String? = nil, emails: [String] = [], phones: [PhoneNumber] = []) {
        self.name = name
        self.company = company
        self.emails = emails.map(Contact.normalizedEmail)
        self.phones = phones
    }
}

/// A request arriving from a mailbox, a form, a phone call or an import.
public struct IncomingLead: Sendable, Hashable {
    public var source: LeadSource
    /// The source's id for the request (Message-ID, submission id): a second arrival with the
    /// same reference is recognised and creates nothing.
    public var sourceRef: String?
    public var title: String
    public var text: String
    public var contact: ContactDraft

    public init(source: LeadSource, sourceRef: String?, title: String, text: String, contact: ContactDraft) {
        self.source = source
        self.sourceRef = sourceRef
        self.title = title
        self.text = text
        self.contact = contact
    }
}

/// What intake did with an incoming request.
public enum IntakeOutcome: Sendable, Hashable {
    /// A new lead on the exchange; `newContact` is false when the person was already known.
    case created(LeadID, contact: ContactID, newContact: Bool)
    /// The same request arrived before and is lead `LeadID`; nothing was written.
    case duplicate(LeadID)
}
