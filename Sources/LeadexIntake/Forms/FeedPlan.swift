internal import LeadexConfig
public import LeadexStore

/// What to do with one fetched page of a feed, decided with no I/O: which submissions to record,
/// in which batches, with which cursor each batch may commit, and what to report.
///
/// The cursor a batch commits never passes a submission that is not yet recorded: it is the
/// highest id (or time) up to the batch's end, and only when nothing after the batch sorts
/// below it. Items that a changed schema leaves without contact data are held back: recorded with
/// every field in `form_held`, not as leads, so that once the mapping is fixed they still become
/// leads, whatever the feed lists by then.
public struct FeedPlan: Sendable {
    /// A run of submissions committed in one transaction, with the cursor it may commit.
    public struct Batch: Sendable {
        let range: Range<Int>
        /// `nil`: leave the cursor where it is.
        public var cursor: String?
        public var count: Int { range.count }
    }

    public var batches: [Batch]
    /// What is wrong with the page: unreadable items, fields missing in every new item (the
    /// counts of skipped and held items are the pass's, see ``FormSyncReport``).
    public var problems: [String]
    /// Items on the page held back because the schema changed under the mapping.
    public var held: Int
    /// Items with no id, which can never be recorded.
    public var skipped: Int
    /// Whether a mapped field is missing in every item not recorded before.
    public var schemaChanged: Bool
    /// The submissions to record, in feed order; decided batch by batch (``items(of:)``), so
    /// that only one batch of leads is ever built at a time.
    private let entries: [(item: FeedItem, id: String, held: Bool)]
    private let decider: SubmissionDecider

    /// `recorded`: the page's submissions recorded before; they are neither held back nor
    /// evidence of a changed schema (a feed serving its whole export keeps their old names).
    public init(
        page: FeedPage, decider: SubmissionDecider, cursorField: String?, storedCursor: String?, recorded: Set<String> = [],
        batchSize: Int = 500
    ) {
        self.decider = decider
        problems = page.problems
        held = 0
        skipped = 0
        batches = []

        // A mapped field found in no new item at all: renamed or removed on the site.
        let fresh = page.items.filter { decider.submissionID($0).map { !recorded.contains($0) } ?? true }
        var missingContact = false
        var missing: [String] = []
        let groups: [(String, [String])] = [
            ("id", [decider.idField]), ("name", decider.mapping.name), ("phone", decider.mapping.phone),
            ("email", decider.mapping.email), ("company", decider.mapping.company), ("comment", decider.mapping.comment),
        ] + (cursorField.map { $0 == decider.idField ? [] : [("time", [$0])] } ?? [])
        if !fresh.isEmpty {
            for (role, names) in groups where !names.isEmpty && names != [FeedPage.rowHashField] {
                guard !fresh.contains(where: { item in names.contains { item[$0] != nil } }) else { continue }
                missing.append("\(role) field " + names.map { "'\($0)'" }.joined(separator: " or "))
                if role == "phone" || role == "email" { missingContact = true }
            }
        }
        schemaChanged = !missing.isEmpty
        if schemaChanged {
            problems.append(
                "the feed's schema changed: " + missing.joined(separator: ", ") + " missing in every new item (renamed on the site? fix 'form.fields')")
        }

        var entries: [(item: FeedItem, id: String, held: Bool)] = []
        var keys: [String?] = []
        entries.reserveCapacity(page.items.count)
        keys.reserveCapacity(page.items.count)
        var unreadContact: [String] = []
        for item in page.items {
            guard let id = decider.submissionID(item) else {
                skipped += 1
                continue
            }
            // Only with the schema broken is an item decided here: one without contact data
            // under the mapping waits for the fix instead of being recorded as ignored. So is
            // one whose contact fields are absent on a page that still has them elsewhere (it
            // mixes items from before and after a rename): it waits if a field the mapping does
            // not read holds a phone or an email.
            var waits = false
            if missingContact || decider.lacksContactField(item), !recorded.contains(id),
                case .ignored(let reason) = decider.decide(item, id: id).decision, SubmissionDecider.isNoContactData(reason)
            {
                if missingContact {
                    waits = true
                } else {
                    let unread = decider.unreadContactFields(item)
                    waits = !unread.isEmpty
                    for name in unread where !unreadContact.contains(name) { unreadContact.append(name) }
                }
                if waits { held += 1 }
            }
            entries.append((item, id, waits))
            keys.append(cursorField.flatMap { item[$0] })
        }
        self.entries = entries
        if !unreadContact.isEmpty {
            problems.append(
                "a phone or email in " + unreadContact.map { "'\($0)'" }.joined(separator: ", ")
                    + ", a field the mapping does not read, of a submission without its contact fields (renamed on the site? fix 'form.fields')")
        }

        // Per batch: the highest key so far, committed only if no later item sorts below it.
        var suffixMinimum = [String?](repeating: nil, count: keys.count + 1)
        for index in stride(from: keys.count - 1, through: 0, by: -1) {
            suffixMinimum[index] = Self.lower(keys[index], suffixMinimum[index + 1])
        }
        var highest = storedCursor
        var start = 0
        while start < entries.count {
            let end = min(start + batchSize, entries.count)
            for key in keys[start..<end] { highest = Self.higher(highest, key) }
            var cursor: String?
            if let candidate = highest, candidate != storedCursor {
                if let next = suffixMinimum[end], !Self.precedes(candidate, next) {
                    cursor = nil
                } else {
                    cursor = candidate
                }
            }
            batches.append(Batch(range: start..<end, cursor: cursor))
            start = end
        }
    }

    /// The submissions of `batch`, decided now.
    public func items(of batch: Batch) -> [FormIntakeItem] {
        entries[batch.range].map { entry in
            entry.held
                ? FormIntakeItem(submissionID: entry.id, decision: .held(fields: entry.item.fields)) : decider.decide(entry.item, id: entry.id)
        }
    }

    /// Every submission the plan records.
    public var itemCount: Int { entries.count }

    /// The cursor after the last batch that moves it, if any does.
    public var finalCursor: String? { batches.last { $0.cursor != nil }?.cursor }

    /// Ids compare as numbers when both are numbers, times and other ids as text (ISO 8601
    /// times sort correctly as text).
    static func precedes(_ a: String, _ b: String) -> Bool {
        if let x = Int64(a), let y = Int64(b) { return x < y }
        return a < b
    }

    private static func higher(_ a: String?, _ b: String?) -> String? {
        guard let a else { return b }
        guard let b else { return a }
        return precedes(a, b) ? b : a
    }

    private static func lower(_ a: String?, _ b: String?) -> String? {
        guard let a else { return b }
        guard let b else { return a }
        return precedes(a, b) ? a : b
    }
}

extension FormSettings {
    /// The field the cursor follows: the id for `since_id`, the time field for `since_time`.
    var cursorField: String? {
        switch cursor {
        case .none: nil
        case .sinceTime(_, let field): field
        case .sinceID:
            switch format {
            case .json(_, let id): id
            case .csv(let id, _, _): id
            }
        }
    }
}
