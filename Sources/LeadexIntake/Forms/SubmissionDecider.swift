public import LeadexConfig
internal import LeadexCore
public import LeadexStore

/// Decides what one feed item is, with no I/O: a request (→ a lead, its fields mapped), not a
/// lead (no contact data, with the reason admins will see), or a health-check probe coming back.
public struct SubmissionDecider: Sendable {
    public var form: String
    public var mapping: FormSettings.FieldMapping
    public var title: String
    /// The field holding each submission's id.
    public var idField: String
    /// Every field the mapping reads or that identifies the item: not repeated as an extra.
    private let reserved: Set<String>

    public init(settings: FormSettings) {
        form = settings.name
        mapping = settings.fields
        title = settings.title
        switch settings.format {
        case .json(_, let id): idField = id
        case .csv(let id, _, _): idField = id ?? FeedPage.rowHashField
        }
        var reserved = Set(settings.fields.mapped)
        reserved.insert(idField)
        reserved.insert(FeedPage.rowHashField)
        self.reserved = reserved
    }

    /// The item's submission id, or `nil` when it has none (it cannot be recorded).
    public func submissionID(_ item: FeedItem) -> String? {
        guard let id = item[idField]?.trimmingSpaces, !id.isEmpty else { return nil }
        return id
    }

    public func decide(_ item: FeedItem, id: String) -> FormIntakeItem {
        let contact = contactDraft(item)
        for case let value? in item.values where value.utf8.count >= ProbeToken.prefix.utf8.count {
            guard let token = ProbeToken.find(in: value) else { continue }
            var problem: String?
            if let missing = missingFields(in: item) {
                problem = missing
            } else if case .failure(let refusal) = contact {
                problem = refusal.reason
            }
            return FormIntakeItem(submissionID: id, decision: .probe(token: token, problem: problem))
        }
        switch contact {
        case .failure(let refusal):
            return FormIntakeItem(submissionID: id, decision: .ignored(reason: refusal.reason))
        case .success(let draft):
            let lead = IncomingLead(
                source: LeadSource(kind: .form, name: form), sourceRef: id, title: title, text: text(item),
                contact: draft)
            return FormIntakeItem(submissionID: id, decision: .lead(lead))
        }
    }

    /// Whether a held `item` still waits for the mapping: no contact data under it, and its
    /// phone or email names absent from the item altogether (present but empty: really none).
    public func waitsForMapping(_ item: FeedItem, id: String) -> Bool {
        guard case .ignored(let reason) = decide(item, id: id).decision, Self.isNoContactData(reason) else { return false }
        return lacksContactField(item)
    }

    /// Whether the item has none of the mapped names of its phone, or of its email (absent, not
    /// merely empty): a quick look before ``unreadContactFields(_:)``, only for such items.
    public func lacksContactField(_ item: FeedItem) -> Bool {
        func absent(_ names: [String]) -> Bool { !names.isEmpty && !names.contains { item[$0] != nil } }
        return absent(mapping.phone) || absent(mapping.email)
    }

    /// The fields the mapping does not read whose value is a phone or an email: where a renamed
    /// field's contact data went.
    public func unreadContactFields(_ item: FeedItem) -> [String] {
        item.fields.compactMap { name, value in
            guard !reserved.contains(name), !value.isEmpty else { return nil }
            let text = value.trimmingSpaces
            return PhoneNumber(text) != nil || Self.validEmail(text) != nil ? name : nil
        }
    }

    /// Whether `reason` (of an ignored item) is the mapping finding no contact data.
    public static func isNoContactData(_ reason: String) -> Bool { reason.hasPrefix(noContactPrefix) }
    private static let noContactPrefix = "no contact data"

    struct Refusal: Error { var reason: String }

    private func contactDraft(_ item: FeedItem) -> Result<ContactDraft, Refusal> {
        let phoneText = first(mapping.phone, in: item)
        let emailText = first(mapping.email, in: item)
        var phones: [PhoneNumber] = []
        if let phoneText {
            // "8 912 345-67-89, +7 495 123-45-67": several numbers in one field.
            for part in phoneText.split(whereSeparator: { $0 == "," || $0 == ";" || $0 == "/" }) {
                if let phone = PhoneNumber(part), !phones.contains(phone) { phones.append(phone) }
            }
        }
        let email = emailText.flatMap(Self.validEmail)
        guard !phones.isEmpty || email != nil else {
            // Never the values themselves: the reason is logged and stored.
            var why: [String] = []
            if !mapping.phone.isEmpty { why.append(describe("phone", mapping.phone, phoneText, item: item)) }
            if !mapping.email.isEmpty { why.append(describe("email", mapping.email, emailText, item: item)) }
            return .failure(Refusal(reason: "\(Self.noContactPrefix): " + why.joined(separator: "; ")))
        }
        let name = first(mapping.name, in: item)
            ?? email.map { String($0.prefix { $0 != "@" }) } ?? phones.first?.e164 ?? "?"
        return .success(
            ContactDraft(name: name, company: first(mapping.company, in: item), emails: email.map { [$0] } ?? [], phones: phones))
    }

    private func describe(_ what: String, _ names: [String], _ value: String?, item: FeedItem) -> String {
        let quoted = names.map { "'\($0)'" }.joined(separator: " or ")
        if value != nil { return "\(what) (\(quoted)) is not a valid \(what)" }
        return names.contains { item[$0] != nil } ? "\(what) (\(quoted)) is empty" : "\(what) (\(quoted)) is missing"
    }

    /// A mapped field absent from the item (not merely empty): for a probe, which fills every
    /// field, that is a renamed field.
    private func missingFields(in item: FeedItem) -> String? {
        let missing = missingGroups(in: item)
        guard !missing.isEmpty else { return nil }
        return missing.map { "\($0.0) field " + $0.1.map { "'\($0)'" }.joined(separator: " or ") }.joined(separator: ", ")
            + " missing from the submission (renamed on the site?)"
    }

    /// The lead fields whose mapped names are all absent from the item (not merely empty).
    private func missingGroups(in item: FeedItem) -> [(String, [String])] {
        let groups = [("name", mapping.name), ("phone", mapping.phone), ("email", mapping.email), ("company", mapping.company),
                      ("comment", mapping.comment)]
        return groups.filter { !$0.1.isEmpty && !$0.1.contains { item[$0] != nil } }
    }

    private func first(_ names: [String], in item: FeedItem) -> String? {
        for name in names {
            if let value = item[name]?.trimmingSpaces, !value.isEmpty { return value }
        }
        return nil
    }

    /// The lead's text: the comment, then every extra field as `field: value`, in the feed's order.
    /// Where the item lacks a mapped field (renamed on the site), every field not mapped goes in,
    /// `extra` or not: until the mapping is fixed, what the client typed under the new name (a
    /// phone beside the email that made the lead) reaches the manager instead of vanishing.
    private func text(_ item: FeedItem) -> String {
        var text = first(mapping.comment, in: item) ?? ""
        var extras = ""
        func add(_ name: String, _ value: String) {
            let value = value.trimmingSpaces
            guard !value.isEmpty else { return }
            extras += (extras.isEmpty ? "" : "\n") + name + ": " + value
        }
        if let extra = mapping.extra, missingGroups(in: item).isEmpty {
            for name in extra { if let value = item[name] { add(name, value) } }
        } else {
            for (name, value) in item.fields where !reserved.contains(name) { add(name, value) }
        }
        if !extras.isEmpty { text += (text.isEmpty ? "" : "\n\n") + extras }
        return text
    }

    /// The address as the store keeps it; `nil` for anything `add --email` and imports refuse too.
    static func validEmail(_ text: String) -> String? { EmailAddress.normalized(text) }
}

extension String {
    /// Without the spaces and line breaks around it (no Foundation: a few million calls per feed).
    var trimmingSpaces: String {
        let utf8 = self.utf8
        guard let first = utf8.first, let last = utf8.last,
            first == 0x20 || first == 0x09 || first == 0x0A || first == 0x0D || last == 0x20 || last == 0x09 || last == 0x0A || last == 0x0D
        else { return self }
        var start = startIndex
        var end = endIndex
        while start < end, self[start].isWhitespace { start = index(after: start) }
        while end > start, self[index(before: end)].isWhitespace { end = index(before: end) }
        return String(self[start..<end])
    }
}
