internal import Foundation
internal import GRDB
internal import Glibc

/// Dates as the store writes them: `yyyy-MM-dd HH:mm:ss.SSS` in UTC, GRDB's own format (so GRDB
/// reads them back, and they sort as text). Formatted here with gmtime_r rather than GRDB's
/// DateFormatter: Foundation's formatters load ICU, about 8 MB of resident memory that a daemon
/// otherwise never needs.
enum StoredTime {
    /// 0001-01-01 00:00:00.000 and 9999-12-31 23:59:59.999 UTC: what four digits of year hold.
    static let range: ClosedRange<Double> = -62_135_596_800...253_402_300_799.999

    /// `date` as stored. Rules refuse times outside any sane range before they get here; this
    /// clamps what slips through to the four-digit years rather than trap on a negative year or
    /// an Int64 overflow, which would stop the daemon for every user.
    static func text(_ date: Date) -> String {
        let since1970 = date.timeIntervalSince1970
        let clamped = since1970.isNaN ? range.lowerBound : min(max(since1970, range.lowerBound), range.upperBound)
        let milliseconds = Int64((clamped * 1000).rounded())
        var seconds = time_t(milliseconds.floorDivided(by: 1000))
        let fraction = Int(milliseconds - Int64(seconds) * 1000)
        var parts = tm()
        gmtime_r(&seconds, &parts)
        // Written digit by digit into 23 bytes: every stored row carries a few of these, and
        // building them from padded substrings was a few percent of a mail backlog's time.
        return String(unsafeUninitializedCapacity: 23) { buffer in
            var at = 0
            func put(_ value: Int, _ width: Int) {
                var rest = value
                for offset in stride(from: width - 1, through: 0, by: -1) {
                    buffer[at + offset] = UInt8(ascii: "0") + UInt8(rest % 10)
                    rest /= 10
                }
                at += width
            }
            func put(_ separator: Character) {
                buffer[at] = separator.asciiValue!
                at += 1
            }
            put(Int(parts.tm_year) + 1900, 4)
            put("-")
            put(Int(parts.tm_mon) + 1, 2)
            put("-")
            put(Int(parts.tm_mday), 2)
            put(" ")
            put(Int(parts.tm_hour), 2)
            put(":")
            put(Int(parts.tm_min), 2)
            put(":")
            put(Int(parts.tm_sec), 2)
            put(".")
            put(fraction, 3)
            return at
        }
    }

    /// What Codable records return from `databaseDateEncodingStrategy(for:)`.
    static let encoding = DatabaseDateEncodingStrategy.custom { text($0) }
}

extension Int64 {
    fileprivate func floorDivided(by divisor: Int64) -> Int64 {
        let quotient = self / divisor
        return (self % divisor < 0) ? quotient - 1 : quotient
    }
}
