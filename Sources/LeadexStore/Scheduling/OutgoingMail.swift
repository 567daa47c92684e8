public import LeadexCore

/// A mail for the outbox: its envelope and Message-ID, fixed when it is enqueued, and its
/// message — rendered already, or left for the sender to render before the first attempt.
public struct OutgoingMail: Sendable, Hashable {
    public enum Kind: String, Sendable, CaseIterable {
        case reminder
        case stageAlert = "stage_alert"
        case untakenAlert = "untaken_alert"
        case sweep
        case report
        case adminAlert = "admin_alert"
        /// A one-time link to choose a first password; the outbox forgets its message once sent.
        case invitation
        /// A one-time link to choose a new password, likewise forgotten once sent.
        case passwordReset = "password_reset"
    }

    /// What the outbox row holds of the message itself.
    public enum Content: Sendable, Hashable {
        /// The whole message as it goes on the wire (RFC 5322, CRLF line endings), and its
        /// subject line for people reading the outbox.
        case rendered(subject: String, message: [UInt8])
        /// A template's name and its data, a JSON object: the sender renders it once, dated
        /// with the row's creation, and stores the result in the row before the first attempt.
        case toRender(template: String, context: String)
    }

    public var kind: Kind
    public var leadID: LeadID?
    public var envelopeFrom: String
    public var recipients: [String]
    public var messageID: String
    public var content: Content

    public init(kind: Kind, leadID: LeadID? = nil, envelopeFrom: String, recipients: [String], messageID: String, content: Content) {
        self.kind = kind
        self.leadID = leadID
        self.envelopeFrom = envelopeFrom
        self.recipients = recipients
        self.messageID = messageID
        self.content = content
    }

    /// A mail rendered already.
    public init(
        kind: Kind, leadID: LeadID? = nil, envelopeFrom: String, recipients: [String], messageID: String, subject: String,
        message: [UInt8]
    ) {
        self.init(
            kind: kind, leadID: leadID, envelopeFrom: envelopeFrom, recipients: recipients, messageID: messageID,
            content: .rendered(subject: subject, message: message))
    }

    /// The subject line, once rendered.
    public var subject: String? {
        if case .rendered(let subject, _) = content { subject } else { nil }
    }

    /// The message as it goes on the wire, once rendered.
    public var message: [UInt8]? {
        if case .rendered(_, let message) = content { message } else { nil }
    }
}
