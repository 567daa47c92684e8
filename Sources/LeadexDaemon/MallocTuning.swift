internal import CMalloc

/// Fixed thresholds for glibc's allocator, set once at start-up.
///
/// By default glibc adapts both thresholds as memory is freed and hands freed heap tops back
/// to the kernel. Under a mail backlog (SQLite's page cache and intake's batches allocated and
/// freed by several threads) that turned into a lottery: some runs re-faulted the same memory
/// 400,000 to 700,000 times (a second of kernel time for 10,000 messages), others 10,000 times.
/// With fixed thresholds every run takes about 5,500 faults; peak RSS is unchanged, and at most
/// 16 MB of freed heap stays with the process instead of being returned.
///
/// Blocks of 1 MB and more (messages near `max_message_mb`, their decoded text) are mapped on
/// their own and unmapped when freed: from the heaps of several threads' arenas they fragmented,
/// and a pass over 200 messages near a 2 MB limit peaked 25 MB above the ordinary backlog with a
/// 4 MB threshold, 7 MB with this one. The ordinary backlog's faults and CPU did not change.
enum MallocTuning {
    static let trimThreshold: Int32 = 16 << 20
    static let mmapThreshold: Int32 = 1 << 20

    static func apply() {
        _ = mallopt(M_TRIM_THRESHOLD, trimThreshold)
        _ = mallopt(M_MMAP_THRESHOLD, mmapThreshold)
    }
}
