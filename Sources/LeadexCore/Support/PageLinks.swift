public import Foundation

/// Where the web workspace's pages are, for the links in mails: `[web] public_url` and the
/// page's path. The one place that spells these paths; without a public URL there are no links
/// (and the mails read as they did before links).
public struct PageLinks: Sendable, Hashable {
    /// `https://leads.example.ru`, as the config reader checked it (an origin, no trailing slash).
    public let base: String?

    public init(publicURL: String?) {
        var base = publicURL
        while base?.hasSuffix("/") == true { base?.removeLast() }
        self.base = base?.isEmpty == true ? nil : base
    }

    public static let none = PageLinks(publicURL: nil)

    public static func dealPath(_ id: LeadID) -> String { "/deals/\(id)" }
    public static let exchangePath = "/exchange"
    public static let ownDealsPath = "/deals"
    public static let adminStatusPath = "/admin/status"

    /// The head's report page for the local days of `[since, until)` in `zone`: `from` is the
    /// first day, `to` the last one included (a week from Monday midnight to Monday midnight
    /// is `from=2026-11-23&to=2026-11-29`, as the mail's own period reads).
    public static func reportPath(since: Date, until: Date, zone: ZoneRules) -> String {
        let first = zone.civil(since)
        let last = zone.civil(until > since ? until.addingTimeInterval(-1) : since)
        return "/head/reports?from=\(day(first))&to=\(day(last))"
    }

    public func deal(_ id: LeadID?) -> String? { id.flatMap { url(Self.dealPath($0)) } }
    public var exchange: String? { url(Self.exchangePath) }
    public var ownDeals: String? { url(Self.ownDealsPath) }
    public var adminStatus: String? { url(Self.adminStatusPath) }
    public func report(since: Date, until: Date, zone: ZoneRules) -> String? { url(Self.reportPath(since: since, until: until, zone: zone)) }

    private func url(_ path: String) -> String? { base.map { $0 + path } }

    /// `2026-11-23`.
    private static func day(_ civil: CivilTime) -> String {
        func padded(_ value: Int, _ width: Int) -> String {
            let digits = String(value.magnitude)
            return (value < 0 ? "-" : "") + String(repeating: "0", count: max(0, width - digits.count)) + digits
        }
        return padded(civil.year, 4) + "-" + padded(civil.month, 2) + "-" + padded(civil.day, 2)
    }
}
