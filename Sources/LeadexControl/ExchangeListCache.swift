internal import NIOCore
internal import Synchronization

/// The exchange list as encoded JSON, the same for every caller: kept while no lead changes in
/// this process, and at most `lifetime`, since other processes (`leadexd run-job sweep`) write
/// to the same database unseen. Fifty managers refreshing the exchange then cost one query and
/// one encoding per change, not one per refresh.
final class ExchangeListCache: Sendable {
    private struct Entry {
        var generation: UInt64
        var madeAt: ContinuousClock.Instant
        var body: ByteBuffer
    }

    private let entry = Mutex<Entry?>(nil)
    private let lifetime: Duration

    init(lifetime: Duration = .seconds(1)) { self.lifetime = lifetime }

    /// The body made at `generation`, if it is still fresh at `now`.
    func body(at generation: UInt64, now: ContinuousClock.Instant) -> ByteBuffer? {
        entry.withLock { entry in
            guard let entry, entry.generation == generation, now - entry.madeAt < lifetime else { return nil }
            return entry.body
        }
    }

    /// Keeps `body`, read from the leads at `generation` (taken before reading them).
    func keep(_ body: ByteBuffer, at generation: UInt64, madeAt: ContinuousClock.Instant) {
        entry.withLock { entry in
            if let current = entry, current.generation > generation { return }
            entry = Entry(generation: generation, madeAt: madeAt, body: body)
        }
    }
}
