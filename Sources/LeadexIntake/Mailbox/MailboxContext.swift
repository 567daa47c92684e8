internal import LeadexCurl
internal import LeadexConfig
internal import LeadexStore
internal import Logging

/// What every mailbox works with, IMAP or POP3: its settings, the server to reach (password
/// read), the store, the decider, a worker thread for blocking curl calls, and its logger.
struct MailboxContext: Sendable {
    let settings: InboxSettings
    let server: MailServerSettings
    let store: ExchangeStore
    let decider: MessageDecider
    let worker: BlockingWorker
    let logger: Logger

    init(settings: InboxSettings, server: MailServerSettings, store: ExchangeStore, decider: MessageDecider, logger: Logger) {
        self.settings = settings
        self.server = server
        self.store = store
        self.decider = decider
        self.worker = BlockingWorker(label: "intake.\(settings.name)")
        self.logger = logger
    }
}
