public import Foundation

/// `leadexctl ignored`: one mail intake recorded as not a lead, why, and its restore if any.
public struct IgnoredMailReply: Codable, Sendable {
    enum CodingKeys: String, CodingKey {
        case id, mailbox, sender, subject, reason
        case receivedAt = "received_at", originalBytes = "original_bytes", restored
    }

    /// What `restore-ignored` takes.
    public var id: Int64
    public var mailbox: String
    public var receivedAt: Date
    public var sender: String?
    public var subject: String?
    public var reason: String
    /// The kept original's size; absent when it was over `keep_original_kb` and not kept.
    public var originalBytes: Int?
    public var restored: RestoredMailReply?

    public init(
        id: Int64, mailbox: String, receivedAt: Date, sender: String?, subject: String?, reason: String, originalBytes: Int?,
        restored: RestoredMailReply?
    ) {
        self.id = id
        self.mailbox = mailbox
        self.receivedAt = receivedAt
        self.sender = sender
        self.subject = subject
        self.reason = reason
        self.originalBytes = originalBytes
        self.restored = restored
    }
}

/// `leadexctl restore-ignored`: what an ignored mail became.
public struct RestoredMailReply: Codable, Sendable {
    enum CodingKeys: String, CodingKey {
        case outcome, earlier
        case mailId = "mail_id", leadId = "lead_id", fromOriginal = "from_original", restoredBy = "restored_by"
        case restoredAt = "restored_at"
    }

    public var mailId: Int64
    /// Absent only when the lead has been deleted since.
    public var leadId: Int64?
    /// `lead` (a new lead on the exchange), `history` (a line on the open deal it continues) or
    /// `duplicate` (its Message-ID already was this lead).
    public var outcome: String
    /// False when the original was not kept: the lead holds the mail's sender and subject only.
    public var fromOriginal: Bool
    public var restoredBy: String
    public var restoredAt: Date
    /// True when it had been restored before this request, which changed nothing.
    public var earlier: Bool

    public init(mailId: Int64, leadId: Int64?, outcome: String, fromOriginal: Bool, restoredBy: String, restoredAt: Date, earlier: Bool) {
        self.mailId = mailId
        self.leadId = leadId
        self.outcome = outcome
        self.fromOriginal = fromOriginal
        self.restoredBy = restoredBy
        self.restoredAt = restoredAt
        self.earlier = earlier
    }
}
