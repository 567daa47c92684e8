internal import Foundation
internal import Glibc

/// Tells when some process writes to the database: the daemon's outbox sender learns this way
/// of mail that `probe-forms`, `run-job` or `backup-now` queued, within a fraction of a second
/// instead of at its hourly pass.
///
/// inotify on the database's directory, for writes to the file or its WAL (every commit in WAL
/// mode appends to the WAL with write(2); the -shm is mapped memory and raises no event). An
/// idle database raises nothing, so an idle daemon is not woken at all; under a stream of
/// commits, `onChange` is called at most four times a second. The directory is watched rather
/// than the WAL so that a WAL created, truncated or replaced later is still seen.
public final class DatabaseWriteWatcher: Sendable {
    /// inotify_init1(2) failed, or the directory cannot be watched (errno says why).
    public struct Unavailable: Error, CustomStringConvertible {
        public let operation: String
        public let errno: Int32
        public var description: String { "\(operation): \(String(cString: strerror(errno)))" }
    }

    private let inotify: Int32
    /// A pipe whose write end `stop()` writes to: it ends the blocking poll(2).
    private let stopPipe: (read: Int32, write: Int32)
    private let names: Set<String>
    /// Between two calls of `onChange`, so that a burst of commits costs one wake-up.
    static let coalesce: useconds_t = 250_000

    public init(databasePath: String) throws(Unavailable) {
        let url = URL(fileURLWithPath: databasePath)
        let base = url.lastPathComponent
        names = [base, base + "-wal", base + "-journal"]
        inotify = inotify_init1(Int32(IN_CLOEXEC))
        guard inotify >= 0 else { throw Unavailable(operation: "inotify_init1", errno: errno) }
        var fds: [Int32] = [0, 0]
        guard pipe(&fds) == 0 else {
            let error = errno
            close(inotify)
            throw Unavailable(operation: "pipe", errno: error)
        }
        stopPipe = (fds[0], fds[1])
        for fd in fds { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
        let mask = UInt32(IN_MODIFY) | UInt32(IN_CLOSE_WRITE) | UInt32(IN_CREATE) | UInt32(IN_MOVED_TO)
        guard inotify_add_watch(inotify, url.deletingLastPathComponent().path, mask) >= 0 else {
            let error = errno
            close(inotify)
            close(stopPipe.read)
            close(stopPipe.write)
            throw Unavailable(operation: "inotify_add_watch \(url.deletingLastPathComponent().path)", errno: error)
        }
    }

    deinit {
        close(inotify)
        close(stopPipe.read)
        close(stopPipe.write)
    }

    /// Ends ``watch(onChange:)`` (from any thread).
    public func stop() {
        var byte: UInt8 = 1
        _ = write(stopPipe.write, &byte, 1)
    }

    /// Calls `onChange` after writes to the database, on a thread of its own, until the task
    /// is cancelled.
    public func watch(onChange: @escaping @Sendable () -> Void) async {
        await withTaskCancellationHandler {
            await withCheckedContinuation { (done: CheckedContinuation<Void, Never>) in
                Thread.detachNewThread { [self] in
                    loop(onChange: onChange)
                    done.resume()
                }
            }
        } onCancel: {
            stop()
        }
    }

    private func loop(onChange: () -> Void) {
        var buffer = [UInt8](repeating: 0, count: 64 * 1024)
        while true {
            var descriptors = [pollfd(fd: inotify, events: Int16(POLLIN), revents: 0), pollfd(fd: stopPipe.read, events: Int16(POLLIN), revents: 0)]
            let ready = poll(&descriptors, 2, -1)
            if ready < 0 {
                if errno == EINTR { continue }
                return
            }
            if descriptors[1].revents != 0 { return }
            guard descriptors[0].revents != 0 else { continue }
            let count = buffer.withUnsafeMutableBytes { read(inotify, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR || errno == EAGAIN { continue }
                return
            }
            if Self.mentions(names, in: buffer[..<count]) {
                onChange()
                usleep(Self.coalesce)
            }
        }
    }

    /// Whether any event in `events` (struct inotify_event records) names one of `names`.
    static func mentions(_ names: Set<String>, in events: ArraySlice<UInt8>) -> Bool {
        // struct inotify_event { int wd; uint32_t mask, cookie, len; char name[len]; }
        let header = 16
        var offset = events.startIndex
        while offset + header <= events.endIndex {
            let length = Int(events[(offset + 12)..<(offset + 16)].withUnsafeBytes { $0.loadUnaligned(as: UInt32.self) })
            let start = offset + header
            let end = min(start + length, events.endIndex)
            let bytes = events[start..<end].prefix { $0 != 0 }
            if names.contains(String(decoding: bytes, as: UTF8.self)) { return true }
            offset = start + length
        }
        return false
    }
}
