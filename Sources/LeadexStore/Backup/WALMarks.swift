internal import GRDB

/// Snapshots taken while the copy runs, oldest first, so that what the daemon wrote meanwhile is
/// checkpointed afterwards in slices instead of all at once.
///
/// A checkpoint copies WAL frames into the database file only up to the oldest snapshot still
/// being read (its "read mark", sqlite.org/wal.html). Each mark here is a read transaction begun
/// at a quarter, a half and three quarters of the copy. After the copy: checkpoint, end the
/// oldest mark, checkpoint again… each round ends in an fsync of about a quarter of the data,
/// rather than one fsync of everything, which the daemon's commits (fsyncing the WAL on the same
/// disk) would queue behind.
final class WALMarks {
    private let path: String
    private var marks: [DatabaseQueue] = []
    /// SQLite has four read-mark slots for snapshots in the WAL (WAL_NREADER - 1); the copy holds
    /// one, the marks three, and a reader finding none free shares an older one, which is safe.
    private var thresholds: [Double] = [0.25, 0.5, 0.75]

    init(path: String) { self.path = path }

    /// Takes the next mark once the copy has come that far. A mark that cannot be taken only
    /// makes the catch-up coarser.
    func mark(progress: Double) {
        guard let next = thresholds.first, progress >= next else { return }
        thresholds.removeFirst()
        var configuration = Configuration()
        configuration.readonly = true
        // The read transaction outlives this access on purpose: it is the mark.
        configuration.allowsUnsafeTransactions = true
        do {
            let queue = try DatabaseQueue(path: path, configuration: configuration)
            try queue.inDatabase { db in
                try db.beginTransaction(.deferred)
                // The snapshot begins at the first read.
                _ = try Int.fetchOne(db, sql: "SELECT count(*) FROM sqlite_schema")
            }
            marks.append(queue)
        } catch {
            return
        }
    }

    /// Checkpoints up to each mark in turn, ending each after, then everything.
    func catchUp(_ checkpoint: () throws -> Void) throws {
        while !marks.isEmpty {
            try checkpoint()
            release(marks.removeFirst())
        }
        try checkpoint()
    }

    private func release(_ mark: DatabaseQueue) {
        try? mark.inDatabase { db in try db.rollback() }
        try? mark.close()
    }

    deinit {
        for mark in marks { release(mark) }
    }
}
