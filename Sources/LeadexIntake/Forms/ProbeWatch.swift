internal import Foundation
public import LeadexCore
internal import LeadexStore
internal import Logging

extension FormProbeJob {
    /// `probe-forms`' wait for the probes it has just `sent`: reads intake, settles what is due,
    /// then looks each probe up in the store — the running daemon's deadline job may have
    /// settled it first — until every one has an outcome, sleeping `every` on `clock` between
    /// rounds. It never waits past the latest deadline: what has no outcome by then (the store
    /// unreadable) is reported failing. Every outcome is reported as it is seen and returned.
    public func watch(
        _ sent: [ProbeOutcome], clock: any SleepingClock, every interval: Duration = .seconds(5),
        readIntake: () async -> Void, report: (ProbeOutcome) -> Void = { _ in }
    ) async -> [ProbeOutcome] {
        var waiting: [String: String] = [:]
        var latest: Date?
        for case .sent(let form, let token, let deadline) in sent {
            waiting[token] = form
            latest = max(latest ?? deadline, deadline)
        }
        guard let latest else { return [] }
        var outcomes: [ProbeOutcome] = []
        func seen(_ outcome: ProbeOutcome, token: String) {
            report(outcome)
            outcomes.append(outcome)
            waiting[token] = nil
        }
        while !waiting.isEmpty {
            await readIntake()
            let now = clock.now()
            for outcome in await checkDeadlines(now: now) { seen(outcome, token: outcome.token) }
            // Settled by someone else: the store has the outcome, this process never saw it.
            do {
                for probe in try await store.probes(Array(waiting.keys)) where probe.state != .pending {
                    guard let form = waiting[probe.token] else { continue }
                    let outcome: ProbeOutcome = probe.state.isHealthy
                        ? .arrived(form: form, token: probe.token)
                        : .failed(form: form, token: probe.token, reason: probe.failingReason ?? probe.state.rawValue)
                    seen(outcome, token: probe.token)
                }
            } catch {
                logger.error("cannot read the form probes: \(error)")
            }
            if waiting.isEmpty { break }
            if now > latest {
                for (token, form) in waiting.sorted(by: { $0.key < $1.key }) {
                    seen(.failed(form: form, token: token, reason: "no outcome by its deadline \(FormStatusText.utc(latest))"), token: token)
                }
                break
            }
            // Just past the latest deadline at most: the settling there marks what is still out missed.
            let next = min(now.addingTimeInterval(TimeInterval(interval.components.seconds)), latest.addingTimeInterval(1))
            do { try await clock.sleep(until: next) } catch { break }
        }
        return outcomes
    }
}
