public import Foundation
internal import Hummingbird
public import LeadexControlAPI
internal import LeadexCore
public import LeadexStore

/// What the admin pages need from the daemon beyond the store: the status `leadexctl status`
/// shows (the same reply, gathered once by whoever runs the jobs and inboxes) and the backup
/// the weekly job and `leadexd backup-now` take.
public struct WebAdminHooks: Sendable {
    public var status: @Sendable () async throws -> StatusReply
    /// Takes one backup now into ``backupDirectory``, as the backup job does.
    public var backupNow: @Sendable () async throws -> BackupManifest
    /// `[backup] directory`: the backups page lists it.
    public var backupDirectory: String
    /// Mails invitations and reset links from the users page (the daemon's mailer and outbox,
    /// as `leadexd invite`); `nil`: the page lists users but sends nothing.
    public var invitations: Invitations?

    public init(
        status: @escaping @Sendable () async throws -> StatusReply, backupNow: @escaping @Sendable () async throws -> BackupManifest,
        backupDirectory: String, invitations: Invitations? = nil
    ) {
        self.status = status
        self.backupNow = backupNow
        self.backupDirectory = backupDirectory
        self.invitations = invitations
    }

    /// For a workspace without a daemon around it (tests of other pages): an empty status, no backups.
    static let none = WebAdminHooks(
        status: { StatusReply(jobs: [], inboxes: [], outboxPending: 0, outboxSent: 0) },
        backupNow: { throw HTTPError(.notFound) }, backupDirectory: "/nonexistent")
}

/// What every admin page shares: the rule asked before anything is read, and the tabs.
enum AdminPages {
    /// The admin's session, once the store's rule (`checkCanAdminister`, logged with RULE=role
    /// when refused) allows `login`; anyone else gets what a page that does not exist gets.
    static func session(_ context: WebContext, store: ExchangeStore, page: String) throws -> WebSession {
        let session = context.session!
        do {
            try store.checkCanAdminister(session.login, page: page)
        } catch {
            throw HTTPError(.notFound)
        }
        return session
    }

    /// The admin pages' tabs; `{{tab}}` names the current one.
    static let tabsTemplate = """
        <nav class="tabs" aria-label="{{a.adminPages}}">
        <a href="/admin/status"{{#tabStatus}} aria-current="page"{{/tabStatus}}>{{a.status}}</a>
        <a href="/admin/import"{{#tabImport}} aria-current="page"{{/tabImport}}>{{a.import}}</a>
        <a href="/admin/export"{{#tabExport}} aria-current="page"{{/tabExport}}>{{a.export}}</a>
        <a href="/admin/backups"{{#tabBackups}} aria-current="page"{{/tabBackups}}>{{a.backups}}</a>
        <a href="/admin/users"{{#tabUsers}} aria-current="page"{{/tabUsers}}>{{a.users}}</a>
        </nav>
        """

    /// An admin page: `name` in the layout, with its tab marked and the admin menu on.
    static func page(
        _ name: String, tab: String, title: String, values: [String: Any], session: WebSession, store: ExchangeStore, renderer: PageRenderer,
        scripts: [String] = [], status: HTTPResponse.Status = .ok
    ) -> Response {
        var values = values
        values[tab] = true
        values["csrf"] = session.csrfToken
        return renderer.page(
            name, title: "\(title) — Leadex", values: values, user: store.policy.users[session.login]?.name, role: store.policy.users[session.login]?.role,
            csrf: session.csrfToken,
            scripts: scripts, status: status)
    }
}

/// A short page for a request refused before any route: an upload over the limit.
enum ProblemPage {
    static let template = """
        <section class="problem">
        <p class="error" role="alert">{{message}}</p>
        {{#back}}<p><a href="{{back}}">← {{backTitle}}</a></p>{{/back}}
        </section>
        """
}
