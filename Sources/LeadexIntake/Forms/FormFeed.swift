internal import LeadexCurl
internal import Foundation
internal import LeadexConfig
internal import LeadexStore

/// What one pass over a form's feed did, for the log, `--once` and the tests.
public struct FormSyncReport: Sendable, Hashable, CustomStringConvertible {
    public var fetched = 0
    public var created = 0
    /// Read before (a feed repeating old items, a page sent again).
    public var known = 0
    public var ignored = 0
    public var probes = 0
    /// Held back by a changed schema, waiting (kept in the store) until the mapping reads them.
    public var held = 0
    /// Items without an id, which can never be recorded.
    public var skipped = 0
    /// What is wrong with the feed, in words for the journal and the form's status.
    public var problems: [String] = []
    /// The problems without their growing counts: a new warning only when these change.
    public var incidents: [String] = []

    public init() {}

    /// Adds what one page plan found; the same problem on several pages is one.
    public mutating func add(_ plan: FeedPlan) {
        skipped += plan.skipped
        for problem in plan.problems where !problems.contains(problem) {
            problems.append(problem)
            incidents.append(problem)
        }
    }

    /// The pass's counts as problems, once all its pages are read; the incidents name them
    /// without the count, which grows with each new submission.
    public mutating func finish(idField: String) {
        if skipped > 0 {
            problems.append("\(skipped) item(s) without an id in '\(idField)': not taken")
            incidents.append("items without an id in '\(idField)'")
        }
        if held > 0 {
            problems.append("\(held) item(s) held back until the mapping is fixed: no contact data under the mapped names")
            incidents.append("items held back until the mapping is fixed")
        }
    }

    mutating func count(_ outcomes: [FormIntakeOutcome]) {
        for outcome in outcomes {
            switch outcome {
            case .created: created += 1
            case .duplicate, .alreadyRecorded: known += 1
            case .ignored: ignored += 1
            case .probe: probes += 1
            case .held: break
            }
        }
    }

    public var description: String {
        var text = "\(fetched) fetched: \(created) new leads, \(known) already known, \(ignored) ignored, \(probes) probes"
        if held > 0 { text += ", \(held) held back" }
        if !problems.isEmpty { text += "; problems: " + problems.joined(separator: "; ") }
        return text
    }
}

/// One form's feed: fetch a page (from the stored cursor), decide it, record it in batches —
/// each batch with the cursor it may commit — and follow the cursor while pages bring new items.
final class FormFeed: Sendable {
    let settings: FormSettings
    let http: FormHTTP
    private let store: ExchangeStore
    private let decider: SubmissionDecider
    private let worker: BlockingWorker
    static let batchSize = 500
    /// Pages followed in one pass; the rest waits for the next (other work gets the writer).
    static let maxPages = 50

    init(settings: FormSettings, store: ExchangeStore) throws(IntakeError) {
        guard !settings.isProbeOnly else { throw IntakeError(.protocolError, "the form has no feed (probe-only)") }
        self.settings = settings
        self.http = try FormHTTP(settings: settings)
        self.store = store
        self.decider = SubmissionDecider(settings: settings)
        self.worker = BlockingWorker(label: "form.\(settings.name)")
    }

    func sync() async throws -> FormSyncReport {
        do {
            let report = try await pass()
            try await store.recordFormPoll(settings.name, problem: report.problems.isEmpty ? nil : report.problems.joined(separator: "; "))
            return report
        } catch {
            try? await store.recordFormPoll(settings.name, problem: "\(error)")
            throw error
        }
    }

    private func pass() async throws -> FormSyncReport {
        var report = FormSyncReport()
        let (http, decider, settings) = (self.http, self.decider, self.settings)
        // What the mapping now reads of the held submissions lands first; the rest keeps waiting.
        var waiting = Set<String>()
        var released: [FormIntakeItem] = []
        for (id, fields) in try await store.heldSubmissions(of: settings.name) {
            let item = FeedItem(columns: FeedColumns(names: fields.map(\.name), unit: "held item"), values: fields.map(\.value), number: 0)
            if decider.waitsForMapping(item, id: id) {
                waiting.insert(id)
            } else {
                var decided = decider.decide(item, id: id)
                decided.wasHeld = true
                released.append(decided)
            }
        }
        if !released.isEmpty { report.count(try await store.recordForm(released, form: settings.name, cursor: nil)) }
        for _ in 0..<Self.maxPages {
            let stored = try await store.formCursor(settings.name)
            let url = http.feedURL(cursor: stored)
            let page = try await worker.run { try Self.parse(try http.fetchFeed(url), format: settings.format) }
            // What landed before is neither waiting nor evidence of the schema now.
            let recorded = try await store.recordedSubmissions(of: settings.name, among: page.items.compactMap(decider.submissionID))
            let plan = try await worker.run {
                FeedPlan(
                    page: page, decider: decider, cursorField: settings.cursorField, storedCursor: stored, recorded: recorded,
                    batchSize: Self.batchSize)
            }
            report.fetched += page.items.count
            report.add(plan)
            let before = report.known
            // While one batch is committed, the next is decided on another thread.
            var upcoming = plan.batches.first.map(plan.items(of:)) ?? []
            for (index, batch) in plan.batches.enumerated() {
                var items = upcoming
                async let next = index + 1 < plan.batches.count ? plan.items(of: plan.batches[index + 1]) : []
                // Read again while held, and now decided otherwise: it leaves the held table.
                if !waiting.isEmpty {
                    for position in items.indices where waiting.contains(items[position].submissionID) { items[position].wasHeld = true }
                }
                report.count(try await store.recordForm(items, form: settings.name, cursor: batch.cursor))
                upcoming = await next
            }
            let fresh = plan.itemCount - (report.known - before)
            // Another page only where the feed pages by cursor, and this one brought something.
            guard settings.cursor != FormSettings.Cursor.none, settings.url?.hasPrefix("file://") == false, plan.finalCursor != nil, fresh > 0
            else { break }
        }
        report.held = try await store.heldCount(of: settings.name)
        report.finish(idField: decider.idField)
        return report
    }

    static func parse(_ data: Data, format: FormSettings.Format) throws(IntakeError) -> FeedPage {
        do {
            switch format {
            case .json(let items, _): return try FeedPage.json(data, items: items)
            case .csv(let id, let delimiter, let charset): return try FeedPage.csv(data, delimiter: delimiter, charset: charset, idColumn: id)
            }
        } catch {
            throw IntakeError(.protocolError, error.message)
        }
    }
}
