public import LeadexConfig
public import LeadexCore
public import LeadexJobs
public import LeadexStore

/// One-time password links by mail: `leadexd invite LOGIN` and the admins' users page both come
/// here. A user without a password is invited, one with a password gets a reset link; the mail
/// goes through the durable outbox in the transaction that stores the link (only its SHA-256).
public struct Invitations: Sendable {
    /// Why no link was sent; nothing was stored.
    public struct Refusal: Error, Sendable, Hashable, CustomStringConvertible {
        public enum Reason: Sendable, Hashable {
            /// Without `[web] public_url` there is no address to put in the mail.
            case noPublicURL
            case unknownUser
            case noEmail
        }

        public let reason: Reason
        public let login: UserLogin

        public var description: String {
            switch reason {
            case .noPublicURL: "[web] public_url is not set: a link needs the address people open the workspace at"
            case .unknownUser: "there is no [[user]] with login '\(login)' in the configuration"
            case .noEmail: "[[user]] '\(login)' has no email to mail the link to"
            }
        }
    }

    /// A link sent: what for, to whom, until when.
    public struct Sent: Sendable, Hashable {
        public var invitation: PendingInvitation
        public var email: String
    }

    let store: ExchangeStore
    let mailer: Mailer
    /// Wakes the outbox sender of this process, if it has one (the daemon's web pages); another
    /// process's mail is found by the daemon's sender watching the database.
    let mailAdded: @Sendable () -> Void

    public init(store: ExchangeStore, mailer: Mailer, mailAdded: @escaping @Sendable () -> Void = {}) {
        self.store = store
        self.mailer = mailer
        self.mailAdded = mailAdded
    }

    /// The path of a link's page, without the origin.
    static func path(_ token: String) -> String { "/password/\(token)" }

    /// Mails `login` a new one-time link under `settings` (its public URL and validity).
    public func send(to login: UserLogin, settings: WebSettings) async throws -> Sent {
        guard let user = store.policy.users[login] else { throw Refusal(reason: .unknownUser, login: login) }
        guard let email = user.email, !email.isEmpty else { throw Refusal(reason: .noEmail, login: login) }
        guard let origin = settings.publicURL else { throw Refusal(reason: .noPublicURL, login: login) }
        let token = RandomToken.make()
        let link = origin + Self.path(token)
        let mailer = mailer
        let invitation = try await store.issueInvitation(
            tokenHash: RandomToken.storedHash(of: token), for: login, validity: settings.invitationValidity
        ) { purpose, expires, now in
            let context: [String: Any] = ["name": user.name, "login": login.rawValue, "link": link, "expires": mailer.format(expires)]
            let kind: OutgoingMail.Kind = purpose == .reset ? .passwordReset : .invitation
            let template = purpose == .reset ? "password_reset" : "invitation"
            // There is a recipient: the mailer returns nil only without one.
            guard let mail = mailer.mail(kind, template: template, context: context, to: [email], at: now) else {
                throw Refusal(reason: .noEmail, login: login)
            }
            return mail
        }
        mailAdded()
        return Sent(invitation: invitation, email: email)
    }
}
