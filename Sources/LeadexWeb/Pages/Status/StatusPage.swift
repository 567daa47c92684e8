internal import Foundation
internal import Hummingbird
internal import LeadexConfig
internal import LeadexControlAPI
internal import LeadexCore
internal import LeadexStore

/// Состояние: the daemon's inboxes, web forms, timed jobs, outbox and last backup — the
/// ``StatusReply`` `leadexctl status` prints, gathered by the same code, in local times.
///
/// Live by a light refresh: the page's script (``Assets/adminStatusScript``) fetches the panel
/// every 20 seconds while the tab is visible. The exchange's stream wakes on lead commits, but
/// what this page shows changes elsewhere (the intake's health board in memory, the job ledger,
/// the outbox, files in the backup directory), so there is no single event to wait on, and an
/// admin's one open tab polling a cheap reply costs nothing worth a second mechanism.
struct StatusPage: Sendable {
    let store: ExchangeStore
    let renderer: PageRenderer
    let hooks: WebAdminHooks
    let clock: any SleepingClock

    static let template = """
        <section class="admin status-page" data-offline="{{a.offline}}">
        <h1>{{a.status}}</h1>
        {{> admin-tabs}}
        <p class="status" id="status-note" aria-live="polite">{{a.refreshing}}</p>
        <div id="status-panel">
        {{> admin-status-panel}}
        </div>
        </section>
        """

    /// The part the script replaces.
    static let panelTemplate = """
        <div class="card"><h2>{{a.inboxes}}</h2>
        {{#hasInboxes}}<div class="table"><table>
        <thead><tr><th>{{a.inbox}}</th><th>{{a.lastMail}}</th><th>{{a.lastPass}}</th><th>{{a.failingSince}}</th><th>{{a.lastError}}</th></tr></thead>
        <tbody>{{#inboxes}}<tr{{#failing}} class="bad"{{/failing}}><td data-label="{{a.inbox}}">{{name}}</td><td data-label="{{a.lastMail}}">{{lastMail}}</td><td data-label="{{a.lastPass}}">{{lastPass}}</td><td data-label="{{a.failingSince}}">{{failingSince}}</td><td data-label="{{a.lastError}}" class="detail">{{lastError}}</td></tr>{{/inboxes}}</tbody>
        </table></div>{{/hasInboxes}}
        {{^hasInboxes}}<p class="muted">{{a.noInboxes}}</p>{{/hasInboxes}}
        </div>
        <div class="card"><h2>{{a.forms}}</h2>
        {{#hasForms}}<div class="table"><table>
        <thead><tr><th>{{a.form}}</th><th>{{a.lastRequest}}</th><th>{{a.lastPoll}}</th><th>{{a.lastProbe}}</th><th>{{a.health}}</th></tr></thead>
        <tbody>{{#forms}}<tr{{^good}} class="bad"{{/good}}><td data-label="{{a.form}}">{{name}}</td><td data-label="{{a.lastRequest}}">{{lastRequest}}</td><td data-label="{{a.lastPoll}}">{{lastPoll}}</td><td data-label="{{a.lastProbe}}">{{lastProbe}}</td><td data-label="{{a.health}}" class="detail">{{health}}</td></tr>{{/forms}}</tbody>
        </table></div>{{/hasForms}}
        {{^hasForms}}<p class="muted">{{a.noForms}}</p>{{/hasForms}}
        </div>
        <div class="card"><h2>{{a.jobs}}</h2>
        {{#hasJobs}}<div class="table"><table>
        <thead><tr><th>{{a.job}}</th><th>{{a.lastRun}}</th><th>{{a.outcome}}</th><th>{{a.nextRun}}</th></tr></thead>
        <tbody>{{#jobs}}<tr{{#failed}} class="bad"{{/failed}}><td data-label="{{a.job}}">{{title}}</td><td data-label="{{a.lastRun}}">{{lastRun}}</td><td data-label="{{a.outcome}}">{{outcome}}{{#detail}}<br><span class="detail">{{detail}}</span>{{/detail}}</td><td data-label="{{a.nextRun}}">{{nextRun}}</td></tr>{{/jobs}}</tbody>
        </table></div>{{/hasJobs}}
        {{^hasJobs}}<p class="muted">{{a.noJobs}}</p>{{/hasJobs}}
        </div>
        <div class="card"><h2>{{a.outbox}}</h2>
        <dl class="facts"><dt>{{a.waiting}}</dt><dd id="outbox-waiting">{{outbox.waiting}}</dd><dt>{{a.failing}}</dt><dd{{#outbox.bad}} class="bad"{{/outbox.bad}}>{{outbox.failing}}</dd>
        <dt>{{a.sent}}</dt><dd>{{outbox.sent}}</dd>{{#outbox.hasError}}<dt>{{a.lastError}}</dt><dd class="detail bad">{{outbox.lastError}}</dd>{{/outbox.hasError}}</dl>
        </div>
        <div class="card"><h2>{{a.lastBackup}}</h2>
        {{#backup}}<dl class="facts"><dt>{{a.when}}</dt><dd>{{when}}</dd><dt>{{a.size}}</dt><dd>{{size}}</dd><dt>{{a.verified}}</dt><dd{{^verified}} class="bad"{{/verified}}>{{verifiedText}}</dd></dl>{{/backup}}
        {{^backup}}<p class="muted">{{a.noBackup}}</p>{{/backup}}
        </div>
        """

    func add(to router: Router<WebContext>) {
        router.get("/admin") { _, _ in Response(status: .seeOther, headers: [.location: "/admin/status"]) }
        router.get("/admin/status") { _, context in
            let session = try AdminPages.session(context, store: store, page: "status")
            return AdminPages.page(
                "admin-status", tab: "tabStatus", title: renderer.text.adminWords["status"] ?? "", values: try await values(), session: session,
                store: store, renderer: renderer, scripts: [Assets.adminScriptPath])
        }
        router.get("/admin/status/panel") { _, context in
            _ = try AdminPages.session(context, store: store, page: "status")
            return Response(
                status: .ok, headers: [.contentType: "text/html; charset=utf-8"],
                body: ResponseBody(byteBuffer: ByteBuffer(string: renderer.fragment("admin-status-panel", try await values()))))
        }
    }

    /// The template values of the status reply now.
    func values() async throws -> [String: Any] {
        let status = try await hooks.status()
        let text = renderer.text
        let never = text.language == .ru ? "никогда" : "never"
        func time(_ date: Date?, or empty: String = "—") -> String { date.map(text.dateTime) ?? empty }
        var values: [String: Any] = [
            "inboxes": status.inboxes.map { inbox -> [String: Any] in
                [
                    "name": inbox.name, "lastMail": time(inbox.lastAdvanced, or: never), "lastPass": time(inbox.lastPass),
                    "failingSince": time(inbox.failingSince), "lastError": inbox.lastError ?? "", "failing": inbox.failingSince != nil,
                ]
            },
            "forms": status.forms.map { form -> [String: Any] in
                let health = text.formHealth(form)
                let probe = form.lastProbe.map { "\(text.probeState($0)), \(time(form.lastProbeAt))" } ?? "—"
                return [
                    "name": form.name, "lastRequest": time(form.lastSubmission, or: never),
                    "lastPoll": form.url == nil ? "—" : time(form.lastPoll, or: never), "lastProbe": probe, "health": health.text,
                    "good": health.good,
                ]
            },
            "jobs": status.jobs.map { job -> [String: Any] in
                var line: [String: Any] = [
                    "title": text.jobTitle(job.name), "lastRun": time(job.lastSlot, or: never), "outcome": text.jobOutcome(job.lastOutcome),
                    "nextRun": time(job.nextRun), "failed": job.lastOutcome == "failed",
                ]
                if let detail = job.lastDetail, !detail.isEmpty { line["detail"] = text.jobDetail(detail) }
                return line
            },
            "outbox": [
                "waiting": status.outboxPending, "sent": status.outboxSent, "failing": status.outboxFailing ?? 0,
                "lastError": status.outboxLastError ?? "", "bad": (status.outboxFailing ?? 0) > 0, "hasError": status.outboxLastError != nil,
            ] as [String: Any],
            "hasInboxes": !status.inboxes.isEmpty, "hasForms": !status.forms.isEmpty, "hasJobs": !status.jobs.isEmpty,
        ]
        if let backup = status.lastBackup {
            values["backup"] = [
                "when": text.dateTime(backup.createdAt), "size": text.megabytes(backup.compressedBytes), "verified": backup.verified,
                "verifiedText": text.backupVerified(backup.verified),
            ] as [String: Any]
        }
        return values
    }
}
