public import Foundation

/// A report's figures as people read them, the same in the weekly mail and on the web.
extension Wording {
    /// "42%", or "—" without a value.
    public func percent(_ value: Double?) -> String {
        // Bounded before the conversion: Int(Double) traps on NaN, infinity and huge values.
        value.flatMap { abs($0) < 1e6 ? "\(Int(($0 * 100).rounded()))%" : nil } ?? "—"
    }

    /// "5 (2 ▲)": this period's figure, the one before beside it, and which way it went.
    public func compared(_ now: Int, _ before: Int) -> String {
        "\(now) (\(before)\(now > before ? " ▲" : now < before ? " ▼" : ""))"
    }

    /// "40% (25% ▲)".
    public func compared(_ now: Double?, _ before: Double?) -> String {
        let trend = now.flatMap { n in before.map { b in n > b ? " ▲" : n < b ? " ▼" : "" } } ?? ""
        return "\(percent(now)) (\(percent(before))\(trend))"
    }

    /// A span, or "—" without one.
    public func duration(_ seconds: TimeInterval?) -> String { seconds.map { duration($0) } ?? "—" }
}
