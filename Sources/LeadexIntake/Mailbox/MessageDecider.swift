internal import LeadexCore
public import LeadexMail
public import LeadexStore

/// Decides what one fetched message is, with no I/O: a request (→ a lead, or a line on its
/// open deal, which the store decides), or not a lead (auto-reply, bounce, no contact data),
/// with the reason admins will see.
public struct MessageDecider: Sendable {
    public var mailbox: String
    public var extractor: LeadExtractor
    /// The original is kept in the store up to this many bytes.
    public var keepOriginalBytes: Int

    public init(mailbox: String, extractor: LeadExtractor = LeadExtractor(), keepOriginalBytes: Int = 512 << 10) {
        self.mailbox = mailbox
        self.extractor = extractor
        self.keepOriginalBytes = keepOriginalBytes
    }

    /// - Parameters:
    ///   - serverKey: `UIDVALIDITY:UID` or the UIDL.
    ///   - truncated: only the headers were fetched (the message is over the size limit).
    ///   - asRequest: read it as a request whatever the classifier says (an admin restoring an
    ///     ignored mail): never ignored, a lead even without an email or phone.
    public func decide(serverKey: String, bytes: [UInt8], truncated: Bool = false, size: Int? = nil, asRequest: Bool = false) -> MailIntakeItem {
        let message = MIMEMessage.parse(bytes)
        let lead = extractor.extract(from: message)
        // The extractor hashes only messages without a Message-ID.
        let contentHash = lead.contentHash
        var item = MailIntakeItem(
            serverKey: serverKey, messageID: lead.messageID, contentHash: contentHash, sender: lead.sender,
            subject: lead.subject, thread: [lead.inReplyTo].compactMap { $0 } + lead.references, decision: .ignored(reason: ""),
            charsetFallback: lead.charsetFallback, attachments: lead.attachmentNames,
            // A truncated message's headers are no original: restoring it from them would lose its text unsaid.
            raw: !truncated && bytes.count <= keepOriginalBytes ? bytes : nil)

        let classification = asRequest ? .lead : lead.classification
        if case .bounce(let reason) = classification {
            item.decision = .ignored(reason: "bounce: \(reason)")
            return item
        }
        // Before the auto-reply signs: our own mail carries Auto-Submitted too, and "it came
        // back" is the better reason.
        if !asRequest, let loop = MailLoop.reason(message) {
            item.decision = .ignored(reason: "mail loop: \(loop)")
            return item
        }
        if case .autoReply(let reason) = classification {
            item.decision = .ignored(reason: "auto-reply: \(reason)")
            return item
        }
        // A web form's health-check probe that the form sent by mail: its arrival, never a lead.
        if !asRequest, let token = ([lead.subject ?? "", lead.text] + lead.extraFields.map(\.value)).lazy.compactMap(ProbeToken.find).first {
            item.decision = .probe(token: token)
            return item
        }
        let phones = lead.phones.compactMap { PhoneNumber(trustedE164: $0) as PhoneNumber? }
        guard lead.email != nil || !phones.isEmpty || asRequest else {
            item.decision = .ignored(reason: "no contact data: neither an email address nor a phone number")
            return item
        }
        var text = lead.text
        if !lead.extraFields.isEmpty {
            text += "\n\n" + lead.extraFields.map { "\($0.key): \($0.value)" }.joined(separator: "\n")
        }
        if !lead.attachmentNames.isEmpty {
            text += "\n\nAttachments: " + lead.attachmentNames.joined(separator: ", ")
        }
        if let cut = message.warnings.lazy.compactMap({ if case .textTruncated(_, let limit) = $0 { limit } else { nil } }).first {
            text += "\n\n[The text is longer than \(cut >> 10) KB: only its beginning was kept.]"
        }
        if truncated {
            let megabytes = (size ?? bytes.count) >> 20
            text += "\n\n[The message (\(megabytes) MB) is over the size limit: only its headers were read.]"
        }
        let name = lead.name ?? lead.email.map { String($0.prefix { $0 != "@" }) } ?? phones.first?.e164 ?? "?"
        let incoming = IncomingLead(
            source: LeadSource(kind: .mail, name: mailbox),
            sourceRef: lead.messageID ?? "sha256:\(contentHash ?? message.contentHash)",
            title: lead.subject.flatMap { $0.isEmpty ? nil : $0 } ?? (lead.isFormMail ? "Заявка с сайта" : "(без темы)"),
            text: text,
            contact: ContactDraft(name: name, company: lead.company, emails: lead.email.map { [$0] } ?? [], phones: phones))
        item.decision = .lead(incoming)
        // The store holds back the same mail arriving again and again (a loop), by its own time.
        item.loopKey = MailLoop.contentKey(sender: lead.sender, subject: lead.subject, message: message)
        item.sentAt = MailLoop.sentAt(message)
        return item
    }
}
