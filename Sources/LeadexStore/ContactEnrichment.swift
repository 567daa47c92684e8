internal import Foundation
internal import GRDB
internal import LeadexCore

extension ExchangeStore {
    /// Gives known contact `id` what `draft` knows and it lacks — addresses, phones, a company,
    /// a fuller name — and never replaces what it has: a colleague's short name or another
    /// company in a later mail says nothing about who the contact is.
    /// - Parameter fullerName: whether a fuller name (or a real one for a placeholder) replaces the name.
    /// - Returns: what was added (for the history line); empty when nothing was new.
    static func enrichContact(
        _ id: Int64, with draft: ContactDraft, db: Database, at now: Date, fullerName: Bool = true
    ) throws -> [ContactGains.Gain] {
        var added = try addAddresses(of: draft, to: id, db: db)
        guard let row = try Row.fetchOne(cached: db, sql: "SELECT name, company FROM contact WHERE id = ?", arguments: [id]) else {
            throw StoreError.corruptRow(table: "contact", id: id)
        }
        let (name, company): (String, String?) = (row[0], row[1])
        var newName: String?
        if fullerName, draft.name != name, !isPlaceholderName(draft.name, of: draft),
            try ContactName.isFuller(draft.name, than: name) || isPlaceholderName(name, of: storedAddresses(id, db: db))
        {
            newName = draft.name
            added.append(ContactGains.Gain(.name, draft.name, was: name))
        }
        var newCompany: String?
        if company == nil, let c = draft.company, !c.isEmpty {
            newCompany = c
            added.append(ContactGains.Gain(.company, c))
        }
        if newName != nil || newCompany != nil {
            try db.cachedExecute(
                sql: "UPDATE contact SET name = coalesce(?, name), company = coalesce(company, ?), updated_at = ? WHERE id = ?",
                arguments: [newName, newCompany, StoredTime.text(now), id])
        }
        return added
    }

    /// Adds the draft's addresses and phones that contact `id` lacks; returns them.
    static func addAddresses(of draft: ContactDraft, to id: Int64, db: Database) throws -> [ContactGains.Gain] {
        var added: [ContactGains.Gain] = []
        for email in draft.emails where !email.isEmpty {
            try db.cachedRawWrite(sql: "INSERT OR IGNORE INTO contact_email (contact_id, email) VALUES (?, ?)") {
                $0.add(id)
                $0.add(email)
            }
            if db.changesCount > 0 { added.append(ContactGains.Gain(.email, email)) }
        }
        for phone in draft.phones.map(\.e164) {
            try db.cachedRawWrite(sql: "INSERT OR IGNORE INTO contact_phone (contact_id, phone) VALUES (?, ?)") {
                $0.add(id)
                $0.add(phone)
            }
            if db.changesCount > 0 { added.append(ContactGains.Gain(.phone, phone)) }
        }
        return added
    }

    /// The contact's addresses and phones as a draft, for ``isPlaceholderName(_:of:)``.
    private static func storedAddresses(_ id: Int64, db: Database) throws -> ContactDraft {
        let emails = try String.fetchAll(db, sql: "SELECT email FROM contact_email WHERE contact_id = ?", arguments: [id])
        let phones = try String.fetchAll(db, sql: "SELECT phone FROM contact_phone WHERE contact_id = ?", arguments: [id])
        return ContactDraft(name: "", emails: emails, phones: phones.map(PhoneNumber.init(trustedE164:)))
    }

    /// The names intake gives a contact when a mail names nobody: the address before the `@`,
    /// the phone, or "?".
    static func isPlaceholderName(_ name: String, of draft: ContactDraft) -> Bool {
        name.isEmpty || name == "?" || draft.emails.contains { $0.prefix { $0 != "@" } == name }
            || draft.phones.contains { $0.e164 == name }
    }
}

/// How two spellings of one person's name relate.
enum ContactName {
    /// True when `candidate` holds every word of `name` and more: "Иван" → "Иван Петров",
    /// "Петров" → "Петров Иван Сергеевич". Case and ё/е do not matter.
    static func isFuller(_ candidate: String, than name: String) -> Bool {
        let old = words(name), new = words(candidate)
        return !old.isEmpty && new.count > old.count && old.allSatisfy(new.contains)
    }

    private static func words(_ name: String) -> [String] {
        name.lowercased().replacingOccurrences(of: "ё", with: "е")
            .split { !$0.isLetter && !$0.isNumber }.map(String.init)
    }
}
