/// What the reminder template is rendered with. Encoded to JSON into the outbox when the
/// reminder falls due, rendered by the sender: the keys and values the template has always had,
/// so an admin's own reminder template keeps working. A nil optional is left out of the JSON, so
/// a section over it (`{{#contact.company}}`, `{{^lead.owner}}`) is skipped as before.
struct ReminderMailData: Encodable {
    struct Contact: Encodable {
        var name: String
        var company: String?
        var phones: [String]
        var emails: [String]
    }

    struct Lead: Encodable {
        var id: String
        var title: String
        var stage: String
        var owner: String?
    }

    struct Event: Encodable {
        var at: String
        var what: String
    }

    var greeting: String
    var overdue: Bool
    var due: String
    var note: String
    var contact: Contact
    var lead: Lead
    var history: [Event]
    /// The same, as ready lines: each template token costs a few microseconds in swift-mustache,
    /// and the sender renders 10,000 of these when they fall due at once. The built-in template
    /// uses these; an admin's own may use the lists above.
    var historyLines: String
    var contactLines: String
    /// The deal's page, with `[web] public_url`.
    var dealLink: String?

    enum CodingKeys: String, CodingKey {
        case greeting, overdue, due, note, contact, lead, history
        case historyLines = "history_lines"
        case contactLines = "contact_lines"
        case dealLink = "deal_link"
    }
}
