internal import Foundation
internal import Hummingbird
internal import LeadexConfig
internal import LeadexCore
internal import LeadexStore

/// Импорт: an admin uploads a client spreadsheet, sees the dry run's report (created, merged
/// and on what, rejected and why), and confirms. The same code as `leadexctl import`: the
/// sheet is read by ``ClientSheet``, merged by `store.importClients`, whose dry run rolls back
/// the very transaction the real run commits. The confirm imports the stored upload of that
/// preview (``PendingImports``) and only if the base would still take it the same way;
/// rejected lines are left out, as `leadexctl import --skip-rejected` does.
struct ImportPage: Sendable {
    let store: ExchangeStore
    let renderer: PageRenderer
    let clock: any SleepingClock
    let pending = PendingImports()

    /// Lines of the report shown on the page; a larger file's rest is summed up.
    static let shownLines = 500

    static let template = """
        <section class="admin import-page">
        <h1>{{a.import}}</h1>
        {{> admin-tabs}}
        {{#notice}}<p class="notice" role="status">{{notice}}</p>{{/notice}}
        {{#error}}<p class="error" role="alert">{{error}}</p>{{/error}}
        {{#report}}
        <div class="card report">
        <h2>{{heading}}: {{file}}</h2>
        <p class="summary">{{summary}}</p>
        <p class="muted">{{a.encoding}}: {{encoding}} · {{a.columns}}: {{columns}}{{#ignored}} · {{a.ignoredColumns}}: {{ignored}}{{/ignored}}</p>
        {{#hasLines}}<div class="table"><table>
        <thead><tr><th>{{a.line}}</th><th>{{a.name}}</th><th>{{a.what}}</th></tr></thead>
        <tbody>{{#lines}}<tr class="{{kind}}"><td data-label="{{a.line}}">{{line}}</td><td data-label="{{a.name}}">{{name}}</td><td data-label="{{a.what}}">{{what}}</td></tr>{{/lines}}</tbody>
        </table></div>{{/hasLines}}
        {{#more}}<p class="muted">{{more}}</p>{{/more}}
        {{#key}}
        <form method="post" action="/admin/import/confirm" class="confirm once">
        <input type="hidden" name="csrf" value="{{csrf}}">
        <input type="hidden" name="key" value="{{key}}">
        <button type="submit">{{confirmText}}</button>
        </form>
        {{/key}}
        </div>
        {{/report}}
        <div class="card">
        <form method="post" action="/admin/import" enctype="multipart/form-data" class="upload once" data-max="{{maxBytes}}" data-too-large="{{tooLarge}}">
        <input type="hidden" name="csrf" value="{{csrf}}">
        <p>{{a.uploadHint}}</p>
        <label for="import-file">{{a.file}}</label>
        <input id="import-file" name="file" type="file" accept=".csv,.txt,text/csv" required>
        <p class="error upload-error" role="alert" hidden></p>
        <button type="submit">{{#report}}{{a.cancel}}{{/report}}{{^report}}{{a.check}}{{/report}}</button>
        </form>
        </div>
        </section>
        """

    func add(to router: Router<WebContext>) {
        router.get("/admin/import") { request, context in
            let session = try AdminPages.session(context, store: store, page: "import")
            if let key = request.uri.queryParameters["result"].map(String.init) {
                guard let (outcome, file) = pending.result(key, login: session.login) else {
                    return page(session, error: renderer.text.importExpired, status: .notFound)
                }
                return page(session, notice: renderer.text.adminWords["imported"], report: resultValues(outcome, file: file))
            }
            return page(session)
        }
        router.post("/admin/import") { request, context in
            let session = try AdminPages.session(context, store: store, page: "import")
            var request = request
            // The gate has read the body already (its CSRF token is one of the parts), within the limit.
            let body = try await request.collectBody(upTo: MultipartForm.maxBytes)
            guard let form = MultipartForm(contentType: request.headers[.contentType] ?? "", body: body), let upload = form.files["file"],
                !upload.bytes.isEmpty
            else {
                return page(session, error: renderer.text.importNoFile, status: .unprocessableContent)
            }
            return try await preview(upload.bytes, file: Self.fileName(upload.filename), session: session)
        }
        router.post("/admin/import/confirm") { request, context in
            let session = try AdminPages.session(context, store: store, page: "import")
            var request = request
            let key = FormFields(try await request.collectBody(upTo: context.maxUploadSize))["key"] ?? ""
            switch pending.claim(key, login: session.login, now: clock.now()) {
            case .gone:
                return page(session, error: renderer.text.importExpired, status: .conflict)
            case .running, .done:
                // A second submit of the same confirm: the one import's result, not another import.
                return Response(status: .seeOther, headers: [.location: "/admin/import?result=\(key)"])
            case .run(let upload):
                do {
                    // The same bytes read the same way: they were read once already.
                    guard let sheet = try? ClientSheet(bytes: upload.bytes) else { throw HTTPError(.internalServerError) }
                    let outcome = try await store.importClients(
                        sheet, file: upload.file, dryRun: false, expecting: upload.preview, by: session.login)
                    pending.finish(outcome, key: key, now: clock.now())
                    return Response(status: .seeOther, headers: [.location: "/admin/import?result=\(key)"])
                } catch let changed as ImportOutcome.Changed {
                    pending.release(upload)
                    return try await preview(
                        upload.bytes, file: upload.file, session: session, error: renderer.text.importChanged(line: changed.line), status: .conflict)
                } catch {
                    pending.release(upload)
                    throw error
                }
            }
        }
    }

    /// The dry run of `bytes`, kept under a new key for the confirm.
    private func preview(
        _ bytes: [UInt8], file: String, session: WebSession, error: String? = nil, status: HTTPResponse.Status = .ok
    ) async throws -> Response {
        let sheet: ClientSheet
        do {
            sheet = try ClientSheet(bytes: bytes)
        } catch {
            return page(session, error: renderer.text.importUnreadable(renderer.text.importProblem(error)), status: .unprocessableContent)
        }
        let outcome = try await store.importClients(sheet, file: file, dryRun: true, by: session.login)
        var report = reportValues(sheet, outcome, file: file)
        if !sheet.rows.isEmpty {
            let key = RandomToken.make()
            pending.keep(
                PendingImports.Upload(key: key, login: session.login, file: file, bytes: bytes, preview: outcome, madeAt: clock.now()),
                now: clock.now())
            report["key"] = key
            report["confirmText"] = renderer.text.importConfirm(rows: sheet.rows.count, rejected: sheet.rejected.count)
        }
        return page(session, error: error, report: report, status: status)
    }

    private func reportValues(_ sheet: ClientSheet, _ outcome: ImportOutcome, file: String) -> [String: Any] {
        let text = renderer.text
        let names = Dictionary(sheet.rows.map { ($0.line, $0.name) }, uniquingKeysWith: { first, _ in first })
        var lines: [(line: Int, values: [String: Any])] = outcome.decisions.map { line, decision in
            let (kind, what): (String, String) = switch decision {
            case .created: ("created", text.importCreated)
            case .merged(let id, let key): ("merged", text.importMerged(contact: id.rawValue, by: key))
            case .mergedWithLine(let earlier, _, let key): ("merged", text.importMergedWithLine(earlier, by: key))
            }
            return (line, ["line": line, "name": names[line] ?? "", "kind": kind, "what": what])
        }
        lines += sheet.rejected.map { ($0.line, ["line": $0.line, "name": "", "kind": "rejected", "what": text.importRejection($0)]) }
        lines.sort { $0.line < $1.line }
        var values = summaryValues(
            file: file, heading: text.adminWords["report"] ?? "", created: outcome.created, merged: outcome.merged,
            mergedInFile: outcome.mergedInFile, rejected: sheet.rejected.count)
        values["encoding"] = sheet.encoding.rawValue
        values["columns"] = sheet.columns.map { "\($0.header) → \(text.fieldTitle($0.field))" }.joined(separator: ", ")
        if !sheet.ignoredColumns.isEmpty { values["ignored"] = sheet.ignoredColumns.joined(separator: ", ") }
        values["lines"] = lines.prefix(Self.shownLines).map(\.values)
        values["hasLines"] = !lines.isEmpty
        if lines.count > Self.shownLines {
            values["more"] = text.importMore(lines.count - Self.shownLines)
        }
        return values
    }

    private func resultValues(_ outcome: ImportOutcome, file: String) -> [String: Any] {
        summaryValues(
            file: file, heading: renderer.text.adminWords["imported"] ?? "", created: outcome.created, merged: outcome.merged,
            mergedInFile: outcome.mergedInFile, rejected: outcome.rejected.count)
    }

    private func summaryValues(file: String, heading: String, created: Int, merged: Int, mergedInFile: Int, rejected: Int) -> [String: Any] {
        [
            "file": file, "heading": heading,
            "summary": renderer.text.importSummary(created: created, merged: merged, mergedInFile: mergedInFile, rejected: rejected),
        ]
    }

    private func page(
        _ session: WebSession, notice: String? = nil, error: String? = nil, report: [String: Any]? = nil, status: HTTPResponse.Status = .ok
    ) -> Response {
        var values: [String: Any] = [
            "maxBytes": MultipartForm.maxBytes, "tooLarge": renderer.text.importTooLarge(limit: MultipartForm.maxBytes),
        ]
        if let notice { values["notice"] = notice }
        if let error { values["error"] = error }
        if let report { values["report"] = report }
        return AdminPages.page(
            "admin-import", tab: "tabImport", title: renderer.text.adminWords["import"] ?? "", values: values, session: session, store: store,
            renderer: renderer, scripts: [Assets.adminScriptPath], status: status)
    }

    /// The browser's file name as the audit and the report show it: its last path component,
    /// one line, at most 120 characters (`import.csv` when none is left).
    static func fileName(_ sent: String) -> String {
        let last = sent.split(whereSeparator: { $0 == "/" || $0 == "\\" }).last.map(String.init) ?? ""
        let line = String(TextInput.oneLine(last).unicodeScalars.filter { !TextInput.isControl($0) }).prefix(120)
        return line.isEmpty ? "import.csv" : String(line)
    }
}
