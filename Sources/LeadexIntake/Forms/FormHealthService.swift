public import LeadexCore
internal import Logging
public import ServiceLifecycle

/// Runs the form health check's timed part while the daemon runs: probe deadlines and the
/// silence watch, once a minute. Submitting the probes is the weekly job's (``FormProbeJob/run(now:)``);
/// this only watches for what comes back, or does not. Stands in for the scheduler's tick until
/// that exists.
public final class FormHealthService: Service, Sendable {
    private let job: FormProbeJob
    private let clock: any WallClock
    private let interval: Duration

    public init(job: FormProbeJob, clock: any WallClock, interval: Duration = .seconds(60)) {
        self.job = job
        self.clock = clock
        self.interval = interval
    }

    public func run() async throws {
        await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                _ = await self.job.checkDeadlines(now: self.clock.now())
                _ = await self.job.checkSilence(now: self.clock.now())
                do { try await Task.sleep(for: self.interval) } catch { return }
            }
        }
    }
}
