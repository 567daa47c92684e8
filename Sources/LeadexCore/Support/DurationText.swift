/// Durations as admins write them in config and schedules: `90s`, `15m`, `2h`, `3d`, `1w`, or a sum like `1h30m`.
public enum DurationText {
    public static func parse(_ text: String) -> Duration? {
        let units: [Character: Int64] = ["s": 1, "m": 60, "h": 3600, "d": 86_400, "w": 604_800]
        var total: Int64 = 0
        var number: Int64?
        var sawUnit = false
        for character in text where !character.isWhitespace {
            if let digit = character.wholeNumberValue, character.isASCII {
                let (shifted, overflow) = (number ?? 0).multipliedReportingOverflow(by: 10)
                guard !overflow else { return nil }
                number = shifted + Int64(digit)
            } else if let unit = units[character], let value = number {
                let (product, overflow) = value.multipliedReportingOverflow(by: unit)
                guard !overflow else { return nil }
                total += product
                number = nil
                sawUnit = true
            } else {
                return nil
            }
        }
        guard number == nil, sawUnit, total > 0 else { return nil }
        return .seconds(total)
    }

    /// The shortest text that parses back to `duration` (whole seconds).
    public static func format(_ duration: Duration) -> String {
        var seconds = duration.components.seconds
        var text = ""
        for (unit, size) in [("w", Int64(604_800)), ("d", 86_400), ("h", 3600), ("m", 60), ("s", 1)] where seconds >= size {
            text += "\(seconds / size)\(unit)"
            seconds %= size
        }
        return text.isEmpty ? "0s" : text
    }
}
