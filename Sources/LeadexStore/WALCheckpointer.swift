internal import Dispatch
internal import GRDB
internal import GRDBSQLite
internal import Synchronization

/// Copies the WAL back into the database file on a thread and connection of its own, so that
/// no commit of the pool's writer carries a checkpoint.
///
/// Left to SQLite, the commit that takes the WAL past 1,000 pages checkpoints inside the
/// writer's call: during a mail backlog nearly a fifth of the writer's time went to those
/// checkpoints (reading the WAL back, writing the pages, two fsyncs) while intake waited. Here
/// the writer's commit hook only notes the WAL's size and hands the work to this thread, which
/// runs PASSIVE checkpoints (they wait for no reader or writer) until less than a quarter of
/// the threshold is left.
///
/// Should this thread fall behind, the writer still checkpoints by itself once the WAL reaches
/// ``ceiling`` pages, as SQLite would. ``pause()`` stops both while a backup copies (see
/// ``DatabaseBackup``).
final class WALCheckpointer: Sendable {
    /// WAL pages that start a background checkpoint: SQLite's own automatic threshold.
    let threshold: Int32
    /// WAL pages past which the writer checkpoints inside its commit after all.
    let ceiling: Int32
    private let path: String
    /// Runs the checkpoints (internal for tests).
    let queue = DispatchQueue(label: "leadex.checkpoint")
    private let state = Mutex(State())
    /// Only ever used on ``queue``.
    private let connection = ConnectionBox()

    private struct State {
        var scheduled = false
        var pauses = 0
        var closed = false
    }

    init(path: String, threshold: Int32 = 1000, ceiling: Int32 = 4000) {
        self.path = path
        self.threshold = threshold
        self.ceiling = ceiling
    }

    /// Installs the commit hook on the pool's writer connection. Readers never commit.
    func install(on db: Database) {
        let context = Unmanaged.passRetained(HookContext(self)).toOpaque()
        sqlite3_wal_hook(db.sqliteConnection, walHook, context)
    }

    /// Whether checkpoints are paused (a backup is copying).
    var isPaused: Bool { state.withLock { $0.pauses > 0 } }

    /// No checkpoint starts until the matching ``resume()``. One already running finishes.
    func pause() { state.withLock { $0.pauses += 1 } }

    func resume() { state.withLock { $0.pauses = max(0, $0.pauses - 1) } }

    /// Waits for a running checkpoint and closes this thread's connection.
    func close() {
        state.withLock { $0.closed = true }
        let connection = self.connection
        queue.sync { connection.close() }
    }

    /// Called by the writer after each commit with the WAL's size in pages. Returns at once
    /// unless the WAL is past ``ceiling``.
    fileprivate func committed(frames: Int32, writer: OpaquePointer?, schema: UnsafePointer<CChar>?) {
        guard frames >= threshold else { return }
        let start = state.withLock { state -> Bool in
            guard state.pauses == 0, !state.closed, !state.scheduled else { return false }
            state.scheduled = true
            return true
        }
        if start {
            queue.async { [self] in run() }
        }
        if frames >= ceiling, !isPaused {
            // SQLITE_BUSY when this thread is checkpointing right now: as good.
            _ = sqlite3_wal_checkpoint_v2(writer, schema, SQLITE_CHECKPOINT_PASSIVE, nil, nil)
        }
    }

    private func run() {
        defer { state.withLock { $0.scheduled = false } }
        // Each round copies what was committed during the one before; a writer committing
        // without pause is left to the next commit's call.
        for _ in 0..<20 {
            guard state.withLock({ $0.pauses == 0 && !$0.closed }) else { return }
            do {
                let (frames, copied) = try connection.checkpoint(path: path)
                if frames - copied < max(1, Int(threshold) / 4) { return }
            } catch {
                // SQLITE_BUSY: another connection (a backup, the writer past the ceiling) is
                // checkpointing. Anything else is tried again after a later commit, and the
                // writer's ceiling bounds the WAL meanwhile.
                return
            }
        }
    }
}

/// The checkpointer's own connection, opened on first use and kept: a commit past the threshold
/// while a long read pins the WAL calls for a checkpoint after every commit.
private final class ConnectionBox: @unchecked Sendable {
    private var queue: DatabaseQueue?

    func checkpoint(path: String) throws -> (walFrameCount: Int, checkpointedFrameCount: Int) {
        if queue == nil {
            var configuration = Configuration()
            configuration.prepareDatabase { db in
                // The checkpoint syncs the WAL before copying and the database file after.
                try db.execute(sql: "PRAGMA synchronous = FULL")
            }
            queue = try DatabaseQueue(path: path, configuration: configuration)
        }
        return try queue!.writeWithoutTransaction { db in try db.checkpoint(.passive) }
    }

    func close() {
        try? queue?.close()
        queue = nil
    }
}

/// What the C hook gets: a weak reference, so that a connection outliving its checkpointer
/// calls nothing. Leaked once per writer connection (a few bytes).
private final class HookContext {
    weak var checkpointer: WALCheckpointer?
    init(_ checkpointer: WALCheckpointer) { self.checkpointer = checkpointer }
}

private func walHook(
    _ context: UnsafeMutableRawPointer?, _ db: OpaquePointer?, _ schema: UnsafePointer<CChar>?, _ frames: Int32
) -> Int32 {
    guard let context else { return SQLITE_OK }
    Unmanaged<HookContext>.fromOpaque(context).takeUnretainedValue().checkpointer?.committed(frames: frames, writer: db, schema: schema)
    return SQLITE_OK
}
