import Foundation
import Hummingbird
import HummingbirdTesting
import LeadexConfig
import LeadexControlAPI
import LeadexCore
import LeadexStore
import LeadexTesting
@testable import LeadexWeb
import NIOCore
import Testing

/// The admin pages' shared rule: admins only, decided by the store, refusals logged.
@Suite struct AdminAccessTests {
    static let pages = ["/admin/status", "/admin/status/panel", "/admin/import", "/admin/export", "/admin/backups"]

    @Test func managerQAAndHeadGetWhatAMissingPageGetsAndTheRefusalIsLogged() async throws {
        let backups = try TemporaryDirectory()
        let web = try await WebFixture(admin: { store in AdminHooksFixture.hooks(store, directory: backups.path) })
        try await web.test { client in
            for login in [SamplePolicy.ivanov, SamplePolicy.qa, SamplePolicy.head] {
                let session = try await client.logIn(login)
                let missing = try await client.get("/admin/nothing-here", cookie: session.cookie)
                #expect(missing.status == .notFound)
                for page in Self.pages {
                    let response = try await client.get(page, cookie: session.cookie)
                    #expect(response.status == missing.status, "\(login) \(page)")
                    #expect(response.body.readableBytes == missing.body.readableBytes, "\(login) \(page)")
                }
                for page in ["/admin/export", "/admin/backups", "/admin/import/confirm"] {
                    let response = try await client.post(page, ["csrf": session.csrf, "format": "csv", "key": "x"], cookie: session.cookie)
                    #expect(response.status == .notFound, "\(login) POST \(page)")
                }
                let exchange = String(buffer: try await client.get("/exchange", cookie: session.cookie).body)
                #expect(!exchange.contains(#"href="/admin/status""#))
            }
            let admin = try await client.logIn(SamplePolicy.admin)
            let exchange = String(buffer: try await client.get("/exchange", cookie: admin.cookie).body)
            #expect(exchange.contains(#"<a href="/admin/status" class="admin-nav">Админ</a>"#))
        }
        let refusals = web.store.logs.entries.filter { $0.metadata["rule"] == "role" && ($0.metadata["action"] ?? "").hasPrefix("admin ") }
        for login in [SamplePolicy.ivanov, SamplePolicy.qa, SamplePolicy.head] {
            #expect(refusals.contains { $0.metadata["user"] == login.rawValue && $0.metadata["action"] == "admin status" })
            #expect(refusals.contains { $0.metadata["user"] == login.rawValue && $0.metadata["action"] == "admin backups" })
        }
        // Nobody but the admin made a backup.
        #expect(try BackupCatalog.list(directory: backups.path).isEmpty)
    }
}

/// Состояние.
@Suite struct StatusPageTests {
    static func sample(now: Date) -> StatusReply {
        StatusReply(
            jobs: [
                .init(name: "backup", lastSlot: now.addingTimeInterval(-3600), lastFinished: now, lastOutcome: "failed", lastDetail: "disk full",
                    nextRun: now.addingTimeInterval(86_400)),
                .init(name: "reminders", lastSlot: nil, lastFinished: nil, lastOutcome: nil, lastDetail: nil, nextRun: now.addingTimeInterval(60)),
            ],
            inboxes: [
                .init(name: "sales", url: "imaps://mail.example.ru/INBOX", lastAdvanced: now.addingTimeInterval(-600), lastPass: now.addingTimeInterval(-300),
                    failingSince: now.addingTimeInterval(-120), lastError: "login refused")
            ],
            forms: [
                .init(name: "site", url: "https://example.ru/feed", lastPoll: now, lastSubmission: now.addingTimeInterval(-7200), feedProblem: nil,
                    feedProblemSince: nil, failingSince: nil, failingReason: nil, silentSince: nil, lastProbe: "arrived", lastProbeAt: now.addingTimeInterval(-900))
            ],
            outboxPending: 3, outboxSent: 40, outboxFailing: 2, outboxLastError: "550 mailbox unavailable",
            lastBackup: .init(file: "leadex-20261130T030000Z.db.gz", createdAt: now.addingTimeInterval(-4 * 86_400), compressedBytes: 1_572_864,
                rawBytes: 4_000_000, verified: true))
    }

    @Test func showsTheStatusReplyInLocalTimesWithTitles() async throws {
        let web = try await WebFixture(admin: { store in
            let now = store.clock.now()
            return WebAdminHooks(status: { Self.sample(now: now) }, backupNow: { throw HTTPError(.notFound) }, backupDirectory: "/nonexistent")
        })
        let now = web.store.clock.now()
        let text = WebText(language: .ru)
        try await web.test { client in
            let admin = try await client.logIn(SamplePolicy.admin)
            let response = try await client.get("/admin/status", cookie: admin.cookie)
            #expect(response.status == .ok)
            let page = String(buffer: response.body)
            for expected in [
                "Почтовые ящики", "sales", "login refused", text.dateTime(now.addingTimeInterval(-120)), text.dateTime(now.addingTimeInterval(-300)),
                "Резервная копия", "ошибка", "disk full", "Напоминания о звонках", "не запускалась", text.dateTime(now.addingTimeInterval(60)),
                "пришла, " + text.dateTime(now.addingTimeInterval(-900)), "в порядке", "550 mailbox unavailable", "1,5 МБ", "проверена",
                text.dateTime(now.addingTimeInterval(-4 * 86_400)), #"<script src="/static/admin."#, #"aria-current="page">Состояние"#,
            ] {
                #expect(page.contains(expected), "\(expected)")
            }
            // Titles, never ids.
            #expect(!page.contains(">backup<") && !page.contains(">reminders<"))
            let panel = try await client.get("/admin/status/panel", cookie: admin.cookie)
            #expect(panel.status == .ok)
            let fragment = String(buffer: panel.body)
            #expect(fragment.contains("login refused") && !fragment.contains("<html"))
            let script = try await client.get(Assets.adminScriptPath)
            #expect(String(buffer: script.body).contains("/admin/status/panel"))
        }
    }

    @Test func speaksEnglishWhenConfigured() async throws {
        let web = try await WebFixture(language: .en, admin: { store in
            let now = store.clock.now()
            return WebAdminHooks(status: { Self.sample(now: now) }, backupNow: { throw HTTPError(.notFound) }, backupDirectory: "/nonexistent")
        })
        try await web.test { client in
            let admin = try await client.logIn(SamplePolicy.admin)
            let page = String(buffer: try await client.get("/admin/status", cookie: admin.cookie).body)
            for expected in ["Last good pass", "Callback reminders", "never ran", "1.5 MB", "verified", "Failing since"] {
                #expect(page.contains(expected), "\(expected)")
            }
        }
    }
}

/// Экспорт.
@Suite struct ExportPageTests {
    static let keeper: UserLogin = "keeper"

    static func policy() -> ExchangePolicy {
        var policy = SamplePolicy.make()
        policy.users[keeper] = User(login: keeper, name: "Хранитель базы", role: .admin, rights: [.export])
        return policy
    }

    @Test func anAdminWithoutTheExportRightIsRefusedAndTheRefusalLogged() async throws {
        let web = try await WebFixture(policy: Self.policy())
        try await web.store.incoming(name: "Клиент Один", phone: "+7 912 000-00-01")
        try await web.test { client in
            let admin = try await client.logIn(SamplePolicy.admin)
            let page = try await client.get("/admin/export", cookie: admin.cookie)
            #expect(page.status == .ok)
            let response = try await client.post("/admin/export", ["csrf": admin.csrf, "format": "csv"], cookie: admin.cookie)
            #expect(response.status == .forbidden)
            #expect(response.headers[.contentDisposition] == nil)
            let body = String(buffer: response.body)
            #expect(body.contains("нужно право export"))
            #expect(!body.contains("Клиент Один"))
        }
        #expect(web.store.logs.entries.contains {
            $0.metadata["rule"] == "right" && $0.metadata["user"] == SamplePolicy.admin.rawValue && $0.metadata["action"] == "export"
        })
    }

    @Test func withTheRightTheBaseDownloadsAsCSVAndJSONUncached() async throws {
        let web = try await WebFixture(policy: Self.policy())
        try await web.store.incoming(name: "Клиент, с запятой", phone: "+7 912 000-00-01")
        try await web.store.incoming(name: "Клиент Два", email: "two@example.ru")
        try await web.test { client in
            let keeper = try await client.logIn(Self.keeper)
            let csv = try await client.post("/admin/export", ["csrf": keeper.csrf, "format": "csv"], cookie: keeper.cookie)
            #expect(csv.status == .ok)
            #expect(csv.headers[.contentType] == "text/csv; charset=utf-8")
            #expect(csv.headers[.contentDisposition]?.hasPrefix("attachment; filename=\"leadex-export-") == true)
            #expect(csv.headers[.cacheControl] == "no-store")
            let lines = String(buffer: csv.body).components(separatedBy: "\r\n").filter { !$0.isEmpty }
            #expect(lines.first == "lead_id,status,owner,stage,source,created_at,title,contact_id,name,company,phones,emails")
            #expect(lines.count == 3)
            #expect(lines.contains { $0.contains("\"Клиент, с запятой\"") && $0.contains("+79120000001") })
            let json = try await client.post("/admin/export", ["csrf": keeper.csrf, "format": "json"], cookie: keeper.cookie)
            #expect(json.headers[.contentType] == "application/json; charset=utf-8")
            #expect(json.headers[.contentDisposition]?.hasSuffix(".json\"") == true)
            let rows = try Wire.decoder().decode([ExportRow].self, from: Data(json.body.readableBytesView))
            #expect(rows.map(\.contact.name).sorted() == ["Клиент Два", "Клиент, с запятой"])
        }
    }
}

/// Резервные копии.
@Suite struct BackupsPageTests {
    @Test func backupNowTakesAVerifiedBackupAndTheListShowsItsManifest() async throws {
        let backups = try TemporaryDirectory()
        let web = try await WebFixture(admin: { store in AdminHooksFixture.hooks(store, directory: backups.path) })
        try await web.store.incoming(name: "Клиент Один", phone: "+7 912 000-00-01")
        try await web.test { client in
            let admin = try await client.logIn(SamplePolicy.admin)
            let empty = String(buffer: try await client.get("/admin/backups", cookie: admin.cookie).body)
            #expect(empty.contains("Резервных копий ещё нет."))
            let made = try await client.post("/admin/backups", ["csrf": admin.csrf], cookie: admin.cookie)
            #expect(made.status == .seeOther)
            let list = try BackupCatalog.list(directory: backups.path)
            #expect(list.count == 1)
            let manifest = try #require(list.first).manifest
            #expect(manifest.rows.lead == 1)
            let location = try #require(made.headers[.location])
            let page = String(buffer: try await client.get(location, cookie: admin.cookie).body)
            #expect(page.contains("Резервная копия \(manifest.file) записана."))
            #expect(page.contains(manifest.file))
            #expect(page.contains("1 контакт, 1 заявка, "))
            #expect(page.contains("проверена"))
            #expect(page.contains(String(manifest.sha256.prefix(16))))
            // An archive gone from the directory is said, not listed as sound.
            try FileManager.default.removeItem(atPath: backups.path + "/" + manifest.file)
            let after = String(buffer: try await client.get("/admin/backups", cookie: admin.cookie).body)
            #expect(after.contains("не проверена: архива нет"))
        }
        #expect(web.store.logs.entries.contains { $0.message == "backup requested" && $0.metadata["user"] == SamplePolicy.admin.rawValue })
    }
}

/// The daemon's side of the admin pages over a fixture's store: an empty status and the real backup.
enum AdminHooksFixture {
    static func hooks(_ store: StoreFixture, directory: String) -> WebAdminHooks {
        WebAdminHooks(
            status: { StatusReply(jobs: [], inboxes: [], outboxPending: 0, outboxSent: 0) },
            backupNow: { [database = store.database, logger = store.logs.logger(label: "backup")] in
                try await DatabaseBackup(database: database, logger: logger).backup(into: directory, keep: 3, now: Date())
            },
            backupDirectory: directory)
    }
}
