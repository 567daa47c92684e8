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

        for start in stride(from: 0, to: fresh.count, by: Self.batchSize) {
            let batch = Array(fresh[start..<min(start + Self.batchSize, fresh.count)])
            let (decider, limit) = (self.decider, server.maxMessageBytes)
            let items = try await worker.run {
                try batch.map { listing -> MailIntakeItem in
                    if let size = listing.size, size > limit {
                        return MailIntakeItem(
                            // Identified by its UIDL: the bytes were never read.
                            serverKey: listing.uidl, messageID: nil,
                            contentHash: SHA256.hexDigest(Array("pop3:\(listing.uidl)".utf8)), sender: nil,
                            subject: nil, thread: [],
                            decision: .ignored(reason: "message of \(size >> 20) MB is over the size limit of \(limit >> 20) MB"))
                    }
                    return decider.decide(serverKey: listing.uidl, bytes: try client.value.retrieve(listing.number))
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
