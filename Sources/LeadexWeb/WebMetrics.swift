internal import CoreMetrics
internal import LeadexStore

/// The workspace's metrics, through swift-metrics like the store's (a no-op until the daemon
/// bootstraps its metrics endpoint): login attempts by result, and the live streams open now.
enum WebMetrics {
    enum LoginResult: String, CaseIterable {
        case ok, failed, throttled
    }

    static func login(_ result: LoginResult) { counter(result).increment() }

    private static func counter(_ result: LoginResult) -> Counter {
        Counter(label: MetricCatalog.webLogins, dimensions: [("result", result.rawValue)])
    }

    /// Every series at zero from the start, so that a scrape shows them before the first login
    /// and rate() sees the first one.
    static func start() {
        for result in LoginResult.allCases { counter(result).increment(by: 0) }
        streamsOpen.set(0.0)
    }

    /// A gauge: each stream adds one while it is open.
    private static var streamsOpen: Meter { Meter(label: MetricCatalog.webStreamsOpen) }

    static func streamOpened() { streamsOpen.increment() }

    static func streamClosed() { streamsOpen.decrement() }
}
