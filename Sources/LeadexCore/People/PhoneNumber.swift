/// A phone number in E.164 form (`+79123456789`), the one form contacts are deduplicated by.
///
/// Russian callers write the same number as `8 (912) 345-67-89`, `+7 912 345 67 89` or
/// `9123456789`; all of them normalize to one value. Numbers of other countries are kept when
/// written with their `+` country code. An extension after the number ("доб. 12", "ext 5") is
/// dropped: it does not tell two contacts apart.
public struct PhoneNumber: Sendable, Hashable, Codable, Comparable, CustomStringConvertible {
    /// `+` followed by 8 to 15 digits.
    public let e164: String

    /// Normalizes one number as people type it (a form field, a manager's input, a CSV cell);
    /// `nil` when it cannot be a phone number.
    public init?(_ text: some StringProtocol) {
        var digits: [UInt8] = []
        digits.reserveCapacity(16)
        var plus = false
        scan: for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"):
                digits.append(byte &- UInt8(ascii: "0"))
            case UInt8(ascii: "+") where digits.isEmpty:
                plus = true
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), 0xD0, 0xD1:
                // Latin or Cyrillic letters after the number start an extension; before it
                // ("тел.") they are a label.
                if !digits.isEmpty { break scan }
            default:
                // Spaces, brackets, dashes (ASCII or typographic), dots: separators.
                continue
            }
        }
        guard let e164 = Self.e164(digits: digits, plus: plus) else { return nil }
        self.e164 = e164
    }

    /// Wraps a value that is already E.164 (read back from the store).
    public init(trustedE164: String) { self.e164 = trustedE164 }

    /// The E.164 text of one normalized number, or `nil`.
    public static func e164(_ text: some StringProtocol) -> String? { PhoneNumber(text)?.e164 }

    /// E.164 for a digit sequence (values 0...9), `plus` when it was written with a leading `+`.
    public static func e164(digits d: [UInt8], plus: Bool) -> String? {
        let count = d.count
        guard count > 0 else { return nil }
        // Russian numbers: 7 or the trunk prefix 8, then a code starting with 3...9.
        if count == 11, d[0] == 7 || (d[0] == 8 && !plus) {
            guard d[1] >= 3 else { return nil }
            return "+7" + text(d[1...])
        }
        // Another country's number, written with its country code.
        if plus {
            return d[0] != 0 && d[0] != 7 && (8...15).contains(count) ? "+" + text(d[...]) : nil
        }
        // A ten-digit national number typed without any prefix.
        if count == 10, d[0] >= 3 { return "+7" + text(d[...]) }
        return nil
    }

    private static func text(_ digits: ArraySlice<UInt8>) -> String {
        String(decoding: digits.map { $0 &+ UInt8(ascii: "0") }, as: UTF8.self)
    }

    public var description: String { e164 }
    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.e164 < rhs.e164 }
}
