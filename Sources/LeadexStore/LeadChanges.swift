internal import GRDB
internal import Synchronization

/// Counts the commits of this process that changed the `lead` table, so that a reader can keep
/// something derived from the leads (the exchange list the control socket serves to everyone)
/// until they change. Writers in other processes (`leadexd run-job`) are not seen: such a cache
/// also needs a short lifetime.
final class LeadChanges: TransactionObserver, Sendable {
    private let count = Atomic<UInt64>(0)
    // Only touched on the writer's queue, between a change and its commit or rollback.
    private let pending = Atomic<Bool>(false)

    var generation: UInt64 { count.load(ordering: .acquiring) }

    func observes(eventsOfKind eventKind: DatabaseEventKind) -> Bool { eventKind.tableName == "lead" }

    func databaseDidChange(with event: DatabaseEvent) {
        pending.store(true, ordering: .relaxed)
        // One change is enough to know: a backlog's batch inserts hundreds of leads per commit.
        stopObservingDatabaseChangesUntilNextTransaction()
    }

    func databaseDidCommit(_ db: Database) {
        if pending.exchange(false, ordering: .relaxed) { count.add(1, ordering: .releasing) }
    }

    func databaseDidRollback(_ db: Database) { pending.store(false, ordering: .relaxed) }
}
