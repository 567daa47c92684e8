internal import Foundation
internal import GRDB
public import LeadexCore
internal import Logging

/// What an import did, or — in a dry run — would do, row by row.
public struct ImportOutcome: Sendable, Hashable {
    public enum Decision: Sendable, Hashable {
        /// A new contact.
        case created(ContactID)
        /// Into a contact already in the base, found by this phone or email.
        case merged(ContactID, matchedBy: String)
        /// Into the contact of an earlier line of the same file.
        case mergedWithLine(Int, ContactID, matchedBy: String)
    }

    /// Thrown by an import made ``ExchangeStore/importClients(_:file:dryRun:expecting:by:)``
    /// against a preview the base has since moved away from: nothing was imported.
    public struct Changed: Error, Sendable, Hashable, CustomStringConvertible {
        /// The first line whose outcome differs from the preview's.
        public var line: Int?
        public var description: String {
            "the base changed since the dry run" + (line.map { " (line \($0) would now be imported differently)" } ?? "")
                + "; nothing was imported"
        }
    }

    public var decisions: [(line: Int, decision: Decision)]
    public var rejected: [ClientSheet.Rejection]
    public var committed: Bool

    public var created: Int { decisions.count { if case .created = $0.decision { true } else { false } } }
    public var merged: Int { decisions.count { if case .merged = $0.decision { true } else { false } } }
    public var mergedInFile: Int { decisions.count { if case .mergedWithLine = $0.decision { true } else { false } } }

    public static func == (a: Self, b: Self) -> Bool {
        a.committed == b.committed && a.rejected == b.rejected && a.decisions.map(\.line) == b.decisions.map(\.line)
    }
    public func hash(into hasher: inout Hasher) { hasher.combine(decisions.count) }

    /// The first line where `decisions` would do other than `preview` did; a new contact's
    /// number may differ (others are created meanwhile), what is merged into what may not.
    static func firstDifference(_ decisions: [(line: Int, decision: Decision)], from preview: ImportOutcome) -> Int? {
        for (index, now) in decisions.enumerated() {
            guard index < preview.decisions.count else { return now.line }
            let then = preview.decisions[index]
            guard then.line == now.line else { return min(then.line, now.line) }
            switch (then.decision, now.decision) {
            case (.created, .created): continue
            case (.mergedWithLine(let a, _, let keyA), .mergedWithLine(let b, _, let keyB)) where a == b && keyA == keyB: continue
            case (.merged, .merged) where then.decision == now.decision: continue
            default: return now.line
            }
        }
        return decisions.count < preview.decisions.count ? preview.decisions[decisions.count].line : nil
    }
}

extension ExchangeStore {
    /// Merges a spreadsheet of clients into the base in one transaction: each row becomes a new
    /// contact, or adds its phones and emails to the contact that shares one (in the base, or an
    /// earlier row). `dryRun` does the same work and rolls it back, so the report is exactly what
    /// the real run will do. The head and admins only; the run is journaled.
    ///
    /// - Parameter expecting: a dry run's outcome the real run must reproduce (the web's confirm
    ///   step): should the base have changed meanwhile so that a row would be merged otherwise,
    ///   the run is rolled back and ``ImportOutcome/Changed`` thrown.
    public func importClients(
        _ sheet: ClientSheet, file: String, dryRun: Bool, expecting preview: ImportOutcome? = nil, by login: UserLogin
    ) async throws -> ImportOutcome {
        try checkCanImport(login)
        let decisions = try await database.pool.writeWithoutTransaction { [clock] db -> [(line: Int, decision: ImportOutcome.Decision)] in
            var decisions: [(line: Int, decision: ImportOutcome.Decision)] = []
            try db.inTransaction(.immediate) {
                let now = clock.now()
                var seen: [String: (line: Int, contact: ContactID)] = [:]
                for row in sheet.rows {
                    let keys = row.phones.map(\.e164) + row.emails
                    let draft = ContactDraft(name: row.name, company: row.company, emails: row.emails, phones: row.phones)
                    let decision: ImportOutcome.Decision
                    if let key = keys.first(where: { seen[$0] != nil }), let earlier = seen[key] {
                        let owned = try Self.withoutOthers(draft, of: earlier.contact.rawValue, seen: seen, db: db)
                        _ = try Self.upsertContact(owned, db: db, at: now, knownContact: .some(earlier.contact.rawValue))
                        decision = .mergedWithLine(earlier.line, earlier.contact, matchedBy: key)
                    } else if let existing = try Self.findContact(draft, db: db) {
                        let matched = try Self.matchingKey(keys, contact: existing, db: db) ?? keys[0]
                        let owned = try Self.withoutOthers(draft, of: existing, seen: seen, db: db)
                        _ = try Self.upsertContact(owned, db: db, at: now, knownContact: .some(existing))
                        decision = .merged(ContactID(existing), matchedBy: matched)
                    } else {
                        let (id, _) = try Self.upsertContact(draft, db: db, at: now, knownContact: .some(nil))
                        if let note = row.note {
                            try db.execute(sql: "UPDATE contact SET notes = ? WHERE id = ?", arguments: [note, id.rawValue])
                        }
                        decision = .created(id)
                    }
                    let contact: ContactID = switch decision {
                    case .created(let id), .merged(let id, _), .mergedWithLine(_, let id, _): id
                    }
                    for key in keys where seen[key] == nil { seen[key] = (row.line, contact) }
                    decisions.append((row.line, decision))
                }
                guard !dryRun else { return .rollback }
                if let preview, let line = ImportOutcome.firstDifference(decisions, from: preview) {
                    throw ImportOutcome.Changed(line: line)
                }
                let created = decisions.filter { if case .created = $0.decision { true } else { false } }.count
                try Self.audit(
                    db, at: now, actor: login, action: "import", subject: file,
                    detail: "\(created) new contacts, \(decisions.count - created) merged, \(sheet.rejected.count) rejected")
                return .commit
            }
            return decisions
        }
        let outcome = ImportOutcome(decisions: decisions, rejected: sheet.rejected, committed: !dryRun)
        logger.notice(
            dryRun ? "import dry run" : "clients imported",
            metadata: [
                "user": "\(login)", "action": "import", "file": "\(file)", "created": "\(outcome.created)", "merged": "\(outcome.merged)",
                "merged_in_file": "\(outcome.mergedInFile)", "rejected": "\(outcome.rejected.count)",
            ])
        return outcome
    }

    /// Throws (and logs) unless `login` may import clients: the head and admins.
    public func checkCanImport(_ login: UserLogin) throws(RuleViolation) {
        _ = try check(login, action: "import") { rules, user throws(RuleViolation) in try rules.requireBaseKeeper(user, to: "import clients") }
    }

    /// `draft` less the phones and emails that belong to another contact (in the base or from an
    /// earlier row): a row that names two people's numbers is merged into one of them, never
    /// makes a number belong to both.
    private static func withoutOthers(
        _ draft: ContactDraft, of contact: Int64, seen: [String: (line: Int, contact: ContactID)], db: Database
    ) throws -> ContactDraft {
        func free(_ key: String, table: String, column: String) throws -> Bool {
            if let owner = seen[key] { return owner.contact.rawValue == contact }
            let owners = try Int64.fetchAll(db, sql: "SELECT contact_id FROM \(table) WHERE \(column) = ?", arguments: [key])
            return owners.allSatisfy { $0 == contact }
        }
        var result = draft
        result.phones = try draft.phones.filter { try free($0.e164, table: "contact_phone", column: "phone") }
        result.emails = try draft.emails.filter { try free($0, table: "contact_email", column: "email") }
        return result
    }

    private static func matchingKey(_ keys: [String], contact: Int64, db: Database) throws -> String? {
        for key in keys {
            let table = key.hasPrefix("+") ? "contact_phone" : "contact_email"
            let column = key.hasPrefix("+") ? "phone" : "email"
            if try Bool.fetchOne(db, sql: "SELECT 1 FROM \(table) WHERE contact_id = ? AND \(column) = ?", arguments: [contact, key]) == true {
                return key
            }
        }
        return nil
    }
}
