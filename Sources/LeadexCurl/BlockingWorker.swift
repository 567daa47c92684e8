internal import Dispatch

/// Runs blocking curl calls on a thread of their own. Swift's cooperative pool has one thread
/// per core; a mailbox waiting in IMAP IDLE on one of them would stall half the daemon on a
/// two-core server; an SMTP server taking its time must not stall the scheduler either.
public final class BlockingWorker: Sendable {
    private let queue: DispatchQueue

    public init(label: String) {
        queue = DispatchQueue(label: "leadex.\(label)")
    }

    public func run<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            queue.async { continuation.resume(with: Result { try body() }) }
        }
    }
}
