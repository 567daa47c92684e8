public import Foundation
public import LeadexCore

/// A mail Leadex writes: UTF-8, base64 bodies, CRLF line endings throughout (curl sends the
/// bytes as they are), `Auto-Submitted: auto-generated` so that vacation replies stay away.
public struct OutgoingMessage: Sendable {
    public struct Address: Sendable, Hashable {
        public var name: String?
        public var address: String
        public init(name: String? = nil, address: String) {
            self.name = name
            self.address = address
        }
    }

    public var from: Address
    public var to: [Address]
    public var subject: String
    public var text: String
    /// An HTML alternative to `text`, for reports.
    public var html: String?
    public var date: Date
    /// Without angle brackets: `leadex.reminder.42.x7@example.ru`.
    public var messageID: String
    /// Extra headers, e.g. `X-Leadex-Lead`; values are sanitized like every other.
    public var headers: [(name: String, value: String)]

    public init(
        from: Address, to: [Address], subject: String, text: String, html: String? = nil, date: Date, messageID: String,
        headers: [(name: String, value: String)] = []
    ) {
        self.from = from
        self.to = to
        self.subject = subject
        self.text = text
        self.html = html
        self.date = date
        self.messageID = messageID
        self.headers = headers
    }

    /// The message as it goes on the wire; `zone` gives the Date header's offset.
    public func render(zone: ZoneRules) -> [UInt8] {
        var head: [String] = [
            "From: " + HeaderEncoding.mailbox(name: from.name, address: from.address),
            "To: " + to.map { HeaderEncoding.mailbox(name: $0.name, address: $0.address) }.joined(separator: ",\r\n "),
            "Subject: " + HeaderEncoding.unstructured(subject),
            "Date: " + Self.dateHeader(date, zone: zone),
            "Message-ID: <" + HeaderEncoding.sanitize(messageID) + ">",
            "MIME-Version: 1.0",
            "Auto-Submitted: auto-generated",
        ]
        for header in headers {
            let name = header.name.filter { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") }
            head.append("\(name): " + HeaderEncoding.unstructured(header.value))
        }
        var body: [UInt8] = []
        if let html {
            // The boundary is derived from the Message-ID: unique per message, stable across resends.
            let boundary = "=_leadex_" + String(UInt64(bitPattern: Int64(messageID.utf8.reduce(5381) { ($0 &* 33) &+ Int($1) })), radix: 36)
            head.append("Content-Type: multipart/alternative; boundary=\"\(boundary)\"")
            body += Array("This is a multi-part message in MIME format.\r\n".utf8)
            for (type, content) in [("text/plain", text), ("text/html", html)] {
                body += Array("--\(boundary)\r\n".utf8)
                body += Self.part(type: type, content: content)
            }
            body += Array("--\(boundary)--\r\n".utf8)
        } else {
            head.append("Content-Type: text/plain; charset=utf-8")
            head.append("Content-Transfer-Encoding: base64")
            body = Self.encodedBody(text)
        }
        return Array((head.joined(separator: "\r\n") + "\r\n\r\n").utf8) + body
    }

    private static func part(type: String, content: String) -> [UInt8] {
        Array("Content-Type: \(type); charset=utf-8\r\nContent-Transfer-Encoding: base64\r\n\r\n".utf8) + encodedBody(content)
    }

    /// Line endings normalized to CRLF before encoding, so the decoded text is proper mail text.
    private static func encodedBody(_ text: String) -> [UInt8] {
        var normalized: [UInt8] = []
        var previous: UInt8 = 0
        for byte in text.utf8 {
            if byte == 10 && previous != 13 { normalized.append(13) }
            if previous == 13 && byte != 10 { normalized.append(10) }
            normalized.append(byte)
            previous = byte
        }
        if previous == 13 { normalized.append(10) }
        return Base64Encoder.encode(normalized) + [13, 10]
    }

    /// RFC 5322 date: `Mon, 30 Nov 2026 08:00:00 +0300`.
    static func dateHeader(_ date: Date, zone: ZoneRules) -> String {
        let civil = zone.civil(date)
        let offset = zone.timeZone.secondsFromGMT(for: date)
        let days = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
        let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        func two(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
        let sign = offset < 0 ? "-" : "+"
        let magnitude = abs(offset) / 60
        return "\(days[civil.weekday - 1]), \(civil.day) \(months[civil.month - 1]) \(civil.year) "
            + "\(two(civil.hour)):\(two(civil.minute)):\(two(civil.second)) \(sign)\(two(magnitude / 60))\(two(magnitude % 60))"
    }
}
