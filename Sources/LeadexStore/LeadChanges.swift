internal import GRDB
internal import Synchronization

/// Counts the commits of this process that changed the `lead` table, so that a reader can keep
/// something derived from the leads (the exchange list the control socket serves to everyone)
/// until they change. Writers in other processes (`leadexd run-job`) are not seen: such a cache
/// also needs a short lifetime. Observers are told of each such commit (the web workspace's live
/// streams), so that nothing polls.
final class LeadChanges: TransactionObserver, Sendable {
    private let count = Atomic<UInt64>(0)
    // Only touched on the writer's queue, between a change and its commit or rollback.
    private let pending = Atomic<Bool>(false)
    private let observers = Mutex<(next: UInt64, actions: [UInt64: @Sendable (UInt64) -> Void])>((0, [:]))

    /// Calls `action` with the new generation after each commit that changed a lead, on the
    /// writer's queue: it must return at once (resume a continuation, yield to a stream).
    func observe(_ action: @escaping @Sendable (UInt64) -> Void) -> UInt64 {
        observers.withLock { observers in
            observers.next += 1
            observers.actions[observers.next] = action
            return observers.next
        }
    }

    func stopObserving(_ token: UInt64) { _ = observers.withLock { $0.actions.removeValue(forKey: token) } }

    var generation: UInt64 { count.load(ordering: .acquiring) }

    func observes(eventsOfKind eventKind: DatabaseEventKind) -> Bool { eventKind.tableName == "lead" }

    func databaseDidChange(with event: DatabaseEvent) {
        pending.store(true, ordering: .relaxed)
        // One change is enough to know: a backlog's batch inserts hundreds of leads per commit.
        stopObservingDatabaseChangesUntilNextTransaction()
    }

    func databaseDidCommit(_ db: Database) {
        guard pending.exchange(false, ordering: .relaxed) else { return }
        let generation = count.add(1, ordering: .releasing).newValue
        for action in observers.withLock({ Array($0.actions.values) }) { action(generation) }
    }

    func databaseDidRollback(_ db: Database) { pending.store(false, ordering: .relaxed) }
}

/// An observation started by ``ExchangeStore/observeLeadCommits(_:)``; `cancel()` ends it.
public struct LeadCommitObservation: Sendable {
    let end: @Sendable () -> Void
    public func cancel() { end() }
}
