public import Foundation
public import LeadexCore
internal import ServiceLifecycle
internal import Synchronization

/// The wait between two passes of a service loop (the scheduler, the outbox sender): until a
/// deadline on the injected clock, cut short by `wake()` (new work) or `stop()` (shutdown). A wake
/// that comes while a pass runs is kept, so the next wait returns at once and no work is missed.
final class LoopAlarm: Sendable {
    private struct State {
        var sleeper: Task<Void, Never>?
        var woken = false
        var stopped = false
    }

    private let state = Mutex(State())
    private let clock: any SleepingClock

    init(clock: any SleepingClock) { self.clock = clock }

    var isStopped: Bool { state.withLock { $0.stopped } }

    func wake() {
        state.withLock { state in
            state.woken = true
            state.sleeper?.cancel()
        }
    }

    func stop() {
        state.withLock { state in
            state.stopped = true
            state.sleeper?.cancel()
        }
    }

    /// Sleeps until `deadline`, unless woken since the last wait or stopped.
    func sleep(until deadline: Date) async {
        let clock = self.clock
        let sleeper = state.withLock { state -> Task<Void, Never>? in
            if state.stopped || state.woken {
                state.woken = false
                return nil
            }
            let task = Task { _ = try? await clock.sleep(until: deadline) }
            state.sleeper = task
            return task
        }
        await sleeper?.value
        state.withLock { state in
            state.sleeper = nil
            state.woken = false
        }
    }

    /// Runs `loop` until the service group shuts down gracefully or the task is cancelled; both
    /// stop the alarm, which ends the loop's current wait.
    func run(_ loop: @escaping @Sendable () async -> Void) async {
        try? await cancelWhenGracefulShutdown {
            await withTaskCancellationHandler {
                await loop()
            } onCancel: {
                self.stop()
            }
        }
    }
}
