public import Foundation
internal import GRDB
public import LeadexCore
internal import Logging

/// A web session as the store keeps it: whose it is, its CSRF token, and when it began.
public struct WebSession: Sendable, Hashable {
    public var login: UserLogin
    public var csrfToken: String
    public var createdAt: Date
    public var lastSeenAt: Date
}

/// The web workspace's passwords and sessions. Hashing is the caller's (bcrypt for passwords,
/// SHA-256 for session ids): the store never sees a password or a session id.
extension ExchangeStore {
    /// A request refreshes its session's last-seen time at most this often: the idle timeout
    /// is hours, and a write per page view would be most of the workspace's writes.
    static let sessionTouchInterval: TimeInterval = 60

    /// Sets `login`'s password hash; their existing sessions end (a new password shuts out
    /// whoever knew the old one). Throws ``RuleViolation`` for a login not in the config.
    public func setPasswordHash(_ hash: String, for login: UserLogin) async throws {
        guard policy.users[login] != nil else { throw RuleViolation.unknownUser(login) }
        try await database.pool.write { [clock] db in try Self.storePassword(hash, for: login, db: db, at: clock.now()) }
        logger.notice("web password set", metadata: ["user": "\(login)", "action": "set-password"])
    }

    /// Stores a password hash and ends the user's sessions, in the caller's transaction.
    static func storePassword(_ hash: String, for login: UserLogin, db: Database, at now: Date) throws {
        try db.execute(
            sql: """
                INSERT INTO web_password (login, hash, set_at) VALUES (?, ?, ?)
                ON CONFLICT (login) DO UPDATE SET hash = excluded.hash, set_at = excluded.set_at
                """,
            arguments: [login.rawValue, hash, StoredTime.text(now)])
        try db.execute(sql: "DELETE FROM web_session WHERE login = ?", arguments: [login.rawValue])
    }

    /// `login`'s password hash, or `nil` when they have none or are not (any longer) in the config.
    public func passwordHash(of login: UserLogin) async throws -> String? {
        guard policy.users[login] != nil else { return nil }
        return try await database.pool.read { db in
            try String.fetchOne(db, sql: "SELECT hash FROM web_password WHERE login = ?", arguments: [login.rawValue])
        }
    }

    /// Starts a session; sessions past `absoluteTimeout` or `idleTimeout` are removed on the way,
    /// so that the table holds only live ones without a timer.
    public func startWebSession(
        idHash: String, csrfToken: String, for login: UserLogin, client: String?, idleTimeout: Duration, absoluteTimeout: Duration
    ) async throws {
        guard policy.users[login] != nil else { throw RuleViolation.unknownUser(login) }
        let now = clock.now()
        try await database.pool.write { db in
            try db.execute(
                sql: "DELETE FROM web_session WHERE created_at < ? OR last_seen_at < ?",
                arguments: [StoredTime.text(now - absoluteTimeout.timeInterval), StoredTime.text(now - idleTimeout.timeInterval)])
            try db.execute(
                sql: "INSERT INTO web_session (id_hash, login, csrf_token, created_at, last_seen_at, client) VALUES (?, ?, ?, ?, ?, ?)",
                arguments: [idHash, login.rawValue, csrfToken, StoredTime.text(now), StoredTime.text(now), client])
        }
    }

    /// The live session whose id hashes to `idHash`, its last-seen time moved to now; `nil`
    /// (and the row removed) when it is unknown, timed out, or its user left the config.
    public func webSession(idHash: String, idleTimeout: Duration, absoluteTimeout: Duration) async throws -> WebSession? {
        let now = clock.now()
        // The closure returns a Sendable value, so that this is GRDB's async read: with a `Row`
        // (not Sendable) it was the blocking one, whose wait for a free reader held a cooperative
        // thread, and two hundred streams opening at once deadlocked the daemon.
        let found = try await database.pool.read { db -> WebSession? in
            guard
                let row = try Row.fetchOne(
                    db, sql: "SELECT login, csrf_token, created_at, last_seen_at FROM web_session WHERE id_hash = ?", arguments: [idHash])
            else { return nil }
            return WebSession(
                login: UserLogin(rawValue: row["login"]), csrfToken: row["csrf_token"], createdAt: row["created_at"],
                lastSeenAt: row["last_seen_at"])
        }
        guard let session = found else { return nil }
        let expired = now.timeIntervalSince(session.createdAt) >= absoluteTimeout.timeInterval
            || now.timeIntervalSince(session.lastSeenAt) >= idleTimeout.timeInterval
        if expired || policy.users[session.login] == nil {
            try await endWebSession(idHash: idHash)
            return nil
        }
        guard now.timeIntervalSince(session.lastSeenAt) >= Self.sessionTouchInterval else { return session }
        try await database.pool.write { db in
            try db.execute(
                sql: "UPDATE web_session SET last_seen_at = ? WHERE id_hash = ? AND last_seen_at < ?",
                arguments: [StoredTime.text(now), idHash, StoredTime.text(now)])
        }
        return WebSession(login: session.login, csrfToken: session.csrfToken, createdAt: session.createdAt, lastSeenAt: now)
    }

    /// Ends a session (logout, or found timed out).
    public func endWebSession(idHash: String) async throws {
        try await database.pool.write { db in
            try db.execute(sql: "DELETE FROM web_session WHERE id_hash = ?", arguments: [idHash])
        }
    }

    /// How many sessions `login` has open (tests, and a later admin page).
    public func webSessionCount(of login: UserLogin) async throws -> Int {
        try await database.pool.read { db in
            try Int.fetchOne(db, sql: "SELECT count(*) FROM web_session WHERE login = ?", arguments: [login.rawValue]) ?? 0
        }
    }
}
