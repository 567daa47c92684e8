public import Foundation

/// Tolerant RFC 5322 date parsing ("Tue, 12 Mar 2024 10:30:00 +0300" and the variants mailers really send).
public enum MailDate {
    /// The moment a Date header names; nil when no day, month and year can be found.
    public static func parse(_ string: String) -> Date? {
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
