extension PhoneNumber {
    /// The number as people write it: `+7 916 100-04-04`; `+375 29 123-45-67` for the
    /// neighbouring countries with three-digit codes and nine-digit numbers; any other number as
    /// stored, since its grouping depends on a country's plan Leadex does not know.
    public var written: String {
        let digits = Array(e164.utf8.dropFirst())
        func text(_ range: Range<Int>) -> String { String(decoding: digits[range], as: UTF8.self) }
        func national(_ from: Int) -> String {
            // The last seven digits as 123-45-67; what precedes them is the area or operator code.
            let end = digits.count
            return text(from..<(end - 7)) + " " + text((end - 7)..<(end - 4)) + "-" + text((end - 4)..<(end - 2)) + "-"
                + text((end - 2)..<end)
        }
        guard e164.utf8.first == UInt8(ascii: "+"), digits.allSatisfy({ (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) })
        else { return e164 }
        if digits.count == 11, digits[0] == UInt8(ascii: "7") { return "+7 " + national(1) }
        if digits.count == 12, Self.threeDigitCodes.contains(text(0..<3)) { return "+" + text(0..<3) + " " + national(3) }
        return e164
    }

    /// Belarus, Ukraine, Armenia, Uzbekistan, Kyrgyzstan, Tajikistan, Georgia, Azerbaijan,
    /// Turkmenistan: nine-digit national numbers after the code.
    private static let threeDigitCodes: Set<String> = ["375", "380", "374", "998", "996", "992", "995", "994", "993"]
}
