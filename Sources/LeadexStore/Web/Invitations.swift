public import Foundation
internal import GRDB
public import LeadexCore
internal import Logging

/// What a one-time password link is for: a user without a password is invited, one with a
/// password gets a reset (the mail says which).
public enum InvitationPurpose: String, Sendable, Hashable {
    case invitation
    case reset
}

/// A one-time link that is still good: whose it is and until when.
public struct PendingInvitation: Sendable, Hashable {
    public var login: UserLogin
    public var purpose: InvitationPurpose
    public var expiresAt: Date
}

/// One-time password links. As with sessions, the caller hashes: the store sees only the
/// token's SHA-256. The mail with the link goes into the outbox in the transaction that stores
/// the link, so that a link exists exactly when its mail is on its way.
extension ExchangeStore {
    /// Stores a link for `login` valid for `validity`, replacing any earlier one, and queues the
    /// mail `compose` makes for the link's purpose, expiry and the time now — in one transaction. Throws
    /// ``RuleViolation`` for a login not in the config, and whatever `compose` throws (then
    /// nothing is stored).
    @discardableResult
    public func issueInvitation(
        tokenHash: String, for login: UserLogin, validity: Duration,
        compose: @escaping @Sendable (_ purpose: InvitationPurpose, _ expires: Date, _ now: Date) throws -> OutgoingMail
    ) async throws -> PendingInvitation {
        guard policy.users[login] != nil else { throw RuleViolation.unknownUser(login) }
        let now = clock.now()
        let expires = now.addingTimeInterval(validity.timeInterval)
        let purpose = try await database.pool.write { db -> InvitationPurpose in
            let hasPassword = try Bool.fetchOne(db, sql: "SELECT 1 FROM web_password WHERE login = ?", arguments: [login.rawValue]) ?? false
            let purpose: InvitationPurpose = hasPassword ? .reset : .invitation
            let mail = try compose(purpose, expires, now)
            try db.execute(sql: "DELETE FROM web_invitation WHERE login = ?", arguments: [login.rawValue])
            try db.execute(
                sql: "INSERT INTO web_invitation (login, token_hash, purpose, created_at, expires_at) VALUES (?, ?, ?, ?, ?)",
                arguments: [login.rawValue, tokenHash, purpose.rawValue, StoredTime.text(now), StoredTime.text(expires)])
            _ = try Outbox.insert(mail, db: db, at: now)
            return purpose
        }
        logger.notice(
            purpose == .reset ? "password reset link queued" : "invitation queued",
            metadata: ["user": "\(login)", "action": "invite", "expires": "\(StoredTime.text(expires))"])
        return PendingInvitation(login: login, purpose: purpose, expiresAt: expires)
    }

    /// The link whose token hashes to `tokenHash`, if it is unused, unexpired and its user is
    /// still in the config.
    public func invitation(tokenHash: String) async throws -> PendingInvitation? {
        let now = clock.now()
        // A Sendable result, so that this is GRDB's async read, not the blocking one (see webSession).
        let found = try await database.pool.read { db -> (login: String, purpose: String, expiresAt: Date)? in
            guard
                let row = try Row.fetchOne(
                    db, sql: "SELECT login, purpose, expires_at FROM web_invitation WHERE token_hash = ? AND expires_at > ?",
                    arguments: [tokenHash, StoredTime.text(now)])
            else { return nil }
            return (row["login"], row["purpose"], row["expires_at"])
        }
        guard let found, let purpose = InvitationPurpose(rawValue: found.purpose) else { return nil }
        let login = UserLogin(rawValue: found.login)
        guard policy.users[login] != nil else { return nil }
        return PendingInvitation(login: login, purpose: purpose, expiresAt: found.expiresAt)
    }

    /// Uses the link: sets the password hash, ends the user's sessions and deletes the link, in
    /// one transaction. `nil` (and nothing changed) when the link is unknown, used or expired.
    public func redeemInvitation(tokenHash: String, passwordHash: String) async throws -> PendingInvitation? {
        let now = clock.now()
        let policy = policy
        let redeemed = try await database.pool.write { db -> PendingInvitation? in
            guard
                let row = try Row.fetchOne(
                    db, sql: "SELECT login, purpose, expires_at FROM web_invitation WHERE token_hash = ? AND expires_at > ?",
                    arguments: [tokenHash, StoredTime.text(now)]),
                let purpose = InvitationPurpose(rawValue: row["purpose"])
            else { return nil }
            let login = UserLogin(rawValue: row["login"])
            guard policy.users[login] != nil else { return nil }
            try db.execute(sql: "DELETE FROM web_invitation WHERE token_hash = ?", arguments: [tokenHash])
            try Self.storePassword(passwordHash, for: login, db: db, at: now)
            return PendingInvitation(login: login, purpose: purpose, expiresAt: row["expires_at"])
        }
        if let redeemed {
            logger.notice("web password set through a one-time link", metadata: ["user": "\(redeemed.login)", "action": "set-password"])
        }
        return redeemed
    }
}
