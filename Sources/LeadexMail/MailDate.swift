public import Foundation

/// Tolerant RFC 5322 date parsing ("Tue, 12 Mar 2024 10:30:00 +0300" and the variants mailers really send).
public enum MailDate {
    /// The moment a Date header names; nil when no day, month and year can be found.
    public static func parse(_ string: String) -> Date? {
        if let date = parseCanonical(string) { return date }
        var tokens: [Substring] = []
        for t in string.split(whereSeparator: { $0 == " " || $0 == "," || $0 == "\t" || $0 == "\r" || $0 == "\n" }) {
            // "(MSK)" comments carry nothing the numeric zone does not.
            if t.hasPrefix("(") { continue }
            tokens.append(t)
        }
        var day: Int?, month: Int?, year: Int?
        var hour = 0, minute = 0, second = 0
        var offset = 0
        for t in tokens {
            let lower = t.lowercased()
            if t.contains(":") {
                let p = t.split(separator: ":").map { Int($0) }
                if p.count >= 2, let h = p[0], let m = p[1] {
                    hour = h; minute = m
                    if p.count >= 3, let s = p[2] { second = s }
                }
            } else if let m = months[String(lower.prefix(3))], month == nil, lower.count >= 3 {
                month = m
            } else if (t.hasPrefix("+") || t.hasPrefix("-")), t.count == 5, let v = Int(t.dropFirst()) {
                let sign = t.hasPrefix("-") ? -1 : 1
                offset = sign * ((v / 100) * 3600 + (v % 100) * 60)
            } else if let z = zones[lower] {
                offset = z * 3600
            } else if t.contains("-"), t.split(separator: "-").count == 3 {
                // ISO 8601 date, sent by some web forms.
                let p = t.split(separator: "-").map { Int($0) }
                if let y = p[0], let m = p[1], let d = p[2] { year = y; month = m; day = d }
            } else if let v = Int(t) {
                if day == nil && v >= 1 && v <= 31 && month == nil { day = v } else if year == nil { year = v } else if day == nil { day = v }
            }
        }
        guard let d = day, let m = month, var y = year, (1...12).contains(m), (1...31).contains(d) else { return nil }
        // RFC 5322 §4.3: two-digit years below 50 are 20xx.
        if y < 50 { y += 2000 } else if y < 1000 { y += 1900 }
        // Any year a mail can mean; a hostile one (up to Int.max) would overflow the day count.
        guard (1000...9999).contains(y) else { return nil }
        guard (0...23).contains(hour), (0...59).contains(minute), (0...60).contains(second) else { return nil }
        let days = daysFromCivil(y, m, d)
        let seconds = days * 86400 + hour * 3600 + minute * 60 + second - offset
        return Date(timeIntervalSince1970: TimeInterval(seconds))
    }

    /// The form nearly every mailer writes, `[Tue, ]12 Mar 2024 10:30[:00] +0300 [(MSK)]`, read
    /// byte by byte; `nil` for anything else, which the tolerant reading then tries. Intake reads
    /// every mail's Date (the loop guard's time), and the token-by-token reading cost about a
    /// seventh of parsing and extracting a whole message.
    static func parseCanonical(_ string: String) -> Date? {
        var string = string
        return string.withUTF8 { b -> Date? in
            var i = 0
            func skipBlanks() { while i < b.count, b[i] == 0x20 || b[i] == 0x09 { i += 1 } }
            func digits(_ count: ClosedRange<Int>) -> Int? {
                var value = 0, n = 0
                while i < b.count, n < count.upperBound, b[i] >= 0x30, b[i] <= 0x39 {
                    value = value * 10 + Int(b[i] - 0x30)
                    n += 1
                    i += 1
                }
                return count.contains(n) ? value : nil
            }
            func letter(_ at: Int) -> UInt8? { at < b.count && (b[at] | 0x20) >= 0x61 && (b[at] | 0x20) <= 0x7A ? b[at] | 0x20 : nil }
            skipBlanks()
            if letter(i) != nil {  // the day's name
                while letter(i) != nil { i += 1 }
                guard i < b.count, b[i] == UInt8(ascii: ",") else { return nil }
                i += 1
                skipBlanks()
            }
            guard let day = digits(1...2) else { return nil }
            skipBlanks()
            guard let m0 = letter(i), let m1 = letter(i + 1), let m2 = letter(i + 2), letter(i + 3) == nil,
                let month = months[String(decoding: [m0, m1, m2], as: UTF8.self)]
            else { return nil }
            i += 3
            skipBlanks()
            guard let year = digits(4...4) else { return nil }
            skipBlanks()
            guard let hour = digits(1...2), i < b.count, b[i] == UInt8(ascii: ":") else { return nil }
            i += 1
            guard let minute = digits(2...2) else { return nil }
            var second = 0
            if i < b.count, b[i] == UInt8(ascii: ":") {
                i += 1
                guard let s = digits(2...2) else { return nil }
                second = s
            }
            skipBlanks()
            guard i < b.count, b[i] == UInt8(ascii: "+") || b[i] == UInt8(ascii: "-") else { return nil }
            let sign = b[i] == UInt8(ascii: "-") ? -1 : 1
            i += 1
            guard let zone = digits(4...4) else { return nil }
            skipBlanks()
            guard i == b.count || b[i] == UInt8(ascii: "(") || b[i] == 0x0D || b[i] == 0x0A else { return nil }
            guard (1...31).contains(day), (1000...9999).contains(year), (0...23).contains(hour), (0...59).contains(minute),
                (0...60).contains(second)
            else { return nil }
            let offset = sign * ((zone / 100) * 3600 + (zone % 100) * 60)
            let seconds = daysFromCivil(year, month, day) * 86400 + hour * 3600 + minute * 60 + second - offset
            return Date(timeIntervalSince1970: TimeInterval(seconds))
        }
    }

    static let months: [String: Int] = [
        "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6,
        "jul": 7, "aug": 8, "sep": 9, "oct": 10, "nov": 11, "dec": 12,
    ]

    static let zones: [String: Int] = [
        "ut": 0, "utc": 0, "gmt": 0, "z": 0, "est": -5, "edt": -4, "cst": -6, "cdt": -5,
        "mst": -7, "mdt": -6, "pst": -8, "pdt": -7, "msk": 3, "msd": 4,
    ]

    /// Days since 1970-01-01 (Howard Hinnant's algorithm): no calendar objects, no locale.
    static func daysFromCivil(_ y0: Int, _ m: Int, _ d: Int) -> Int {
        let y = m <= 2 ? y0 - 1 : y0
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146097 + doe - 719468
    }
}

extension MIMEMessage {
    /// The Date header, parsed.
    public var date: Date? { headers["date"].flatMap(MailDate.parse) }
    /// The From mailboxes.
    public var from: [MailAddress] { headers.field("from").map { AddressParser.parse(raw: $0.rawValue) } ?? [] }
    /// The Reply-To mailboxes.
    public var replyTo: [MailAddress] { headers.field("reply-to").map { AddressParser.parse(raw: $0.rawValue) } ?? [] }
}
