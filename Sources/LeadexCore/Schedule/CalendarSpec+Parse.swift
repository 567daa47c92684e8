internal import Foundation

extension CalendarSpec {
    /// Why a schedule text was refused, worded for `--check-config`.
    public struct ParseError: Error, Sendable, Hashable, CustomStringConvertible {
        public let message: String
        public var description: String { message }
    }

    private static let shorthands: [String: String] = [
        "minutely": "*-*-* *:*:00",
        "hourly": "*-*-* *:00:00",
        "daily": "*-*-* 00:00:00",
        "weekly": "Mon *-*-* 00:00:00",
        "monthly": "*-*-01 00:00:00",
        "yearly": "*-01-01 00:00:00",
        "annually": "*-01-01 00:00:00",
    ]

    private static let weekdayNames: [(String, Int)] = [
        ("monday", 1), ("tuesday", 2), ("wednesday", 3), ("thursday", 4), ("friday", 5), ("saturday", 6), ("sunday", 7),
    ]

    /// Parses `[WEEKDAYS] [DATE] [TIME]`; a missing date is `*-*-*`, a missing time `00:00:00`,
    /// missing seconds `:00`.
    public init(parsing raw: String) throws(ParseError) {
        let trimmed = raw.trimmingCharacters(in: .whitespaces)
        let expanded = Self.shorthands[trimmed.lowercased()] ?? trimmed
        var words = expanded.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
        guard !words.isEmpty else { throw ParseError(message: "empty calendar expression") }

        var weekdays = Field.any
        if let first = words.first, first.first?.isLetter == true {
            weekdays = try Self.parseWeekdays(first)
            words.removeFirst()
        }
        var date = ("*", "*", "*")
        var time = ("00", "00", "00")
        for word in words {
            if word.contains(":") {
                let parts = word.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
                guard parts.count == 2 || parts.count == 3 else { throw ParseError(message: "time '\(word)' is not HH:MM or HH:MM:SS") }
                time = (parts[0], parts[1], parts.count == 3 ? parts[2] : "00")
            } else if word.contains("-") {
                let parts = word.split(separator: "-", omittingEmptySubsequences: false).map(String.init)
                switch parts.count {
                case 3: date = (parts[0], parts[1], parts[2])
                case 2: date = ("*", parts[0], parts[1])
                default: throw ParseError(message: "date '\(word)' is not YYYY-MM-DD or MM-DD")
                }
            } else {
                throw ParseError(message: "cannot read '\(word)' in '\(raw)' (expected e.g. \"Mon *-*-* 03:00\", \"*-*-* 09:00\" or \"hourly\")")
            }
        }
        self.weekdays = weekdays
        year = try Self.parseField(date.0, range: 1970...2199, name: "year")
        month = try Self.parseField(date.1, range: 1...12, name: "month")
        day = try Self.parseField(date.2, range: 1...31, name: "day")
        hour = try Self.parseField(time.0, range: 0...23, name: "hour")
        minute = try Self.parseField(time.1, range: 0...59, name: "minute")
        second = try Self.parseField(time.2, range: 0...59, name: "second")
        text = trimmed
    }

    private static func parseWeekdays(_ word: String) throws(ParseError) -> Field {
        var days: Set<Int> = []
        for item in word.split(separator: ",") {
            let bounds = item.components(separatedBy: "..")
            guard bounds.count <= 2, let from = weekday(bounds[0]), let to = weekday(bounds.last ?? "") else {
                throw ParseError(message: "'\(item)' is not a weekday (Mon, Tue, … Sun) or a range like Mon..Fri")
            }
            if from <= to { days.formUnion(from...to) } else { days.formUnion(from...7); days.formUnion(1...to) }
        }
        return Field(values: days.sorted())
    }

    private static func weekday(_ text: String) -> Int? {
        let lower = text.lowercased()
        guard lower.count >= 3 else { return nil }
        return weekdayNames.first { $0.0.hasPrefix(lower) }?.1
    }

    private static func parseField(_ text: String, range: ClosedRange<Int>, name: String) throws(ParseError) -> Field {
        if text == "*" { return .any }
        var values: Set<Int> = []
        for item in text.split(separator: ",", omittingEmptySubsequences: false) {
            let stepParts = item.split(separator: "/", omittingEmptySubsequences: false)
            guard stepParts.count <= 2 else { throw ParseError(message: "\(name) '\(item)' has more than one '/'") }
            var step = 0
            if stepParts.count == 2 {
                guard let parsed = Int(stepParts[1]), parsed > 0 else { throw ParseError(message: "\(name) step in '\(item)' must be a positive number") }
                step = parsed
            }
            let base = String(stepParts[0])
            let lower: Int
            var upper: Int
            if base == "*" {
                (lower, upper) = (range.lowerBound, range.upperBound)
            } else if base.contains("..") {
                let bounds = base.components(separatedBy: "..")
                guard bounds.count == 2, let a = Int(bounds[0]), let b = Int(bounds[1]), a <= b else {
                    throw ParseError(message: "\(name) range '\(base)' is not like 9..18")
                }
                (lower, upper) = (a, b)
            } else {
                guard let value = Int(base) else { throw ParseError(message: "\(name) '\(base)' is not a number") }
                (lower, upper) = (value, value)
            }
            if step > 0 && !base.contains("..") { upper = range.upperBound }
            guard range.contains(lower), range.contains(upper) else {
                throw ParseError(message: "\(name) '\(item)' is outside \(range.lowerBound)…\(range.upperBound)")
            }
            values.formUnion(stride(from: lower, through: upper, by: max(step, 1)))
        }
        return Field(values: values.sorted())
    }
}
