public import Foundation
public import LeadexConfig
public import LeadexCore
internal import LeadexMail
public import LeadexStore

/// Turns a template and its data into an outbox entry: addresses, Message-ID, Date, MIME —
/// rendered now, or by the sender before the first delivery attempt.
public struct Mailer: Sendable {
    public let templates: MailTemplates
    public let from: (name: String?, address: String)
    public let zone: ZoneRules
    public let language: Language

    public init(templates: MailTemplates, from: String, zone: ZoneRules, language: Language) {
        self.templates = templates
        self.from = Self.parseMailbox(from)
        self.zone = zone
        self.language = language
    }

    /// `Leadex <leadex@example.ru>` or a bare address.
    static func parseMailbox(_ text: String) -> (name: String?, address: String) {
        guard let open = text.lastIndex(of: "<"), let close = text.lastIndex(of: ">"), open < close else {
            return (nil, text.trimmingCharacters(in: .whitespaces))
        }
        let name = text[..<open].trimmingCharacters(in: .whitespaces).trimmingCharacters(in: CharacterSet(charactersIn: "\""))
        return (name.isEmpty ? nil : name, String(text[text.index(after: open)..<close]))
    }

    /// An outbox entry for `template` rendered with `context`, or `nil` without recipients.
    public func mail(
        _ kind: OutgoingMail.Kind, template: String, context: [String: Any], to recipients: [String], lead: LeadID? = nil,
        at now: Date
    ) -> OutgoingMail? {
        guard let unique = Self.unique(recipients) else { return nil }
        let rendered = templates.render(template, context)
        let messageID = newMessageID(kind)
        return OutgoingMail(
            kind: kind, leadID: lead, envelopeFrom: from.address, recipients: unique, messageID: messageID,
            content: .rendered(
                subject: HeaderEncoding.sanitize(rendered.subject),
                message: message(rendered, kind: kind, lead: lead, to: unique, messageID: messageID, date: now)))
    }

    /// An outbox entry that the sender renders before its first delivery attempt: `template`
    /// with `data`, encoded to JSON now (a fraction of rendering's cost, for jobs that enqueue
    /// thousands at one moment). Envelope, recipients and Message-ID are fixed now; the Date
    /// will be the outbox row's creation. `nil` without recipients.
    public func mailToRender(
        _ kind: OutgoingMail.Kind, template: String, data: some Encodable, to recipients: [String], lead: LeadID? = nil
    ) throws -> OutgoingMail? {
        guard let unique = Self.unique(recipients) else { return nil }
        let json = String(decoding: try JSONEncoder().encode(data), as: UTF8.self)
        return OutgoingMail(
            kind: kind, leadID: lead, envelopeFrom: from.address, recipients: unique, messageID: newMessageID(kind),
            content: .toRender(template: template, context: json))
    }

    /// Renders a mail that was left to the sender, addressed and identified as it was enqueued,
    /// dated `date` (its row's creation). The From header is this daemon's; X-Leadex-Lead is
    /// the row's lead, which erasing the lead clears. Throws when this daemon's templates have
    /// no such template or the data is not a JSON object.
    public func render(
        template: String, context json: String, of mail: OutgoingMail, date: Date
    ) throws -> (subject: String, message: [UInt8]) {
        let rendered = try templates.renderChecked(template, try TemplateData.context(fromJSON: json))
        return (
            HeaderEncoding.sanitize(rendered.subject),
            message(rendered, kind: mail.kind, lead: mail.leadID, to: mail.recipients, messageID: mail.messageID, date: date)
        )
    }

    /// Recipients without duplicates (ignoring case), or `nil` when none is left.
    private static func unique(_ recipients: [String]) -> [String]? {
        var seen = Set<String>()
        let unique = recipients.filter { seen.insert($0.lowercased()).inserted }
        return unique.isEmpty ? nil : unique
    }

    private func newMessageID(_ kind: OutgoingMail.Kind) -> String {
        let domain = from.address.split(separator: "@").last.map(String.init) ?? "leadex.invalid"
        return "leadex.\(kind.rawValue).\(UUID().uuidString.lowercased())@\(domain)"
    }

    /// The message on the wire: `rendered` with its headers, MIME-encoded.
    private func message(
        _ rendered: MailTemplates.Rendered, kind: OutgoingMail.Kind, lead: LeadID?, to recipients: [String], messageID: String,
        date: Date
    ) -> [UInt8] {
        var headers: [(name: String, value: String)] = [("X-Leadex-Kind", kind.rawValue)]
        if let lead { headers.append(("X-Leadex-Lead", lead.description)) }
        return OutgoingMessage(
            from: .init(name: from.name, address: from.address), to: recipients.map { .init(address: $0) },
            subject: rendered.subject, text: rendered.text, html: rendered.html, date: date, messageID: messageID,
            headers: headers
        ).render(zone: zone)
    }

    // MARK: Formatting for templates

    /// A template context without the absent values: a mustache section over a missing key is
    /// skipped, while one over a boxed `nil` would render "nil".
    public static func context(_ values: [String: Any?]) -> [String: Any] {
        values.compactMapValues { $0 }
    }

    /// "8 дек 2026, 10:04" on the configured zone's clocks; "сегодня 10:04", "вчера 18:30" or
    /// "8 дек, 10:04" relative to `now` when given.
    public func format(_ date: Date, now: Date? = nil) -> String {
        LocalTimeText(zone: zone, language: language.text).format(date, now: now)
    }

    /// "3 д 4 ч", "25 мин" / "3 d 4 h", "25 min".
    public func format(duration seconds: TimeInterval) -> String {
        DurationText.spoken(seconds, language.text)
    }
}
