/// A phone number in E.164 form (`+79123456789`), the one form contacts are deduplicated by.
///
/// Russian callers write the same number as `8 (912) 345-67-89`, `+7 912 345 67 89` or
/// `9123456789`; all of them normalize to one value. Numbers of other countries are kept when
/// written with their `+` country code.
public struct PhoneNumber: Sendable, Hashable, Codable, Comparable, CustomStringConvertible {
    /// `+` followed by 8 to 15 digits.
    public let e164: String

    /// Normalizes a number as people type it; `nil` when it cannot be a phone number.
    public init?(_ text: some StringProtocol) {
        var digits: [UInt8] = []
        digits.reserveCapacity(16)
        var sawPlus = false
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digits.append(byte)
            case UInt8(ascii: "+") where digits.isEmpty && !sawPlus: sawPlus = true
            // Separators people use inside a number.
            case UInt8(ascii: " "), UInt8(ascii: "-"), UInt8(ascii: "("), UInt8(ascii: ")"),
                UInt8(ascii: "."), 0x09:
                continue
            default: return nil
            }
        }
        guard let normalized = Self.normalize(digits: digits, international: sawPlus) else { return nil }
        self.e164 = normalized
    }

    /// Wraps a value that is already E.164 (read back from the store).
    public init(trustedE164: String) { self.e164 = trustedE164 }

    private static func normalize(digits: [UInt8], international: Bool) -> String? {
        guard let first = digits.first else { return nil }
        let string = String(decoding: digits, as: UTF8.self)
        if digits.count == 11 && first == UInt8(ascii: "7") {
            return "+" + string
        }
        if international {
            // Another country's number, written with its country code.
            return (8...15).contains(digits.count) && first != UInt8(ascii: "0") ? "+" + string : nil
        }
        if digits.count == 11 && first == UInt8(ascii: "8") {
            // The Russian trunk prefix: 8 912 ... is +7 912 ...
            return "+7" + string.dropFirst()
        }
        if digits.count == 10 && first != UInt8(ascii: "0") && first != UInt8(ascii: "1") {
            // A ten-digit national number typed without any prefix.
            return "+7" + string
        }
        return nil
    }

    public var description: String { e164 }
    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.e164 < rhs.e164 }
}
