public import Foundation
internal import LeadexCore

/// What the lead exchange needs from one incoming mail.
public struct ExtractedLead: Sendable, Hashable {
    /// Contact name: a form's name field, else the display name of Reply-To or From.
    public var name: String?
    /// Contact address, lowercased.
    public var email: String?
    /// The From address, lowercased: who wrote, whether or not that is the contact.
    public var sender: String?
    /// Phones in E.164, form fields first, then found in the text; deduplicated.
    public var phones: [String]
    /// Company, from a form field or a "Компания:" line.
    public var company: String?
    /// Decoded subject.
    public var subject: String?
    /// The lead text: a form's comment, else the fresh part of the body (the quoted part when there is no fresh text).
    public var text: String
    /// The quoted history below the fresh text, when there is one.
    public var quotedText: String?
    /// Form fields whose labels are not known aliases (page, IP, UTM…), in order.
    public var extraFields: [FormField]
    /// True when this came from a website form.
    public var isFormMail: Bool
    /// Message-ID without brackets.
    public var messageID: String?
    /// In-Reply-To id without brackets.
    public var inReplyTo: String?
    /// References ids, oldest first.
    public var references: [String]
    /// The Date header as written.
    public var dateHeader: String?
    /// The Date header, parsed on demand: intake does not need it, and parsing it for every
    /// message cost a few percent of a backlog's time.
    public var date: Date? { dateHeader.flatMap(MailDate.parse) }
    /// Lead, auto-reply or bounce.
    public var classification: Classification
    /// True when some text or header had to be decoded by guessing its charset.
    public var charsetFallback: Bool
    /// SHA-256 of the raw message, set only when there is no Message-ID to deduplicate by.
    public var contentHash: String?
    /// Attachment filenames (or content types when unnamed).
    public var attachmentNames: [String]
}

/// Turns a parsed message into a lead; pure and cheap to copy.
public struct LeadExtractor: Sendable {
    /// Form labels and subjects.
    public var aliases: FormFieldAliases
    /// Our own numbers (signatures in quoted replies) that must not become the client's phone.
    public var ignoredPhones: Set<String>

    public init(aliases: FormFieldAliases = .default, ignoredPhones: Set<String> = []) {
        self.aliases = aliases
        self.ignoredPhones = Set(ignoredPhones.map { PhoneNumber($0)?.e164 ?? $0 })
    }

    /// Parses and extracts in one go.
    public func extract(from bytes: [UInt8], limits: MIMELimits = .default) -> ExtractedLead {
        extract(from: MIMEMessage.parse(bytes, limits: limits))
    }

    /// Extracts the lead of a parsed message.
    public func extract(from message: MIMEMessage) -> ExtractedLead {
        let h = message.headers
        var fallback = message.charsetFallback
        var subject: String?
        if let f = h.field("subject") {
            let d = f.decoded
            subject = d.text
            fallback = fallback || d.fallback
        }
        if let f = h.field("from"), f.decoded.fallback { fallback = true }
        let from = message.from.first
        let replyTo = message.replyTo.first
        let form = FormMail.parse(text: message.textBody, subject: subject, aliases: aliases)

        var name: String?
        var email: String?
        var text: String
        var quoted: String?
        var phones: [String] = []
        let usableReplyTo = replyTo.flatMap { r in r.email != from?.email && !LeadExtractor.isRobot(r.email) ? r : nil }

        for f in form.fields where f.kind == .phone {
            if let p = PhoneNumber(f.value)?.e164 { phones.append(p) } else { phones.append(contentsOf: PhoneExtractor.phones(in: f.value)) }
        }
        if form.isFormMail {
            name = form.value(.name)
            if let v = form.value(.email) {
                email = AddressParser.parse(v).first(where: { $0.email.contains("@") })?.email
            }
            // The comment first, then whatever else the mail says (a letter read as a form keeps
            // its words), but for a heading that only repeats the subject.
            let other = LeadExtractor.dropping(subject, from: form.otherText)
            text = [form.value(.comment) ?? "", other].filter { !$0.isEmpty }.joined(separator: "\n\n")
            phones.append(contentsOf: PhoneExtractor.phones(in: text))
            for f in form.fields where f.kind == nil { phones.append(contentsOf: PhoneExtractor.phones(in: f.value)) }
            if email == nil, let person = usableReplyTo {
                email = person.email
                if name == nil { name = person.name }
            } else if email == nil, let sender = LeadExtractor.client(sending: from, message) {
                // The sender is the client's address when it is the only way to reach them or
                // carries the form's name; else it may be the site's own mailbox, and as the
                // contact's address it would make one contact of every client: the text keeps it.
                if phones.isEmpty || LeadExtractor.sameName(name, sender.name) {
                    email = sender.email
                    if name == nil { name = sender.name }
                } else {
                    text += (text.isEmpty ? "" : "\n\n") + "From: " + (sender.name.map { "\($0) " } ?? "") + "<\(sender.email)>"
                }
            }
        } else {
            let contact = usableReplyTo ?? from
            name = contact?.name
            email = contact?.email
            let split = ReplyText.split(message.textBody)
            if split.fresh.isEmpty, let q = split.quoted {
                text = q
            } else {
                text = split.fresh
                quoted = split.quoted
            }
            if let s = subject { phones.append(contentsOf: PhoneExtractor.phones(in: s)) }
            phones.append(contentsOf: PhoneExtractor.phones(in: text))
        }
        var seen = Set<String>()
        phones = phones.filter { !ignoredPhones.contains($0) && seen.insert($0).inserted }

        let messageID = message.messageID
        // Nothing people read keeps a control character, whatever way the mail brought one in
        // (the body text is cleaned when parsed; headers and names here).
        let line = { (value: String?) in value.map(ReadableText.line) }
        return ExtractedLead(
            name: line(name), email: line(email), sender: line(from?.email), phones: phones, company: line(form.value(.company)),
            subject: line(subject), text: ReadableText.text(text), quotedText: quoted.map(ReadableText.text),
            extraFields: form.isFormMail
                ? form.extraFields.map { FormField(key: ReadableText.line($0.key), value: ReadableText.text($0.value), kind: $0.kind) } : [],
            isFormMail: form.isFormMail, messageID: messageID, inReplyTo: message.inReplyTo,
            references: message.references, dateHeader: message.headers["date"], classification: MailClassifier.classify(message, from: from),
            charsetFallback: fallback, contentHash: messageID == nil ? message.contentHash : nil,
            attachmentNames: message.attachments.map { ReadableText.line($0.filename ?? $0.contentType) }
        )
    }

    static let robotLocalParts: Set<String> = [
        "noreply", "no-reply", "no_reply", "donotreply", "do-not-reply", "do_not_reply", "mailer-daemon",
        "postmaster", "robot", "wordpress", "bitrix", "notify", "notifications", "notification", "mailer", "daemon",
    ]

    /// True when one name holds every word of the other ("Олег" and "Олег Васильев"), case and ё aside.
    static func sameName(_ a: String?, _ b: String?) -> Bool {
        func words(_ name: String?) -> Set<String> {
            Set((name ?? "").lowercased().replacingOccurrences(of: "ё", with: "е").split { !$0.isLetter }.map(String.init))
        }
        let (x, y) = (words(a), words(b))
        return !x.isEmpty && !y.isEmpty && (x.isSubset(of: y) || y.isSubset(of: x))
    }

    /// `text` without its lines that repeat `subject` (case aside). Lines are compared only where
    /// their length fits: splitting by Character and lowercasing every line of a form's footer
    /// was a fifth of extracting a message.
    static func dropping(_ subject: String?, from text: String) -> String {
        guard let subject, !subject.isEmpty else { return text }
        let size = subject.utf8.count
        let lowered = subject.lowercased()
        let lines = text.utf8.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
        let kept = lines.filter { $0.count != size || Substring($0).lowercased() != lowered }
        return kept.count == lines.count ? text : kept.map { String(Substring($0)) }.joined(separator: "\n")
    }

    /// The sender of a form mail when that is the client, not the site: not a robot address,
    /// nor of the domain the mail went to (a site writing to its own company's mailbox).
    static func client(sending from: MailAddress?, _ message: MIMEMessage) -> MailAddress? {
        guard let from, !isRobot(from.email), !recipientDomains(message).contains(domain(from.email)) else { return nil }
        return from
    }

    /// The domains a message was sent to (To, Cc, Delivered-To), lowercased.
    static func recipientDomains(_ message: MIMEMessage) -> Set<String> {
        Set(["to", "cc", "delivered-to"].flatMap { message.headers.fields(named: $0) }
            .flatMap { AddressParser.parse(raw: $0.rawValue) }.map { domain($0.email) })
    }

    static func domain(_ email: String) -> String {
        email.lastIndex(of: "@").map { String(email[email.index(after: $0)...]).lowercased() } ?? ""
    }

    /// Addresses of site engines and mail systems, never a client's.
    static func isRobot(_ email: String) -> Bool {
        let local = email.split(separator: "@").first.map(String.init) ?? email
        return robotLocalParts.contains(local) || local.contains("noreply") || local.contains("no-reply")
    }
}
