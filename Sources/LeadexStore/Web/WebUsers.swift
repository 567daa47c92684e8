public import Foundation
internal import GRDB
public import LeadexCore
internal import Logging

/// A configured user as the admins' users page lists them: whether they can log in to the web,
/// when they last did, how many sessions they have open, and a link on its way.
public struct WebUserRow: Sendable, Hashable {
    public var user: User
    public var hasPassword: Bool
    public var lastLogin: Date?
    public var sessions: Int
    /// A one-time link (invitation or reset) mailed and not used yet.
    public var pendingLink: PendingInvitation?
}

/// The users page's reads and its one write that is not a link: ending someone's sessions.
/// Users themselves live in the config (`[[user]]`); the store knows only their web side.
extension ExchangeStore {
    /// Every configured user, by name, for an admin; anyone else is refused (and logged) by
    /// ``checkCanAdminister(_:page:)``.
    public func webUsers(as login: UserLogin) async throws -> [WebUserRow] {
        try checkCanAdminister(login, page: "users")
        let now = clock.now()
        // Only Sendable values leave the read: a closure returning GRDB rows would pick the
        // blocking `read`, which holds a thread of the cooperative pool.
        let (passwords, lastLogins, sessions, links) = try await database.pool.read { db -> (Set<String>, [String: Date], [String: Int], [PendingInvitation]) in
            let passwords = try Set(String.fetchAll(db, sql: "SELECT login FROM web_password"))
            var lastLogins: [String: Date] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT login, at FROM web_last_login") { lastLogins[row["login"]] = row["at"] }
            var sessions: [String: Int] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT login, count(*) AS n FROM web_session GROUP BY login") { sessions[row["login"]] = row["n"] }
            let links = try Row.fetchAll(
                db, sql: "SELECT login, purpose, expires_at FROM web_invitation WHERE expires_at > ?", arguments: [StoredTime.text(now)]
            ).compactMap { row -> PendingInvitation? in
                guard let purpose = InvitationPurpose(rawValue: row["purpose"]) else { return nil }
                return PendingInvitation(login: UserLogin(rawValue: row["login"]), purpose: purpose, expiresAt: row["expires_at"])
            }
            return (passwords, lastLogins, sessions, links)
        }
        let pending = Dictionary(links.map { ($0.login.rawValue, $0) }) { first, _ in first }
        return policy.users.values.sorted { ($0.name, $0.login.rawValue) < ($1.name, $1.login.rawValue) }.map { user in
            let key = user.login.rawValue
            return WebUserRow(
                user: user, hasPassword: passwords.contains(key), lastLogin: lastLogins[key], sessions: sessions[key] ?? 0, pendingLink: pending[key])
        }
    }

    /// Notes a successful web login, for the users page.
    public func recordLogin(_ login: UserLogin, client: String?) async throws {
        guard policy.users[login] != nil else { return }
        let now = clock.now()
        try await database.pool.write { db in
            try db.execute(
                sql: """
                    INSERT INTO web_last_login (login, at, client) VALUES (?, ?, ?)
                    ON CONFLICT (login) DO UPDATE SET at = excluded.at, client = excluded.client
                    """,
                arguments: [login.rawValue, StoredTime.text(now), client])
        }
    }

    /// Ends every web session of `target` (a lost phone, someone leaving), for an admin; returns
    /// how many there were. Logged with who did it.
    @discardableResult
    public func endWebSessions(of target: UserLogin, by admin: UserLogin) async throws -> Int {
        try checkCanAdminister(admin, page: "users")
        let ended = try await database.pool.write { db in
            try db.execute(sql: "DELETE FROM web_session WHERE login = ?", arguments: [target.rawValue])
            return db.changesCount
        }
        logger.notice(
            "web sessions ended", metadata: ["user": "\(admin)", "target": "\(target)", "sessions": "\(ended)", "action": "end-sessions"])
        return ended
    }
}
