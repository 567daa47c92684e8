public import Foundation
internal import Synchronization

/// How each mailbox's service is faring, for `leadexctl status`. Kept in memory: an outage is
/// what this running daemon saw (its journal has the story), not data to keep across restarts;
/// a mailbox that could not even start (a missing password file) is marked failing at once.
public final class MailboxHealthBoard: Sendable {
    public struct Health: Sendable, Hashable {
        /// The end of the last pass that worked.
        public var lastPass: Date?
        /// Set from the first failed pass of an outage until a pass works again.
        public var failingSince: Date?
        public var lastError: String?
    }

    private let state = Mutex<[String: Health]>([:])
    private let now: @Sendable () -> Date

    public init(now: @escaping @Sendable () -> Date = { Date() }) { self.now = now }

    public func health(of mailbox: String) -> Health? { state.withLock { $0[mailbox] } }

    func passed(_ mailbox: String) {
        let at = now()
        state.withLock { $0[mailbox] = Health(lastPass: at, failingSince: nil, lastError: nil) }
    }

    public func failed(_ mailbox: String, error: String) {
        let at = now()
        state.withLock { board in
            var health = board[mailbox] ?? Health()
            health.failingSince = health.failingSince ?? at
            health.lastError = error
            board[mailbox] = health
        }
    }
}
