internal import Foundation
internal import Hummingbird
internal import LeadexCore
internal import LeadexStore
internal import Logging

/// Резервные копии: "Backup now" — the daemon's own backup (``WebAdminHooks/backupNow``, the
/// code of the weekly job and `leadexd backup-now`) — and the backups in `[backup] directory`
/// with their manifests, newest first.
struct BackupsPage: Sendable {
    let store: ExchangeStore
    let renderer: PageRenderer
    let hooks: WebAdminHooks
    let logger: Logger

    static let template = """
        <section class="admin backups-page">
        <h1>{{a.backups}}</h1>
        {{> admin-tabs}}
        {{#notice}}<p class="notice" role="status">{{notice}}</p>{{/notice}}
        {{#error}}<p class="error" role="alert">{{error}}</p>{{/error}}
        <div class="card">
        <p>{{a.backupHint}}</p>
        <form method="post" action="/admin/backups" class="once"><input type="hidden" name="csrf" value="{{csrf}}"><button type="submit">{{a.backupNow}}</button></form>
        </div>
        <div class="card">
        {{#hasBackups}}<div class="table"><table>
        <thead><tr><th>{{a.when}}</th><th>{{a.size}}</th><th>{{a.rows}}</th><th>{{a.verified}}</th><th>{{a.archive}}</th></tr></thead>
        <tbody>{{#backups}}<tr{{^verified}} class="bad"{{/verified}}><td data-label="{{a.when}}">{{when}}</td><td data-label="{{a.size}}">{{size}}</td><td data-label="{{a.rows}}">{{rows}}</td><td data-label="{{a.verified}}">{{verifiedText}}</td><td data-label="{{a.archive}}" class="detail">{{file}}<br>sha256 {{sha}}</td></tr>{{/backups}}</tbody>
        </table></div>{{/hasBackups}}
        {{^hasBackups}}<p class="muted">{{a.noBackups}}</p>{{/hasBackups}}
        </div>
        </section>
        """

    func add(to router: Router<WebContext>) {
        router.get("/admin/backups") { request, context in
            let session = try AdminPages.session(context, store: store, page: "backups")
            let notice = request.uri.queryParameters["done"].map { renderer.text.backupTaken(String($0)) }
            return page(session, notice: notice)
        }
        router.post("/admin/backups") { _, context in
            let session = try AdminPages.session(context, store: store, page: "backups")
            logger.notice("backup requested", metadata: ["user": "\(session.login)", "action": "backup"])
            let manifest: BackupManifest
            do {
                manifest = try await hooks.backupNow()
            } catch {
                logger.error("backup failed: \(error)", metadata: ["user": "\(session.login)", "action": "backup"])
                return page(session, error: renderer.text.backupFailed("\(error)"), status: .internalServerError)
            }
            let file = manifest.file.addingPercentEncoding(withAllowedCharacters: .alphanumerics.union(CharacterSet(charactersIn: "-._"))) ?? ""
            return Response(status: .seeOther, headers: [.location: "/admin/backups?done=\(file)"])
        }
    }

    private func page(_ session: WebSession, notice: String? = nil, error: String? = nil, status: HTTPResponse.Status = .ok) -> Response {
        let text = renderer.text
        var values: [String: Any] = [:]
        do {
            let backups = try BackupCatalog.list(directory: hooks.backupDirectory)
            values["backups"] = backups.map { entry -> [String: Any] in
                let rows = entry.manifest.rows
                return [
                    "when": text.dateTime(entry.manifest.createdAt), "size": text.megabytes(entry.manifest.compressedBytes),
                    "rows": text.backupRows(BackupRowsText(contacts: rows.contact, leads: rows.lead, history: rows.history)),
                    "verified": entry.verified, "verifiedText": text.backupVerified(entry.verified), "file": entry.manifest.file,
                    "sha": String(entry.manifest.sha256.prefix(16)) + "…",
                ]
            }
            values["hasBackups"] = !backups.isEmpty
        } catch {
            values["error"] = text.backupFailed("\(hooks.backupDirectory): \(error)")
        }
        if let notice { values["notice"] = notice }
        if let error { values["error"] = error }
        return AdminPages.page(
            "admin-backups", tab: "tabBackups", title: text.adminWords["backups"] ?? "", values: values, session: session, store: store,
            renderer: renderer, scripts: [Assets.adminScriptPath], status: status)
    }
}
