internal import Foundation
internal import LeadexCore
internal import LeadexStore
internal import Synchronization

/// Uploads whose dry run an admin has seen and may confirm, each under a one-time key: the
/// confirm imports these bytes (never a file sent again) against this preview. One per admin
/// (a new upload replaces the last), in memory for 30 minutes: a restart or a stale tab means
/// uploading again, which costs a click, while a spreadsheet of clients kept on disk would be
/// one more copy of the base to protect.
///
/// A key is taken once: a second submit of the same confirm (a double click, a reload) finds it
/// running or done and is shown the one import's result instead of importing again.
final class PendingImports: Sendable {
    struct Upload: Sendable {
        var key: String
        var login: UserLogin
        var file: String
        var bytes: [UInt8]
        var preview: ImportOutcome
        var madeAt: Date
    }

    enum Claim: Sendable {
        /// The caller runs the import now; it reports back with ``finish(_:key:)`` or ``release(_:)``.
        case run(Upload)
        /// Another request is importing it at this moment.
        case running
        /// Imported already: its result.
        case done(ImportOutcome, file: String)
        /// Unknown, another admin's, replaced, or too old.
        case gone
    }

    private enum State {
        case waiting(Upload)
        case running(Upload)
        case done(ImportOutcome, file: String, login: UserLogin, at: Date)
    }

    static let lifetime: TimeInterval = 30 * 60

    private let states = Mutex<[String: State]>([:])

    /// Keeps `upload` for confirmation, dropping its admin's earlier one still waiting and
    /// anything past its lifetime.
    func keep(_ upload: Upload, now: Date) {
        states.withLock { states in
            states = states.filter { _, state in
                switch state {
                case .waiting(let other): other.login != upload.login && now.timeIntervalSince(other.madeAt) < Self.lifetime
                case .running: true
                case .done(_, _, _, let at): now.timeIntervalSince(at) < Self.lifetime
                }
            }
            states[upload.key] = .waiting(upload)
        }
    }

    /// Claims `key` for `login`'s confirm.
    func claim(_ key: String, login: UserLogin, now: Date) -> Claim {
        states.withLock { states in
            switch states[key] {
            case .waiting(let upload) where upload.login == login && now.timeIntervalSince(upload.madeAt) < Self.lifetime:
                states[key] = .running(upload)
                return .run(upload)
            case .running(let upload) where upload.login == login: return .running
            case .done(let outcome, let file, let by, _) where by == login: return .done(outcome, file: file)
            default: return .gone
            }
        }
    }

    /// The import of `key` committed.
    func finish(_ outcome: ImportOutcome, key: String, now: Date) {
        states.withLock { states in
            guard case .running(let upload) = states[key] else { return }
            states[key] = .done(outcome, file: upload.file, login: upload.login, at: now)
        }
    }

    /// The import of `upload` did not happen (an error, the base changed): it is no longer offered.
    func release(_ upload: Upload) {
        states.withLock { states in
            if case .running = states[upload.key] { states[upload.key] = nil }
        }
    }

    /// The result of `key`, imported by `login`.
    func result(_ key: String, login: UserLogin) -> (outcome: ImportOutcome, file: String)? {
        states.withLock { states in
            if case .done(let outcome, let file, let by, _) = states[key], by == login { return (outcome, file) }
            return nil
        }
    }
}
