public import Foundation
internal import GRDB
public import LeadexCore
internal import Logging

/// One submission read from a form's feed, decided upon by intake and ready to be recorded.
public struct FormIntakeItem: Sendable {
    /// The feed's id for the submission: with the form's name, its identity.
    public var submissionID: String
    public var decision: Decision
    /// Whether it waits in `form_held`: recorded now, it leaves that table.
    public var wasHeld = false

    public enum Decision: Sendable {
        /// A request: a new lead on the exchange.
        case lead(IncomingLead)
        /// Not a lead (no contact data), with the reason admins will see.
        case ignored(reason: String)
        /// A health-check submission carrying `token`: recorded as the probe's arrival, never a
        /// lead. `problem` says why the form's field mapping could not read it, if it could not.
        case probe(token: String, problem: String?)
        /// A changed schema leaves it without contact data under the mapping: kept with every
        /// field as read, to be decided again once the mapping is fixed.
        case held(fields: [(name: String, value: String)])
    }

    public init(submissionID: String, decision: Decision) {
        self.submissionID = submissionID
        self.decision = decision
    }
}

/// What became of one submission.
public enum FormIntakeOutcome: Sendable, Hashable {
    /// A new lead on the exchange.
    case created(LeadID)
    /// Its lead already exists (same form and submission id), though it was not in the ledger.
    case duplicate(LeadID)
    /// Recorded as not a lead, with the reason.
    case ignored(String)
    /// A probe came back; `known` is false for a token no probe of this database sent.
    case probe(token: String, known: Bool)
    /// This submission was read before: a feed repeating old items.
    case alreadyRecorded
    /// Kept in `form_held` until the mapping reads it.
    case held
}

/// The states of a health-check probe, as `form_probe.outcome` stores them.
public enum ProbeState: String, Sendable, Hashable, CaseIterable {
    /// Sent; its deadline has not passed.
    case pending
    /// Came back in time, readable by the form's mapping.
    case arrived
    /// Came back in time, but the form's field mapping cannot read it (a renamed field).
    case unreadable
    /// Not back by the deadline.
    case missed
    /// Came back after the deadline.
    case late
    /// The site refused the submission (HTTP error, unreachable).
    case submitFailed = "submit_failed"

    /// Whether this outcome says the form works.
    public var isHealthy: Bool { self == .arrived }
}

/// The last probe of a form, for the CLI and the weekly report.
public struct ProbeStatus: Sendable, Hashable {
    public var token: String
    public var expectedIn: String
    public var sentAt: Date
    public var deadlineAt: Date
    public var state: ProbeState
    public var detail: String?
    public var arrivedAt: Date?
    public var arrivedVia: String?

    public init(
        token: String, expectedIn: String, sentAt: Date, deadlineAt: Date, state: ProbeState, detail: String? = nil, arrivedAt: Date? = nil,
        arrivedVia: String? = nil
    ) {
        (self.token, self.expectedIn, self.sentAt, self.deadlineAt, self.state) = (token, expectedIn, sentAt, deadlineAt, state)
        (self.detail, self.arrivedAt, self.arrivedVia) = (detail, arrivedAt, arrivedVia)
    }

    /// Why this probe makes its form failing, in English for the journal and `failing_reason`;
    /// `nil` while pending or when it arrived. ``failure(_:place:)`` says it in a language.
    public var failingReason: String? { failure(.en)?.line }
}

/// Where a form stands: its feed, its last submission, its health.
public struct FormStatus: Sendable, Hashable {
    public var form: String
    public var cursor: String?
    public var lastPollAt: Date?
    /// The last real request (probes excluded).
    public var lastSubmissionAt: Date?
    /// What is wrong with the feed right now (unreachable, unreadable, a changed schema).
    public var feedProblem: String?
    public var feedProblemSince: Date?
    /// Set when a probe failed; cleared when one comes back.
    public var failingSince: Date?
    public var failingReason: String?
    /// Set when the form has been quiet for longer than its quiet period.
    public var silentSince: Date?
    public var lastProbe: ProbeStatus?
    /// While failing: the probe that made it fail (the last one may be out again, pending).
    public var lastFailure: ProbeStatus?

    public init(form: String) { self.form = form }
}

/// A probe the health check has just acted on, and what it did to its form's health.
public struct SettledProbe: Sendable, Hashable {
    public enum Transition: Sendable, Hashable {
        case becameFailing
        case stillFailing
        case recovered(failingSince: Date)
        case healthy
    }

    public var form: String
    public var token: String
    public var state: ProbeState
    public var detail: String?
    public var sentAt: Date
    public var arrivedAt: Date?
    public var transition: Transition
    /// The form's failing reason after this probe (nil when healthy).
    public var failingReason: String?
    public var failingSince: Date?
    /// The probe as the store has it now, for alerts to explain.
    public var status: ProbeStatus
}

extension ExchangeStore {
    /// Records submissions of `form` in one transaction — leads, ignored items, probe arrivals —
    /// and moves the form's cursor to `cursor` in the same transaction, so that a crash leaves
    /// all of it or none.
    public func recordForm(_ items: [FormIntakeItem], form: String, cursor: String?) async throws -> [FormIntakeOutcome] {
        let pipeline = policy.pipeline
        let outcomes = try await database.pool.write { [clock] db -> [FormIntakeOutcome] in
            let now = clock.now()
            var outcomes: [FormIntakeOutcome] = []
            outcomes.reserveCapacity(items.count)
            var submitted = false
            for item in items {
                let outcome = try Self.record(item, form: form, pipeline: pipeline, db: db, at: now)
                switch outcome {
                case .created, .ignored, .duplicate, .held: submitted = true
                case .probe, .alreadyRecorded: break
                }
                outcomes.append(outcome)
            }
            try Self.ensureFormStatus(form, db: db, at: now)
            if let cursor {
                try db.cachedExecute(
                    sql: "UPDATE form_status SET cursor = ?, updated_at = ? WHERE form = ?", arguments: [cursor, StoredTime.text(now), form])
            }
            if submitted {
                try db.cachedExecute(
                    sql: "UPDATE form_status SET last_submission_at = ?, updated_at = ? WHERE form = ?",
                    arguments: [StoredTime.text(now), StoredTime.text(now), form])
            }
            return outcomes
        }
        IntakeMetrics.recordForm(outcomes, form: form)
        for (item, outcome) in zip(items, outcomes) {
            let metadata: Logger.Metadata = ["form": "\(form)", "submission_id": "\(item.submissionID)"]
            switch outcome {
            case .created(let id):
                logger.info("lead on the exchange", metadata: metadata.merging(["lead_id": "\(id)"]) { $1 })
            case .ignored(let reason):
                logger.warning("form submission ignored: \(reason)", metadata: metadata)
            case .probe(let token, let known):
                logger.notice(
                    known ? "form probe came back" : "a form probe of unknown token came back (not a lead)",
                    metadata: metadata.merging(["probe_token": "\(token)"]) { $1 })
            case .duplicate(let id):
                logger.debug("form submission already a lead", metadata: metadata.merging(["lead_id": "\(id)"]) { $1 })
            case .held:
                logger.info("form submission held back until the mapping is fixed", metadata: metadata)
            case .alreadyRecorded:
                break
            }
        }
        return outcomes
    }

    private static func record(_ item: FormIntakeItem, form: String, pipeline: Pipeline, db: Database, at now: Date) throws -> FormIntakeOutcome {
        if try Bool.fetchOne(
            cached: db, sql: "SELECT 1 FROM form_submission WHERE form = ? AND submission_id = ?", arguments: [form, item.submissionID]) == true
        {
            return .alreadyRecorded
        }
        func insert(_ outcome: String, lead: LeadID?, reason: String?) throws {
            try db.cachedExecute(
                sql: "INSERT INTO form_submission (form, submission_id, received_at, outcome, lead_id, reason) VALUES (?, ?, ?, ?, ?, ?)",
                arguments: [form, item.submissionID, StoredTime.text(now), outcome, lead?.rawValue, reason])
            if item.wasHeld {
                try db.cachedExecute(
                    sql: "DELETE FROM form_held WHERE form = ? AND submission_id = ?", arguments: [form, item.submissionID])
            }
        }
        switch item.decision {
        case .held(let fields):
            try db.cachedExecute(
                sql: "INSERT INTO form_held (form, submission_id, fields, held_at) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING",
                arguments: [form, item.submissionID, try Self.encode(fields), StoredTime.text(now)])
            // Held before: a feed repeating it, no news.
            return db.changesCount > 0 ? .held : .alreadyRecorded
        case .ignored(let reason):
            try insert("ignored", lead: nil, reason: reason)
            return .ignored(reason)
        case .probe(let token, let problem):
            let known = try recordProbeArrival(token: token, via: "feed:\(form)", problem: problem, db: db, at: now)
            try insert("probe", lead: nil, reason: nil)
            return .probe(token: token, known: known)
        case .lead(let incoming):
            switch try insertIncoming(incoming, pipeline: pipeline, db: db, at: now) {
            case .created(let id, _, _):
                try insert("lead", lead: id, reason: nil)
                return .created(id)
            case .duplicate(let id):
                try insert("duplicate", lead: id, reason: nil)
                return .duplicate(id)
            }
        }
    }

    /// Marks the probe carrying `token` as come back (through a feed or a mailbox). Returns
    /// whether such a probe exists; an unknown token is still never a lead.
    static func recordProbeArrival(token: String, via: String, problem: String?, db: Database, at now: Date) throws -> Bool {
        let at = StoredTime.text(now)
        try db.cachedExecute(
            sql: """
                UPDATE form_probe SET
                    outcome = CASE WHEN outcome = 'pending' AND ? <= deadline_at
                        THEN (CASE WHEN ? IS NULL THEN 'arrived' ELSE 'unreadable' END) ELSE 'late' END,
                    detail = coalesce(?, detail), arrived_at = ?, arrived_via = ?
                WHERE token = ? AND arrived_at IS NULL AND outcome IN ('pending', 'missed')
                """,
            arguments: [at, problem, problem, at, via, token])
        if db.changesCount > 0 { return true }
        return try Bool.fetchOne(cached: db, sql: "SELECT 1 FROM form_probe WHERE token = ?", arguments: [token]) == true
    }

    private static func ensureFormStatus(_ form: String, db: Database, at now: Date) throws {
        try db.cachedExecute(
            sql: "INSERT INTO form_status (form, updated_at) VALUES (?, ?) ON CONFLICT (form) DO NOTHING",
            arguments: [form, StoredTime.text(now)])
    }

    /// Which of `ids` of `form` are recorded already: read before (a feed serving its whole
    /// export every time), so neither waiting for a fix nor evidence of the feed's schema now.
    public func recordedSubmissions(of form: String, among ids: [String]) async throws -> Set<String> {
        try await database.pool.read { db in
            var recorded = Set<String>()
            for chunk in parameterChunks(ids) {
                recorded.formUnion(
                    try String.fetchAll(
                        db, sql: "SELECT submission_id FROM form_submission WHERE form = ? AND submission_id IN (\(placeholders(chunk.count)))",
                        arguments: StatementArguments([form] + chunk)))
            }
            return recorded
        }
    }

    /// The submissions of `form` held back by a changed schema, oldest first, with their fields.
    public func heldSubmissions(of form: String) async throws -> [(submissionID: String, fields: [(name: String, value: String)])] {
        try await database.pool.read { db in
            try Row.fetchAll(db, sql: "SELECT submission_id, fields FROM form_held WHERE form = ? ORDER BY held_at, submission_id", arguments: [form])
                .map { row in (row["submission_id"], Self.decode(row["fields"])) }
        }
    }

    /// How many submissions of `form` wait for its mapping to be fixed.
    public func heldCount(of form: String) async throws -> Int {
        try await database.pool.read { db in
            try Int.fetchOne(db, sql: "SELECT count(*) FROM form_held WHERE form = ?", arguments: [form]) ?? 0
        }
    }

    /// Throws rather than keep less than was read: the transaction then records nothing.
    private static func encode(_ fields: [(name: String, value: String)]) throws -> String {
        String(decoding: try JSONSerialization.data(withJSONObject: fields.map { [$0.name, $0.value] }), as: UTF8.self)
    }

    private static func decode(_ text: String) -> [(name: String, value: String)] {
        let pairs = (try? JSONSerialization.jsonObject(with: Data(text.utf8))) as? [[String]] ?? []
        return pairs.compactMap { $0.count == 2 ? ($0[0], $0[1]) : nil }
    }

    /// The feed's cursor (the last id or time recorded), or `nil` before the first submission.
    public func formCursor(_ form: String) async throws -> String? {
        try await database.pool.read { db in
            try String.fetchOne(cached: db, sql: "SELECT cursor FROM form_status WHERE form = ?", arguments: [form])
        }
    }

    /// Records a poll of the feed: `problem` is what is wrong with it (nil: all well). The time
    /// the problem started is kept while it lasts.
    public func recordFormPoll(_ form: String, problem: String?) async throws {
        try await database.pool.write { [clock] db in
            let now = StoredTime.text(clock.now())
            try Self.ensureFormStatus(form, db: db, at: clock.now())
            try db.cachedExecute(
                sql: """
                    UPDATE form_status SET last_poll_at = ?, feed_problem = ?,
                        feed_problem_since = CASE WHEN ? IS NULL THEN NULL ELSE coalesce(feed_problem_since, ?) END,
                        updated_at = ?
                    WHERE form = ?
                    """,
                arguments: [now, problem, problem, now, now, form])
        }
    }

    // MARK: Probes

    /// Records a probe just submitted through the public form; `accepted` is the HTTP status the
    /// site answered it with, kept as its detail: a probe that never comes back after a 302 says
    /// the site took it and lost it.
    public func recordProbeSent(
        form: String, token: String, expectedIn: String, deadline: Duration, accepted: Int? = nil, at now: Date
    ) async throws {
        try await database.pool.write { db in
            try Self.ensureFormStatus(form, db: db, at: now)
            try db.cachedExecute(
                sql: "INSERT INTO form_probe (form, token, expected_in, sent_at, deadline_at, detail) VALUES (?, ?, ?, ?, ?, ?)",
                arguments: [
                    form, token, expectedIn, StoredTime.text(now),
                    StoredTime.text(now.addingTimeInterval(TimeInterval(deadline.components.seconds))), accepted.map { "HTTP \($0)" },
                ])
        }
    }

    /// Records a probe the site refused; the health check acts on it at its next pass.
    public func recordProbeSubmitFailed(form: String, token: String, expectedIn: String, detail: String, at date: Date) async throws {
        try await database.pool.write { db in
            let now = StoredTime.text(date)
            try Self.ensureFormStatus(form, db: db, at: date)
            try db.cachedExecute(
                sql: """
                    INSERT INTO form_probe (form, token, expected_in, sent_at, deadline_at, outcome, detail)
                    VALUES (?, ?, ?, ?, ?, 'submit_failed', ?)
                    """,
                arguments: [form, token, expectedIn, now, now, detail])
        }
    }

    /// When the probe check is next needed: now when an outcome waits to be acted on, else just
    /// after the earliest pending deadline; `nil` with no probe out. One indexed look.
    public func nextProbeCheck() async throws -> Date? {
        try await database.pool.read { db in
            if try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM form_probe WHERE settled = 0 AND outcome <> 'pending')") == true {
                return .distantPast
            }
            return try Date.fetchOne(db, sql: "SELECT min(deadline_at) FROM form_probe WHERE outcome = 'pending'")?
                .addingTimeInterval(1)
        }
    }

    /// The probes carrying `tokens`, whatever their state (unknown tokens are left out).
    public func probes(_ tokens: [String]) async throws -> [ProbeStatus] {
        try await database.pool.read { db in
            try parameterChunks(tokens).flatMap { chunk in
                try Row.fetchAll(
                    db, sql: "SELECT * FROM form_probe WHERE token IN (\(placeholders(chunk.count))) ORDER BY id",
                    arguments: StatementArguments(chunk)
                ).map(Self.probeStatus)
            }
        }
    }

    /// Probes still waiting to come back.
    public func pendingProbes() async throws -> [ProbeStatus] {
        try await database.pool.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM form_probe WHERE outcome = 'pending' ORDER BY id").map(Self.probeStatus)
        }
    }

    /// The health check, in one transaction: probes past their deadline become 'missed'; every
    /// probe with an outcome not yet acted on sets its form failing (missed, late, unreadable,
    /// refused) or healthy again (arrived), and is settled. Returns what changed, oldest first,
    /// for the caller to log and alert.
    public func settleProbes(now: Date) async throws -> [SettledProbe] {
        try await database.pool.write { db in
            let at = StoredTime.text(now)
            try db.execute(
                sql: "UPDATE form_probe SET outcome = 'missed' WHERE outcome = 'pending' AND deadline_at < ?", arguments: [at])
            var settled: [SettledProbe] = []
            for row in try Row.fetchAll(db, sql: "SELECT * FROM form_probe WHERE settled = 0 AND outcome <> 'pending' ORDER BY id") {
                let probe = Self.probeStatus(row)
                let form: String = row["form"]
                try Self.ensureFormStatus(form, db: db, at: now)
                let status = try Row.fetchOne(db, sql: "SELECT failing_since, failing_reason FROM form_status WHERE form = ?", arguments: [form])
                let failingSince: Date? = status?["failing_since"]
                let transition: SettledProbe.Transition
                var reason: String?
                if probe.state.isHealthy {
                    transition = failingSince.map { .recovered(failingSince: $0) } ?? .healthy
                    try db.execute(
                        sql: "UPDATE form_status SET failing_since = NULL, failing_reason = NULL, updated_at = ? WHERE form = ?",
                        arguments: [at, form])
                } else {
                    reason = probe.failingReason ?? probe.state.rawValue
                    transition = failingSince == nil ? .becameFailing : .stillFailing
                    try db.execute(
                        sql: """
                            UPDATE form_status SET failing_since = coalesce(failing_since, ?), failing_reason = ?, updated_at = ?
                            WHERE form = ?
                            """,
                        arguments: [at, reason, at, form])
                }
                try db.execute(sql: "UPDATE form_probe SET settled = 1 WHERE id = ?", arguments: [row["id"] as Int64])
                settled.append(
                    SettledProbe(
                        form: form, token: probe.token, state: probe.state, detail: probe.detail, sentAt: probe.sentAt,
                        arrivedAt: probe.arrivedAt, transition: transition, failingReason: reason,
                        failingSince: probe.state.isHealthy ? nil : (failingSince ?? now), status: probe))
            }
            return settled
        }
    }


    private static func probeStatus(_ row: Row) -> ProbeStatus {
        ProbeStatus(
            token: row["token"], expectedIn: row["expected_in"], sentAt: row["sent_at"], deadlineAt: row["deadline_at"],
            state: ProbeState(rawValue: row["outcome"]) ?? .pending, detail: row["detail"], arrivedAt: row["arrived_at"],
            arrivedVia: row["arrived_via"])
    }

    // MARK: Status and silence

    /// Every form's status, by name; forms that never polled or probed are absent.
    public func formStatuses() async throws -> [FormStatus] {
        try await database.pool.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM form_status ORDER BY form").map { row in
                var status = FormStatus(form: row["form"])
                status.cursor = row["cursor"]
                status.lastPollAt = row["last_poll_at"]
                status.lastSubmissionAt = row["last_submission_at"]
                status.feedProblem = row["feed_problem"]
                status.feedProblemSince = row["feed_problem_since"]
                status.failingSince = row["failing_since"]
                status.failingReason = row["failing_reason"]
                status.silentSince = row["silent_since"]
                status.lastProbe = try Row.fetchOne(
                    db, sql: "SELECT * FROM form_probe WHERE form = ? ORDER BY id DESC LIMIT 1", arguments: [status.form]
                ).map(Self.probeStatus)
                if status.failingSince != nil {
                    status.lastFailure = try Row.fetchOne(
                        db,
                        sql: """
                            SELECT * FROM form_probe WHERE form = ? AND settled = 1 AND outcome NOT IN ('pending', 'arrived')
                            ORDER BY id DESC LIMIT 1
                            """,
                        arguments: [status.form]
                    ).map(Self.probeStatus)
                }
                return status
            }
        }
    }

    /// The status of one form (an empty one before its first poll).
    public func formStatus(_ form: String) async throws -> FormStatus {
        try await formStatuses().first { $0.form == form } ?? FormStatus(form: form)
    }

    /// When real submissions of `form` were received since `start`, oldest first (one time per
    /// batch: a batch is received at once). The silence watch learns the form's rhythm from it.
    public func submissionTimes(of form: String, since start: Date) async throws -> [Date] {
        try await database.pool.read { db in
            try Date.fetchAll(
                db,
                sql: """
                    SELECT DISTINCT received_at FROM form_submission
                    WHERE form = ? AND outcome <> 'probe' AND received_at >= ? ORDER BY received_at
                    """,
                arguments: [form, StoredTime.text(start)])
        }
    }

    /// Flags `form` as silent since `since`, or clears the flag (`nil`).
    public func setFormSilent(_ form: String, since: Date?) async throws {
        try await database.pool.write { [clock] db in
            try Self.ensureFormStatus(form, db: db, at: clock.now())
            try db.execute(
                sql: "UPDATE form_status SET silent_since = ?, updated_at = ? WHERE form = ?",
                arguments: [since.map(StoredTime.text), StoredTime.text(clock.now()), form])
        }
    }

    /// Counts of recorded submissions by outcome, for tests and the CLI.
    public func formOutcomes(_ form: String) async throws -> [String: Int] {
        try await database.pool.read { db in
            var counts: [String: Int] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT outcome, count(*) AS n FROM form_submission WHERE form = ? GROUP BY outcome", arguments: [form]) {
                counts[row["outcome"]] = row["n"]
            }
            return counts
        }
    }
}
