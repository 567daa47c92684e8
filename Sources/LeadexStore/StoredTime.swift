internal import Foundation
internal import GRDB
internal import Glibc

/// Dates as the store writes them: `yyyy-MM-dd HH:mm:ss.SSS` in UTC, GRDB's own format (so GRDB
/// reads them back, and they sort as text). Formatted here with gmtime_r rather than GRDB's
/// DateFormatter: Foundation's formatters load ICU, about 8 MB of resident memory that a daemon
/// otherwise never needs.
enum StoredTime {
    static func text(_ date: Date) -> String {
        let milliseconds = Int64((date.timeIntervalSince1970 * 1000).rounded())
        var seconds = time_t(milliseconds.floorDivided(by: 1000))
        let fraction = Int(milliseconds - Int64(seconds) * 1000)
        var parts = tm()
        gmtime_r(&seconds, &parts)
        return pad(Int(parts.tm_year) + 1900, 4) + "-" + pad(Int(parts.tm_mon) + 1, 2) + "-" + pad(Int(parts.tm_mday), 2)
            + " " + pad(Int(parts.tm_hour), 2) + ":" + pad(Int(parts.tm_min), 2) + ":" + pad(Int(parts.tm_sec), 2)
            + "." + pad(fraction, 3)
    }

    /// What Codable records return from `databaseDateEncodingStrategy(for:)`.
    static let encoding = DatabaseDateEncodingStrategy.custom { text($0) }

    private static func pad(_ value: Int, _ width: Int) -> String {
        let digits = String(value)
        return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
    }
}

extension Int64 {
    fileprivate func floorDivided(by divisor: Int64) -> Int64 {
        let quotient = self / divisor
        return (self % divisor < 0) ? quotient - 1 : quotient
    }
}
