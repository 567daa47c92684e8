public import Foundation

/// Turns wall-clock times of one zone into instants and back, deciding the two cases DST makes
/// hard. A local time skipped by a spring-forward change happens at the end of the gap (a 02:30
/// job runs at 03:00 that night instead of not at all); a local time that occurs twice in the
/// autumn happens at its first occurrence only.
public struct ZoneRules: Sendable {
    public let timeZone: TimeZone

    public init(_ timeZone: TimeZone) { self.timeZone = timeZone }

    /// The zone named in config, or the system's.
    public init?(identifier: String?) {
        guard let identifier else { self.init(TimeZone.current); return }
        guard let zone = TimeZone(identifier: identifier) else { return nil }
        self.init(zone)
    }

    public func civil(_ date: Date) -> CivilTime {
        let seconds = Int64(date.timeIntervalSince1970.rounded(.down))
        return CivilTime(localSeconds: seconds + Int64(timeZone.secondsFromGMT(for: date)))
    }

    /// The first instant showing `local` on this zone's clocks, or the end of the gap it fell in.
    public func instant(_ local: CivilTime) -> Date {
        let l = local.localSeconds
        let offsets = Set([
            timeZone.secondsFromGMT(for: Date(timeIntervalSince1970: TimeInterval(l - 86_400))),
            timeZone.secondsFromGMT(for: Date(timeIntervalSince1970: TimeInterval(l + 86_400))),
        ])
        let valid = offsets.map { l - Int64($0) }.filter { candidate in
            Int64(timeZone.secondsFromGMT(for: Date(timeIntervalSince1970: TimeInterval(candidate)))) == l - candidate
        }
        if let first = valid.min() { return Date(timeIntervalSince1970: TimeInterval(first)) }
        // In a gap: the change happens between the two readings; the first valid instant is it.
        let earliest = Date(timeIntervalSince1970: TimeInterval(l - Int64(offsets.max() ?? 0)))
        return timeZone.nextDaylightSavingTimeTransition(after: earliest)
            ?? Date(timeIntervalSince1970: TimeInterval(l - Int64(offsets.min() ?? 0)))
    }
}
