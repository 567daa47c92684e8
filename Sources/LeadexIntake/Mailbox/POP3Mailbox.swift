internal import LeadexCurl
internal import LeadexConfig
internal import LeadexCore
internal import LeadexMail
internal import LeadexStore
internal import Logging

/// One POP3 mailbox: POP3 has no UIDs that survive, only UIDLs, so the store's record of every
/// UIDL seen is the position. Deletion (when configured) happens only after the leads are
/// committed, and takes effect at QUIT.
final class POP3Mailbox: Sendable {
    private let context: MailboxContext
    var settings: InboxSettings { context.settings }
    private var server: MailServerSettings { context.server }
    private var store: ExchangeStore { context.store }
    private var decider: MessageDecider { context.decider }
    private var worker: BlockingWorker { context.worker }
    private var logger: Logger { context.logger }
    static let batchSize = 100

    init(context: MailboxContext) {
        self.context = context
    }

    func sync() async throws -> MailboxSyncReport {
        var report = MailboxSyncReport()
        let server = self.server
        // POP3 locks the maildrop for the length of a session: one session per pass.
        let client = try await worker.run { try ClientBox(POP3Client(settings: server)) }

        let listings = try await worker.run { try client.value.list() }
        let recorded = try await store.recordedKeys(in: settings.name)
        let unacknowledged = Set(try await store.unacknowledgedMail(in: settings.name))
        let fresh = listings.filter { !recorded.contains($0.uidl) }

        let (decider, limit) = (self.decider, server.maxMessageBytes)
        for batch in MailBatches.split(fresh, maxCount: Self.batchSize, maxBytes: limit, size: \.size) {
            let items = try await worker.run {
                try batch.map { listing -> MailIntakeItem in
                    // A message over the limit still becomes a lead, from its header: a lost request
                    // is the worst outcome. Only `limit` bytes of anything are kept in memory.
                    let over = listing.size.map { $0 > limit } ?? false
                    let read = over
                        ? try client.value.retrieveHeader(listing.number, maxBytes: limit)
                        : try client.value.retrieve(listing.number, maxBytes: limit)
                    return decider.decide(
                        serverKey: listing.uidl, bytes: read.bytes, truncated: over || read.truncated,
                        size: listing.size ?? read.bytes.count)
                }
            }
            report.fetched += items.count
            report.count(try await store.recordMail(items, mailbox: settings.name, cursor: nil))
        }

        let done = unacknowledged.union(fresh.map(\.uidl))
        let numbers = settings.after == .delete ? listings.filter { done.contains($0.uidl) }.map(\.number) : []
        try await worker.run {
            if !numbers.isEmpty { try client.value.delete(numbers) }
            // QUIT ends the session; deletions take effect only then.
            try client.value.commit()
        }
        try await store.markAcknowledged(Array(done), in: settings.name)
        report.acknowledged = done.count
        return report
    }
}

/// Carries a POP3 client between worker closures (always run on the same serial queue).
private final class ClientBox: @unchecked Sendable {
    let value: POP3Client
    init(_ value: POP3Client) { self.value = value }
}
