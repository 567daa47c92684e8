internal import LeadexCurl
internal import Foundation
internal import LeadexConfig
internal import LeadexStore
internal import Logging
internal import Synchronization

/// One IMAP mailbox: where intake stands is (UIDVALIDITY, last UID) in the store, never \Seen,
/// so mail read in another client still becomes a lead. Each batch is committed (leads and
/// cursor in one transaction) before the server is told (\Seen or move).
final class IMAPMailbox: Sendable {
    private let context: MailboxContext
    var settings: InboxSettings { context.settings }
    private var server: MailServerSettings { context.server }
    private var store: ExchangeStore { context.store }
    private var decider: MessageDecider { context.decider }
    private var worker: BlockingWorker { context.worker }
    private var logger: Logger { context.logger }
    private let connection = SessionBox()
    static let batchSize = 200

    init(context: MailboxContext) {
        self.context = context
    }

    /// One pass: acknowledge what was committed but not yet acknowledged, then read every
    /// message above the cursor in batches.
    func sync() async throws -> MailboxSyncReport {
        var report = MailboxSyncReport()
        let (box, server, mailbox) = (connection, self.server, self.server.mailbox)
        let state = try await worker.run { try box.session(server).select(mailbox) }
        let uidValidity = state.uidValidity

        let pending = try await store.unacknowledgedMail(in: settings.name)
        report.acknowledged += try await acknowledge(pending, uidValidity: uidValidity)

        let cursor = try await store.mailboxCursor(settings.name)
        var last: Int64 = 0
        if let cursor, cursor.uidValidity == uidValidity {
            last = cursor.lastUID
        } else if let old = cursor?.uidValidity {
            logger.warning(
                "UIDVALIDITY changed: re-reading the mailbox, known messages are recognised by Message-ID",
                metadata: ["inbox": "\(settings.name)", "old": "\(old)", "new": "\(uidValidity)"])
        }
        let after = last
        let (uids, sizes) = try await worker.run {
            let session = try box.session(server)
            let uids = try session.uids(after: after)
            return (uids, uids.isEmpty ? [:] : try session.sizes(uids: uids))
        }
        let batches = MailBatches.split(uids, maxCount: Self.batchSize, maxBytes: server.maxMessageBytes) { sizes[$0] }
        guard !batches.isEmpty else { return report }
        // Three stages: while one batch is committed, the next is decided on another thread and
        // the one after it fetched on the worker.
        let decider = self.decider
        let decide = { @Sendable (messages: [IMAPMessage]) in
            messages.map {
                decider.decide(serverKey: "\(uidValidity):\($0.uid)", bytes: $0.bytes, truncated: $0.truncated, size: $0.size)
            }
        }
        var items = decide(try await fetch(batches[0]))
        var fetched = batches.count > 1 ? try await fetch(batches[1]) : []
        // The server is told about a batch while the next one is committed (Dovecot renames each
        // message's file for \Seen: milliseconds a batch that the writer need not wait for).
        // Only keys the server has confirmed are marked in the store, in the next transaction;
        // a crash in between only repeats the idempotent \Seen or move at the next pass.
        var recorded: [String] = []
        var confirmed: [String] = []
        for index in batches.indices {
            async let upcoming = index + 2 < batches.count ? fetch(batches[index + 2]) : []
            let next = fetched
            async let decided = next.isEmpty ? [] : decide(next)
            let telling = recorded
            async let told = tellServer(telling, uidValidity: uidValidity)
            report.fetched += items.count
            let outcomes = try await store.recordMail(
                items, mailbox: settings.name,
                cursor: MailboxCursor(uidValidity: uidValidity, lastUID: batches[index].last ?? after), acknowledged: confirmed)
            report.count(outcomes)
            recorded = items.map(\.serverKey)
            report.acknowledged += try await told
            confirmed = telling
            items = await decided
            fetched = try await upcoming
        }
        report.acknowledged += try await tellServer(recorded, uidValidity: uidValidity)
        try await store.markAcknowledged(confirmed + recorded, in: settings.name)
        return report
    }

    private func fetch(_ uids: [Int64]) async throws -> [IMAPMessage] {
        let (box, server) = (connection, self.server)
        return try await worker.run { try box.session(server).fetch(uids: uids) }
    }

    /// Tells the server these messages are done, then records that it was told.
    private func acknowledge(_ keys: [String], uidValidity: Int64) async throws -> Int {
        let told = try await tellServer(keys, uidValidity: uidValidity)
        try await store.markAcknowledged(keys, in: settings.name)
        return told
    }

    /// Flags or moves these messages on the server. Keys of an earlier UIDVALIDITY name nothing
    /// on the server any more: their messages are read again under new UIDs (and recognised),
    /// so they are only marked in the store.
    private func tellServer(_ keys: [String], uidValidity: Int64) async throws -> Int {
        guard !keys.isEmpty else { return 0 }
        let current = keys.compactMap { key -> Int64? in
            let parts = key.split(separator: ":")
            guard parts.count == 2, Int64(parts[0]) == uidValidity else { return nil }
            return Int64(parts[1])
        }
        if !current.isEmpty {
            let (box, server, after, folder) = (connection, self.server, settings.after, settings.moveTo)
            try await worker.run {
                let session = try box.session(server)
                if after == .move, let folder {
                    try session.move(uids: current, to: folder)
                } else {
                    try session.markSeen(uids: current)
                }
            }
        }
        return current.count
    }

    /// Waits for new mail with IDLE until `deadline`; `false` when the server offers no IDLE.
    func waitForMail(until deadline: ContinuousClock.Instant, stop: StopFlag) async throws -> Bool {
        let (box, server, logger) = (connection, self.server, self.logger)
        return try await worker.run {
            let session = try box.session(server)
            guard session.capabilities.contains("IDLE") else { return false }
            logger.debug("waiting for new mail (IDLE)")
            _ = try session.idle(until: deadline, isCancelled: { stop.isSet })
            return true
        }
    }

    /// Drops the connection (after an error, or at shutdown).
    func disconnect() async {
        let box = connection
        _ = try? await worker.run { box.close() }
    }
}

/// The session of one mailbox. Only ever touched on the mailbox's ``BlockingWorker`` queue,
/// which serializes every access; hence unchecked.
final class SessionBox: @unchecked Sendable {
    private var current: IMAPSession?

    func session(_ settings: MailServerSettings) throws -> IMAPSession {
        if let current { return current }
        let session = try IMAPSession(settings: settings)
        current = session
        return session
    }

    func close() {
        current?.logout()
        current = nil
    }
}

/// Set once at shutdown; read by blocking loops (IDLE) that cannot see task cancellation.
final class StopFlag: Sendable {
    private let flag = Atomic<Bool>(false)
    var isSet: Bool { flag.load(ordering: .relaxed) }
    func set() { flag.store(true, ordering: .relaxed) }
}
