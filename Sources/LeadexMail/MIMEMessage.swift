internal import LeadexCore

/// Where the readable text of a message came from.
public enum TextSource: Sendable, Hashable {
    case plain, html, none
}

/// A parsed message: the MIME tree plus what a lead needs from it. Parsing never fails.
public struct MIMEMessage: Sendable {
    /// The bytes the message was parsed from.
    public let rawBytes: ArraySlice<UInt8>
    /// The message as the root of its MIME tree.
    public let root: MIMEPart
    /// Readable text: text/plain preferred, HTML converted when it is all there is; line ends are "\n".
    public let textBody: String
    /// Whether `textBody` came from text/plain or HTML.
    public let textSource: TextSource
    /// Attachments (not their content) of this message, nested messages included as one attachment each.
    public let attachments: [MIMEAttachment]
    /// What was repaired or skipped while parsing (for nested messages these are on the outermost message).
    public let warnings: [MIMEWarning]
    /// True when some text had a missing, wrong or unknown charset and was decoded by guessing.
    public let charsetFallback: Bool

    /// The top-level header fields.
    public var headers: MIMEHeaders { root.headers }

    /// Parses a message; broken input yields what can be read plus `warnings`.
    public static func parse(_ bytes: [UInt8], limits: MIMELimits = .default) -> MIMEMessage {
        MIMEParser.parseMessage(bytes, limits: limits)
    }

    init(rawBytes: ArraySlice<UInt8>, root: MIMEPart, textBody: String, textSource: TextSource,
         attachments: [MIMEAttachment], warnings: [MIMEWarning], charsetFallback: Bool) {
        self.rawBytes = rawBytes
        self.root = root
        self.textBody = textBody
        self.textSource = textSource
        self.attachments = attachments
        self.warnings = warnings
        self.charsetFallback = charsetFallback
    }

    /// The decoded Subject.
    public var subject: String? { headers["subject"] }
    /// The Message-ID without angle brackets.
    public var messageID: String? { headers.field("message-id").flatMap { MessageIDs.parse($0.rawValue).first } }
    /// The first id of In-Reply-To.
    public var inReplyTo: String? { headers.field("in-reply-to").flatMap { MessageIDs.parse($0.rawValue).first } }
    /// The ids of References, oldest first.
    public var references: [String] { headers.fields(named: "references").flatMap { MessageIDs.parse($0.rawValue) } }
    /// Hex SHA-256 of the raw bytes: a stable key for messages without Message-ID.
    public var contentHash: String { SHA256.hexDigest(rawBytes) }
}
