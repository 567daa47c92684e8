public import Foundation
public import LeadexStore
public import Logging

/// Renders the mail that jobs left to the sender (``Mailer/mailToRender(_:template:data:to:lead:)``)
/// and stores each rendering in its outbox row before the first delivery attempt: from then on
/// the row holds the bytes every attempt sends, whatever the templates become.
public struct OutboxRenderer: Sendable {
    private let outbox: Outbox
    private let mailer: Mailer
    private let logger: Logger

    public init(outbox: Outbox, mailer: Mailer, logger: Logger) {
        self.outbox = outbox
        self.mailer = mailer
        self.logger = logger
    }

    /// `batch` ready to send: the mails to render are rendered and stored, in one transaction.
    /// One that cannot be rendered (a template this daemon lacks, data that is not a JSON
    /// object) is logged as an error and left pending with its error, retried after the backoff
    /// of a failed send; it is counted in `failed`, not in `ready`, and the rest goes on.
    func prepare(_ batch: [PendingMail], now: Date) async throws -> (ready: [PendingMail], failed: Int) {
        var renderings: [(id: Int64, subject: String, message: [UInt8])] = []
        var failed: Set<Int64> = []
        for pending in batch {
            guard case .toRender(let template, let context) = pending.mail.content else { continue }
            do {
                let rendered = try mailer.render(template: template, context: context, of: pending.mail, date: pending.createdAt)
                renderings.append((pending.id, rendered.subject, rendered.message))
            } catch {
                failed.insert(pending.id)
                // The pause after a failed send is the sender's, for a server that is down; this
                // row alone is at fault, so only it waits, by its own count of attempts.
                let retry = now.addingTimeInterval(OutboxSender.backoff(afterAttempts: pending.attempts))
                try await outbox.markFailed(pending.id, error: "cannot render: \(error)", retryAt: retry)
                logger.error(
                    "mail cannot be rendered; it waits in the outbox: \(error)",
                    metadata: [
                        "outbox_id": "\(pending.id)", "kind": "\(pending.mail.kind.rawValue)", "template": "\(template)",
                        "retry_at": "\(retry)",
                    ])
            }
        }
        let stored = try await outbox.storeRendered(renderings)
        let ready = batch.compactMap { pending -> PendingMail? in
            guard !failed.contains(pending.id) else { return nil }
            guard let content = stored[pending.id] else { return pending }
            var ready = pending
            ready.mail.content = content
            return ready
        }
        return (ready, failed.count)
    }

    /// Renders and stores every mail still to render, as the sender does before sending, in
    /// batches of the sender's size; returns how many were rendered. The scheduler benchmark
    /// times it: the cost that reminders no longer pay when they fall due.
    public func renderAll(now: Date) async throws -> Int {
        var rendered = 0
        var after: Int64 = 0
        while true {
            let batch = try await outbox.toRender(after: after, limit: OutboxSender.batchSize)
            guard let last = batch.last else { return rendered }
            after = last.id
            rendered += batch.count - (try await prepare(batch, now: now).failed)
        }
    }
}
