public import Foundation

extension DurationText {
    /// How long something took, as people say it: "2 д 1 ч", "6 ч 13 мин", "25 мин" /
    /// "2 d 1 h", "6 h 13 min". Days drop the minutes; under a minute reads "0 мин". A negative
    /// or non-finite value (a clock moved back, a corrupt row) reads as zero rather than trapping.
    public static func spoken(_ seconds: TimeInterval, _ language: TextLanguage) -> String {
        // Bounded before the conversion: Int(Double) traps on NaN, infinity and huge values.
        let bounded = seconds.isFinite ? min(max(seconds, 0), 1e12) : 0
        let total = Int((bounded / 60).rounded())
        let (days, hours, minutes) = (total / 1440, total / 60 % 24, total % 60)
        let units = language == .ru ? ("д", "ч", "мин") : ("d", "h", "min")
        var parts: [String] = []
        if days > 0 { parts.append("\(days) \(units.0)") }
        if hours > 0 { parts.append("\(hours) \(units.1)") }
        if minutes > 0 && days == 0 { parts.append("\(minutes) \(units.2)") }
        return parts.isEmpty ? "0 \(units.2)" : parts.joined(separator: " ")
    }

    /// ``spoken(_:_:)`` for a configured `Duration` (a norm, a threshold).
    public static func spoken(_ duration: Duration, _ language: TextLanguage) -> String {
        spoken(TimeInterval(duration.components.seconds), language)
    }
}
