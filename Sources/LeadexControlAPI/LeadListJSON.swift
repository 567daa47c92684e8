internal import Foundation
internal import Glibc

extension LeadSummary {
    /// A list of leads as JSON, written directly: the same document `Wire.encoder()` makes, in a
    /// fraction of the time (the generic encoder was most of the cost of serving the exchange).
    public static func jsonList(_ leads: [LeadSummary]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(leads.count * 320 + 2)
        out.append(UInt8(ascii: "["))
        for (index, lead) in leads.enumerated() {
            if index > 0 { out.append(UInt8(ascii: ",")) }
            lead.appendJSON(to: &out)
        }
        out.append(UInt8(ascii: "]"))
        return out
    }

    /// One lead as a JSON object, as in ``jsonList(_:)``.
    public static func jsonObject(_ lead: LeadSummary) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(320)
        lead.appendJSON(to: &out)
        return out
    }

    private func appendJSON(to out: inout [UInt8]) {
        var object = JSONObjectWriter(out: out)
        object.number("id", id)
        object.string("title", title)
        object.string("stage", stage)
        object.string("stage_title", stageTitle)
        object.string("status", status)
        object.string("owner", owner)
        object.bool("keep", keep)
        object.string("source", source)
        object.number("contact_id", contactId)
        object.string("reason", reason)
        object.string("reason_note", reasonNote)
        object.date("created_at", createdAt)
        object.date("stage_entered_at", stageEnteredAt)
        object.date("last_activity_at", lastActivityAt)
        object.string("client_name", clientName)
        object.string("client_company", clientCompany)
        object.string("client_phone", clientPhone)
        object.string("source_title", sourceTitle)
        object.string("reason_title", reasonTitle)
        object.string("owner_name", ownerName)
        if let stageNormSeconds, stageNormSeconds.isFinite, abs(stageNormSeconds) < 1e15 { object.number("stage_norm_seconds", Int64(stageNormSeconds)) }
        out = object.finish()
    }
}

/// One JSON object's members, appended to a byte buffer; `nil` members are left out, as the
/// Codable encoder does.
struct JSONObjectWriter {
    private var out: [UInt8]
    private var first = true

    init(out: [UInt8]) {
        self.out = out
        self.out.append(UInt8(ascii: "{"))
    }

    mutating func finish() -> [UInt8] {
        out.append(UInt8(ascii: "}"))
        return out
    }

    private mutating func key(_ name: StaticString) {
        if !first { out.append(UInt8(ascii: ",")) }
        first = false
        out.append(UInt8(ascii: "\""))
        name.withUTF8Buffer { out.append(contentsOf: $0) }
        out.append(contentsOf: [UInt8(ascii: "\""), UInt8(ascii: ":")])
    }

    mutating func number(_ name: StaticString, _ value: Int64) {
        key(name)
        out.append(contentsOf: String(value).utf8)
    }

    mutating func bool(_ name: StaticString, _ value: Bool) {
        key(name)
        out.append(contentsOf: (value ? "true" : "false").utf8)
    }

    mutating func string(_ name: StaticString, _ value: String?) {
        guard let value else { return }
        key(name)
        Self.quote(value, into: &out)
    }

    /// ISO 8601 in UTC to the second, as `JSONEncoder.DateEncodingStrategy.iso8601` writes it.
    mutating func date(_ name: StaticString, _ value: Date) {
        key(name)
        // Four-digit years only, as the store writes them: a time outside them (a row written by
        // hand, a restored file) must not trap and stop the exchange list for everyone.
        let since1970 = value.timeIntervalSince1970
        var seconds = time_t(since1970.isNaN ? 0 : min(max(since1970, -62_135_596_800), 253_402_300_799).rounded(.down))
        var parts = tm()
        gmtime_r(&seconds, &parts)
        out.append(UInt8(ascii: "\""))
        Self.digits(Int(parts.tm_year) + 1900, 4, into: &out)
        out.append(UInt8(ascii: "-"))
        Self.digits(Int(parts.tm_mon) + 1, 2, into: &out)
        out.append(UInt8(ascii: "-"))
        Self.digits(Int(parts.tm_mday), 2, into: &out)
        out.append(UInt8(ascii: "T"))
        Self.digits(Int(parts.tm_hour), 2, into: &out)
        out.append(UInt8(ascii: ":"))
        Self.digits(Int(parts.tm_min), 2, into: &out)
        out.append(UInt8(ascii: ":"))
        Self.digits(Int(parts.tm_sec), 2, into: &out)
        out.append(contentsOf: [UInt8(ascii: "Z"), UInt8(ascii: "\"")])
    }

    private static func digits(_ value: Int, _ width: Int, into out: inout [UInt8]) {
        var divisor = 1
        for _ in 1..<width { divisor *= 10 }
        var rest = value
        while divisor > 0 {
            out.append(UInt8(ascii: "0") + UInt8(rest / divisor % 10))
            rest %= divisor
            divisor /= 10
        }
    }

    /// A JSON string: quotes, backslashes and control characters escaped; everything else,
    /// Cyrillic included, as UTF-8.
    static func quote(_ text: String, into out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "\""): out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\"")])
            case UInt8(ascii: "\\"): out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\\")])
            case 0x0A: out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "n")])
            case 0x0D: out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "r")])
            case 0x09: out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "t")])
            case 0..<0x20:
                let hex = Array("0123456789abcdef".utf8)
                out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "u"), UInt8(ascii: "0"), UInt8(ascii: "0"), hex[Int(byte >> 4)], hex[Int(byte & 0xF)]])
            default: out.append(byte)
            }
        }
        out.append(UInt8(ascii: "\""))
    }
}
