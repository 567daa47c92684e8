internal import Foundation
internal import Hummingbird
internal import LeadexConfig
internal import LeadexControl
internal import LeadexControlAPI
internal import LeadexCore
internal import LeadexStore

/// Экспорт: the whole base as a CSV or JSON download, for an admin who holds the export right.
/// The store decides (`store.export`, audited; refused and logged with RULE=right without the
/// right); the files are the control API's (``ExportDocument``), so `leadexctl export` and
/// this page hand out the same data. A POST, since every export is written to the audit.
struct ExportPage: Sendable {
    let store: ExchangeStore
    let renderer: PageRenderer
    let clock: any SleepingClock

    static let template = """
        <section class="admin export-page">
        <h1>{{a.export}}</h1>
        {{> admin-tabs}}
        {{#error}}<p class="error" role="alert">{{error}}</p>{{/error}}
        <div class="card">
        <p>{{a.exportHint}}</p>
        <div class="inline">
        <form method="post" action="/admin/export"><input type="hidden" name="csrf" value="{{csrf}}"><input type="hidden" name="format" value="csv"><button type="submit">{{a.downloadCSV}}</button></form>
        <form method="post" action="/admin/export"><input type="hidden" name="csrf" value="{{csrf}}"><input type="hidden" name="format" value="json"><button type="submit" class="secondary">{{a.downloadJSON}}</button></form>
        </div>
        </div>
        </section>
        """

    func add(to router: Router<WebContext>) {
        router.get("/admin/export") { _, context in
            page(try AdminPages.session(context, store: store, page: "export"))
        }
        router.post("/admin/export") { request, context in
            let session = try AdminPages.session(context, store: store, page: "export")
            var request = request
            let format = FormFields(try await request.collectBody(upTo: context.maxUploadSize))["format"] == "json" ? "json" : "csv"
            let exported: [ExportedLead]
            do {
                exported = try await store.export(as: session.login)
            } catch let violation as RuleViolation {
                return page(session, error: renderer.text.exportRefused(violation), status: .forbidden)
            }
            let rows = ExportDocument.rows(exported, policy: store.policy, language: renderer.text.language.text, zone: renderer.text.zone)
            let civil = renderer.text.zone.civil(clock.now())
            let day = String(format: "%04d-%02d-%02d", civil.year, civil.month, civil.day)
            let (bytes, type): ([UInt8], String) =
                format == "json"
                ? (try ExportDocument.json(rows), "application/json; charset=utf-8") : (Array(ExportRow.csv(rows).utf8), "text/csv; charset=utf-8")
            return Response(
                status: .ok,
                headers: [
                    .contentType: type, .contentDisposition: "attachment; filename=\"leadex-export-\(day).\(format)\"",
                    .cacheControl: "no-store",
                ],
                body: ResponseBody(byteBuffer: ByteBuffer(bytes: bytes)))
        }
    }

    private func page(_ session: WebSession, error: String? = nil, status: HTTPResponse.Status = .ok) -> Response {
        var values: [String: Any] = [:]
        if let error { values["error"] = error }
        return AdminPages.page(
            "admin-export", tab: "tabExport", title: renderer.text.adminWords["export"] ?? "", values: values, session: session, store: store,
            renderer: renderer, status: status)
    }
}
