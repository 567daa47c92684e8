/// One mailbox to poll (`[[inbox]]`).
public struct InboxSettings: Sendable, Hashable {
    /// What the server is told once a message's lead is committed.
    public enum After: String, Sendable, CaseIterable {
        /// IMAP: set \Seen.
        case seen
        /// IMAP: move to `move_to`.
        case move
        /// POP3: delete from the server.
        case delete
        /// POP3: leave on the server (Leadex remembers its UIDL).
        case keep
    }

    /// Also the lead's source name (`mail:sales`) and the journal's `INBOX=`.
    public var name: String
    /// `imaps://host:993/INBOX`, `imap://host:143/INBOX` (STARTTLS required), `pop3s://host:995`.
    public var url: String
    public var user: String
    public var password: Secret
    public var pollInterval: Duration
    /// Wait for new mail with IMAP IDLE where the server offers it (polling stays the fallback).
    public var idle: Bool
    public var after: After
    public var moveTo: String?
    public var maxMessageBytes: Int
    /// The original message is kept in the store up to this size.
    public var keepOriginalBytes: Int
    public var caFile: String?
    /// Tests only: skip certificate verification.
    public var insecureTLS: Bool
    /// `imap://` or `pop3://` without STARTTLS: a relay on loopback, never across a network.
    public var allowPlaintext: Bool
    /// A mailbox down for longer than this is logged as an error (before: one warning).
    public var downAlertAfter: Duration
    /// What people read for this mailbox (`display_name`: "Почта отдела продаж"); without it,
    /// "Почта NAME".
    public var displayName: String?

    public init(
        name: String, url: String, user: String, password: Secret, pollInterval: Duration = .seconds(60), idle: Bool = true,
        after: After? = nil, moveTo: String? = nil, maxMessageBytes: Int = 25 << 20, keepOriginalBytes: Int = 512 << 10,
        caFile: String? = nil, insecureTLS: Bool = false, allowPlaintext: Bool = false, downAlertAfter: Duration = .seconds(1800)
    ) {
        self.name = name
        self.url = url
        self.user = user
        self.password = password
        self.pollInterval = pollInterval
        self.idle = idle
        self.after = after ?? (url.hasPrefix("pop3") ? .delete : .seen)
        self.moveTo = moveTo
        self.maxMessageBytes = maxMessageBytes
        self.keepOriginalBytes = keepOriginalBytes
        self.caFile = caFile
        self.insecureTLS = insecureTLS
        self.allowPlaintext = allowPlaintext
        self.downAlertAfter = downAlertAfter
    }

    public var isPOP3: Bool { url.hasPrefix("pop3") }
}
