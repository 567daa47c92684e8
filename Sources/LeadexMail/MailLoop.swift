public import Foundation

/// What tells a mail loop from a busy sender. A loop is our own mail coming back, a mail that
/// has already passed the address it is delivered to, or the same mail arriving again and
/// again; many different mails from one address (a website's `noreply@`) are no loop at all.
public enum MailLoop {
    /// More relays than this is mail circling between servers (sendmail gives up at 25,
    /// Postfix at 50; an ordinary mail takes a handful).
    static let maxHops = 30

    /// Why the message's own headers say it is a loop, or `nil`.
    public static func reason(_ message: MIMEMessage) -> String? {
        let h = message.headers
        // Every mail Leadex sends carries X-Leadex-Kind; a forwarder may have dropped Auto-Submitted.
        if let kind = h["x-leadex-kind"] {
            return "our own mail came back (X-Leadex-Kind: \(kind))"
        }
        let hops = h.fields(named: "received").count
        if hops > maxHops {
            return "\(hops) Received headers"
        }
        // X-Loop (procmail, ticket systems) and Delivered-To (Postfix, Exim) name the addresses
        // a mail has passed: naming one it is delivered to again means it went round. An X-Loop
        // naming somebody else's address is that system's business, not a sign of ours.
        var delivered: Set<String> = []
        for field in h.fields(named: "delivered-to") {
            for address in AddressParser.parse(raw: field.rawValue) where !delivered.insert(address.email).inserted {
                return "delivered to \(address.email) twice (Delivered-To)"
            }
        }
        let loops = h.fields(named: "x-loop")
        guard !loops.isEmpty else { return nil }
        let recipients = delivered.union(
            ["to", "cc"].flatMap { h.fields(named: $0) }.flatMap { AddressParser.parse(raw: $0.rawValue) }.map(\.email))
        for field in loops {
            if let address = AddressParser.parse(raw: field.rawValue).first(where: { recipients.contains($0.email) }) {
                return "X-Loop: \(address.email)"
            }
        }
        return nil
    }

    /// The identity of a mail's content, for seeing the same mail repeat: who sent it, the
    /// subject without reply prefixes, the text and the attachments (name, type and size).
    /// FNV-1a over them, 64 bits as 16 hex digits: cheap enough for every message (a SHA-256
    /// of every message was a tenth of intake's time), and a false match would also need the
    /// same sender within the same hour, several times over.
    public static func contentKey(sender: String?, subject: String?, message: MIMEMessage) -> String {
        var hash = FNV1a()
        hash.add(sender ?? "")
        hash.add(strippingReplyPrefixes(subject ?? ""))
        hash.add(message.textBody)
        for attachment in message.attachments {
            hash.add(attachment.filename ?? "")
            hash.add(attachment.contentType)
            hash.add(String(attachment.size))
        }
        let hex = String(hash.value, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }

    /// When the message was written, by itself: its Date header, else the newest Received
    /// stamp. `nil` when it carries neither.
    public static func sentAt(_ message: MIMEMessage) -> Date? {
        if let date = message.headers["date"].flatMap(MailDate.parse) { return date }
        guard let received = message.headers.fields(named: "received").first?.value,
            let semicolon = received.lastIndex(of: ";")
        else { return nil }
        return MailDate.parse(String(received[received.index(after: semicolon)...]))
    }

    static let replyPrefixes = ["re:", "fw:", "fwd:", "ответ:", "отв:", "пересл:"]

    /// "Re: Fwd: Заявка" → "заявка": an autoresponder loop adds a prefix each round.
    static func strippingReplyPrefixes(_ subject: String) -> String {
        var rest = Substring(subject.lowercased())
        while true {
            rest = rest.drop { $0 == " " || $0 == "\t" }
            guard let prefix = replyPrefixes.first(where: { rest.hasPrefix($0) }) else { return String(rest) }
            rest = rest.dropFirst(prefix.count)
        }
    }
}

/// 64-bit FNV-1a, each field ended by a 0xFF byte (which UTF-8 never holds) so that fields
/// cannot run into each other.
private struct FNV1a {
    private(set) var value: UInt64 = 0xcbf2_9ce4_8422_2325

    mutating func add(_ text: String) {
        var h = value
        for byte in text.utf8 {
            h = (h ^ UInt64(byte)) &* 0x0000_0100_0000_01b3
        }
        value = (h ^ 0xff) &* 0x0000_0100_0000_01b3
    }
}
