/// What a deal is worth, in roubles to the kopeck: an integer count of kopecks, so sums are exact.
public struct DealAmount: Sendable, Hashable, Codable, Comparable, CustomStringConvertible {
    public let kopecks: Int64

    /// The largest amount a deal may have: 10 billion roubles. Beyond it is a slip of the zeros
    /// (and sums of many deals stay far inside Int64).
    public static let maxRoubles: Int64 = 10_000_000_000
    public static let maxKopecks: Int64 = maxRoubles * 100

    /// `nil` unless `kopecks` is more than zero and at most ``maxKopecks``.
    public init?(kopecks: Int64) {
        guard kopecks > 0, kopecks <= Self.maxKopecks else { return nil }
        self.kopecks = kopecks
    }

    /// "150000.50": the canonical form the history keeps and scripts read (a dot, two decimals).
    public var description: String {
        let fraction = kopecks % 100
        return "\(kopecks / 100)." + (fraction < 10 ? "0" : "") + "\(fraction)"
    }

    public static func < (a: Self, b: Self) -> Bool { a.kopecks < b.kopecks }

    /// The amount ``description`` wrote ("150000.50"), or `nil` for anything else.
    public static func canonical(_ text: String) -> DealAmount? {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 2, parts[1].count == 2, !parts[0].isEmpty, parts[0].count <= 11,
            parts.allSatisfy({ $0.allSatisfy { $0.asciiDigit != nil } }), let roubles = Int64(parts[0]), let kopecks = Int64(parts[1])
        else { return nil }
        return DealAmount(kopecks: roubles * 100 + kopecks)
    }

    /// Reads an amount as people type it: `150000`, `150 000`, `150 000,50`, `150000.5`,
    /// `150 000 ₽` (also `руб`, `р.`, `rub`), `150 тыс`, `150к`, `1,5 млн`. Groups of thousands
    /// are separated by spaces (a no-break or thin space too); the decimal mark is a comma or a
    /// dot. Without `тыс`/`млн` a mark followed by three digits (`1,500`, `1.500`) is refused as
    /// ambiguous: some write thousands that way. Negative, zero, fractions of a kopeck and more
    /// than ``maxRoubles`` are refused.
    public static func parse(_ text: String) throws(RuleViolation) -> DealAmount {
        var rest = Substring(text.trimmingWhitespace().lowercased())
        let refuse = { (problem: RuleViolation.AmountProblem) -> RuleViolation in .badAmount(text, problem) }
        guard !rest.isEmpty else { throw refuse(.empty) }
        if let first = rest.first, "-−–—".contains(first) { throw refuse(.negative) }
        for suffix in ["₽", "руб.", "руб", "р.", "р", "rub", "rur"] where rest.hasSuffix(suffix) {
            rest = rest.dropLast(suffix.count).trimmingWhitespace()
            break
        }
        var scale: Int64 = 1
        for (suffix, factor) in [("тыс.", 1000), ("тыс", 1000), ("к", 1000), ("k", 1000), ("млн.", 1_000_000), ("млн", 1_000_000)]
        where rest.hasSuffix(suffix) {
            rest = rest.dropLast(suffix.count).trimmingWhitespace()
            scale = Int64(factor)
            break
        }
        // Whole part: digits, in groups of three after the first when spaced.
        var whole: Int64 = 0
        var digitsInGroup = 0, groups = 1, wholeDigits = 0
        var index = rest.startIndex
        while index < rest.endIndex {
            let character = rest[index]
            if let digit = character.asciiDigit {
                wholeDigits += 1
                digitsInGroup += 1
                // Thirteen digits already exceed the largest amount; stop before Int64 could overflow.
                guard wholeDigits <= 13 else { throw refuse(.tooLarge) }
                whole = whole * 10 + digit
            } else if Self.groupSpaces.contains(character) {
                guard digitsInGroup > 0, groups == 1 || digitsInGroup == 3 else { throw refuse(.notANumber) }
                groups += 1
                digitsInGroup = 0
            } else {
                break
            }
            index = rest.index(after: index)
        }
        guard wholeDigits > 0, groups == 1 || digitsInGroup == 3 else { throw refuse(.notANumber) }
        // Fraction: after one decimal mark, digits to the end.
        var fraction = Substring()
        if index < rest.endIndex {
            guard rest[index] == "," || rest[index] == "." else { throw refuse(.notANumber) }
            fraction = rest[rest.index(after: index)...]
            guard !fraction.isEmpty, fraction.count <= 9, fraction.allSatisfy({ $0.asciiDigit != nil }) else { throw refuse(.notANumber) }
            if scale == 1 && fraction.count == 3 && groups == 1 { throw refuse(.ambiguous) }
        }
        // Kopecks = (whole + fraction) × scale × 100, in integers: the fraction's digits times
        // scale × 100 must come out whole, or the amount has a part of a kopeck.
        var denominator: Int64 = 1
        var fractionUnits: Int64 = 0
        for character in fraction {
            fractionUnits = fractionUnits * 10 + (character.asciiDigit ?? 0)
            denominator *= 10
        }
        let (wholeKopecks, wholeOverflow) = whole.multipliedReportingOverflow(by: scale * 100)
        let (fractionScaled, fractionOverflow) = fractionUnits.multipliedReportingOverflow(by: scale * 100)
        guard !wholeOverflow, !fractionOverflow else { throw refuse(.tooLarge) }
        guard fractionScaled % denominator == 0 else { throw refuse(.fractionOfKopeck) }
        let (kopecks, sumOverflow) = wholeKopecks.addingReportingOverflow(fractionScaled / denominator)
        guard !sumOverflow else { throw refuse(.tooLarge) }
        guard kopecks > 0 else { throw refuse(.zero) }
        guard let amount = DealAmount(kopecks: kopecks) else { throw refuse(.tooLarge) }
        return amount
    }

    /// Spaces people and spreadsheets put between thousands: plain, no-break, narrow no-break, thin.
    static let groupSpaces: Set<Character> = [" ", "\u{00A0}", "\u{202F}", "\u{2009}"]
}

extension Character {
    /// 0–9 for an ASCII digit; `nil` for anything else (other scripts' digits included).
    fileprivate var asciiDigit: Int64? {
        guard let ascii = asciiValue, (48...57).contains(ascii) else { return nil }
        return Int64(ascii - 48)
    }
}

extension StringProtocol {
    fileprivate func trimmingWhitespace() -> Substring {
        let trimmed = drop { $0.isWhitespace }
        return Substring(trimmed.reversed().drop { $0.isWhitespace }.reversed())
    }
}
