public import Foundation
public import LeadexConfig
internal import LeadexStore
internal import Prometheus

/// A mailbox's health as intake last saw it (the daemon's MailboxHealthBoard).
public struct InboxHealthReading: Sendable {
    public var name: String
    public var lastPass: Date?
    public var failing: Bool

    public init(name: String, lastPass: Date?, failing: Bool) {
        self.name = name
        self.lastPass = lastPass
        self.failing = failing
    }
}

/// Sets the gauges from the store and the health boards just before an exposition.
struct ScrapeGauges {
    let registry: PrometheusCollectorRegistry
    let store: ExchangeStore
    let forms: [FormSettings]
    let backupDirectory: String
    let untakenAfter: Duration
    let inboxes: @Sendable () -> [InboxHealthReading]
    let version: String

    func update(now: Date) async throws {
        let readings = try await store.readings()
        set(MetricCatalog.exchangeLeads, Double(readings.exchangeLeads))
        set(MetricCatalog.exchangeOldestAge, readings.oldestLanding.map { max(0, now.timeIntervalSince($0)) } ?? 0)
        set(MetricCatalog.conditionalRefusals, Double(readings.conditionalRefusals))
        set(MetricCatalog.outboxWaiting, Double(readings.outboxWaiting))
        set(MetricCatalog.outboxSent, Double(readings.outboxSent))
        set(MetricCatalog.outboxFailed, Double(readings.outboxFailed))
        for (job, at) in readings.jobLastSuccess {
            set(MetricCatalog.jobLastSuccess, at.timeIntervalSince1970, labels: [("job", job)])
        }
        for inbox in inboxes() {
            set(MetricCatalog.inboxLastPass, inbox.lastPass?.timeIntervalSince1970 ?? 0, labels: [("inbox", inbox.name)])
            set(MetricCatalog.inboxFailing, inbox.failing ? 1 : 0, labels: [("inbox", inbox.name)])
        }
        let statuses = Dictionary(try await store.formStatuses().map { ($0.form, $0) }, uniquingKeysWith: { first, _ in first })
        for form in forms {
            let status = statuses[form.name]
            let failing = status?.feedProblem != nil || status?.failingSince != nil
            set(MetricCatalog.formLastPass, status?.lastPollAt?.timeIntervalSince1970 ?? 0, labels: [("form", form.name)])
            set(MetricCatalog.formFailing, failing ? 1 : 0, labels: [("form", form.name)])
        }
        let backup = Self.newestFile(in: backupDirectory)
        set(MetricCatalog.backupLastTimestamp, backup?.modified ?? 0)
        set(MetricCatalog.backupLastSize, backup?.size ?? 0)
        set(MetricCatalog.buildInfo, 1, labels: [("version", version)])
        set(MetricCatalog.untakenThreshold, Double(untakenAfter.components.seconds))
    }

    private func set(_ name: String, _ value: Double, labels: [(String, String)] = []) {
        registry.makeGauge(name: name, labels: labels, help: MetricCatalog.help[name] ?? "").set(value)
    }

    /// The newest backup: the most recently modified regular file in the backup directory.
    static func newestFile(in directory: String) -> (modified: Double, size: Double)? {
        let manager = FileManager.default
        guard let names = try? manager.contentsOfDirectory(atPath: directory) else { return nil }
        var newest: (modified: Double, size: Double)?
        for name in names where !name.hasPrefix(".") {
            guard let attributes = try? manager.attributesOfItem(atPath: (directory as NSString).appendingPathComponent(name)),
                attributes[.type] as? FileAttributeType == .typeRegular, let modified = attributes[.modificationDate] as? Date
            else { continue }
            let size = (attributes[.size] as? NSNumber)?.doubleValue ?? 0
            if modified.timeIntervalSince1970 > newest?.modified ?? -.infinity { newest = (modified.timeIntervalSince1970, size) }
        }
        return newest
    }
}
