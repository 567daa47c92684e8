public import CoreMetrics
public import Prometheus
internal import LeadexStore

/// swift-metrics onto swift-prometheus's registry, with the help text of ``MetricCatalog`` on
/// every family (Prometheus's linter wants it; the stock factory registers none) and the
/// speed-to-lead buckets.
public struct LeadexMetricsFactory: MetricsFactory {
    public let registry: PrometheusCollectorRegistry
    private let stock: PrometheusMetricsFactory

    public init(registry: PrometheusCollectorRegistry = PrometheusCollectorRegistry()) {
        self.registry = registry
        var stock = PrometheusMetricsFactory(registry: registry)
        stock.durationHistogramBuckets[MetricCatalog.timeToTake] = MetricCatalog.timeToTakeBuckets
        self.stock = stock
    }

    private func help(_ label: String) -> String { MetricCatalog.help[label] ?? "" }

    public func makeCounter(label: String, dimensions: [(String, String)]) -> any CounterHandler {
        registry.makeCounter(name: label, labels: dimensions, help: help(label))
    }

    public func makeFloatingPointCounter(label: String, dimensions: [(String, String)]) -> any FloatingPointCounterHandler {
        registry.makeCounter(name: label, labels: dimensions, help: help(label))
    }

    public func makeRecorder(label: String, dimensions: [(String, String)], aggregate: Bool) -> any RecorderHandler {
        stock.makeRecorder(label: label, dimensions: dimensions, aggregate: aggregate)
    }

    public func makeMeter(label: String, dimensions: [(String, String)]) -> any MeterHandler {
        registry.makeGauge(name: label, labels: dimensions, help: help(label))
    }

    public func makeTimer(label: String, dimensions: [(String, String)]) -> any TimerHandler {
        let buckets = stock.durationHistogramBuckets[label] ?? stock.defaultDurationHistogramBuckets
        return registry.makeDurationHistogram(name: label, labels: dimensions, buckets: buckets, help: help(label))
    }

    public func destroyCounter(_ handler: any CounterHandler) { stock.destroyCounter(handler) }
    public func destroyFloatingPointCounter(_ handler: any FloatingPointCounterHandler) { stock.destroyFloatingPointCounter(handler) }
    public func destroyRecorder(_ handler: any RecorderHandler) { stock.destroyRecorder(handler) }
    public func destroyMeter(_ handler: any MeterHandler) { stock.destroyMeter(handler) }
    public func destroyTimer(_ handler: any TimerHandler) { stock.destroyTimer(handler) }
}
