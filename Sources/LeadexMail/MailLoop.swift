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
    /// 64 bits as 16 hex digits, eight bytes a step: cheap enough for every message (a SHA-256
    /// of every message was a tenth of intake's time, byte-wise FNV-1a a few percent), and a
    /// false match would also need the same sender within the same hour, several times over.
    public static func contentKey(sender: String?, subject: String?, message: MIMEMessage) -> String {
        var hash = ContentHash()
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

    /// "Re: FWD: Заявка" → "Заявка": an autoresponder loop adds a prefix each round. Only the
    /// first few characters are lowercased to look for one: lowercasing every subject whole
    /// was most of the key's cost.
    static func strippingReplyPrefixes(_ subject: String) -> String {
        // Every prefix ends in a colon within the first few bytes: most subjects have none there.
        guard subject.utf8.prefix(24).contains(UInt8(ascii: ":")) else { return subject }
        var rest = Substring(subject)
        while true {
            rest = rest.drop { $0 == " " || $0 == "\t" }
            let head = rest.prefix(7).lowercased()
            guard let prefix = replyPrefixes.first(where: { head.hasPrefix($0) }) else { return String(rest) }
            rest = rest.dropFirst(prefix.count)
        }
    }
}

/// A 64-bit hash of a few fields, eight bytes at a time (a multiply and a shift each, as in
/// SplitMix64's finaliser). Each field's length goes in first, so that fields cannot run into
/// each other. Not for adversaries: for telling copies of one mail from other mails.
private struct ContentHash {
    private(set) var value: UInt64 = 0x243F_6A88_85A3_08D3

    mutating func add(_ text: String) {
        var text = text
        text.withUTF8 { add($0) }
    }

    private mutating func add(_ bytes: UnsafeBufferPointer<UInt8>) {
        let raw = UnsafeRawBufferPointer(bytes)
        var h = Self.mix(value ^ UInt64(raw.count))
        var at = 0
        while at + 8 <= raw.count {
            h = Self.mix(h ^ UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: at, as: UInt64.self)))
            at += 8
        }
        var tail: UInt64 = 0
        var shift: UInt64 = 0
        while at < raw.count {
            tail |= UInt64(raw[at]) << shift
            shift += 8
            at += 1
        }
        value = Self.mix(h ^ tail)
    }

    private static func mix(_ x: UInt64) -> UInt64 {
        var z = (x ^ (x >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
