import Foundation
import LeadexConfig
import LeadexCore
import LeadexIntake
import LeadexStore
import LeadexTesting
import Logging
import ServiceLifecycle
import Testing

/// Form posts to the test form server become leads through the daemon's own feed code.
@Suite(.serialized) struct FormFeedTests {
    let server: FormServerFixture
    let store: StoreFixture

    init() async throws {
        server = try FormServerFixture()
        store = try await StoreFixture()
    }

    static let mapping = FormSettings.FieldMapping(
        name: ["name"], phone: ["phone"], email: ["email"], company: ["company"], comment: ["comment"])

    func settings(
        _ name: String = "site", csv: Bool = false, cursor: FormSettings.Cursor = .sinceID(parameter: "since_id"),
        url: String? = nil, fields: FormSettings.FieldMapping = mapping, auth: FormSettings.Auth = .none,
        timeout: Duration = .seconds(10)
    ) -> FormSettings {
        FormSettings(
            name: name, url: url ?? (csv ? server.csvFeedURL : server.jsonFeedURL), auth: auth,
            format: csv ? .csv(id: "id", delimiter: UInt8(ascii: ","), charset: "utf-8") : .json(items: ["data", "submissions"], id: "id"),
            cursor: cursor, fields: fields, title: "Заявка с сайта", timeout: timeout)
    }

    func feed(_ settings: FormSettings, store: StoreFixture? = nil) throws -> FormFeedService {
        let fixture = store ?? self.store
        return try FormFeedService(settings: settings, store: fixture.store, logger: fixture.logs.logger())
    }

    func leads(_ fixture: StoreFixture? = nil) async throws -> [(lead: Lead, contact: Contact)] {
        let fixture = fixture ?? store
        var result: [(Lead, Contact)] = []
        for lead in try await fixture.store.exchange() {
            result.append((lead, try await fixture.store.contact(ofLead: lead.id!, as: SamplePolicy.head)))
        }
        return result
    }

    static let anna: [(String, String)] = [
        ("name", "Анна Смирнова"), ("phone", "8 (912) 345-67-89"), ("email", "Anna@Mail.ru"), ("company", "ООО «Ромашка»"),
        ("comment", "Нужен расчёт на 50 столов, доставка в Казань"), ("utm_source", "yandex"),
    ]
    static let petr: [(String, String)] = [
        ("name", "Пётр Сидоров"), ("phone", "+7 495 123-45-67"), ("email", ""), ("company", ""),
        ("comment", "Перезвоните после обеда, \"срочно\"\nвторая строка"), ("utm_source", ""),
    ]

    // MARK: End to end

    @Test(arguments: [false, true])
    func aFormPostBecomesALeadWithMappedFields(csv: Bool) async throws {
        #expect(try server.submit(Self.anna) == 200)
        #expect(try server.submit(Self.petr, multipart: true) == 200)
        let report = try await feed(settings(csv: csv)).syncOnce()
        #expect(report.fetched == 2 && report.created == 2 && report.problems.isEmpty, "\(report)")

        let found = try await leads()
        try #require(found.count == 2)
        let (lead, contact) = found[0]
        #expect(lead.source == LeadSource(kind: .form, name: "site"))
        #expect(lead.sourceRef == "1")
        #expect(lead.status == .exchange)
        #expect(lead.stage == "new")
        #expect(lead.title == "Заявка с сайта")
        #expect(lead.text.hasPrefix("Нужен расчёт на 50 столов, доставка в Казань"))
        #expect(lead.text.contains("utm_source: yandex"))
        #expect(lead.text.contains("created_at: "))
        #expect(contact.name == "Анна Смирнова")
        #expect(contact.phones.map(\.e164) == ["+79123456789"])
        #expect(contact.emails == ["anna@mail.ru"])
        #expect(contact.company == "ООО «Ромашка»")

        // Multipart, quotes and a line break inside a field (quoted in the CSV).
        let (second, petr) = found[1]
        #expect(second.text.hasPrefix("Перезвоните после обеда, \"срочно\"\nвторая строка"))
        #expect(petr.name == "Пётр Сидоров")
        #expect(petr.phones.map(\.e164) == ["+74951234567"])
        #expect(petr.emails.isEmpty)
        #expect(petr.company == nil)

        // Journal entries carry the form and the lead.
        let entry = try #require(store.logs.entries.first { $0.message == "lead on the exchange" })
        #expect(entry.metadata["form"] == "site")
        #expect(entry.metadata["lead_id"] != nil)
    }

    @Test(arguments: [false, true])
    func theCursorSurvivesARestart(csv: Bool) async throws {
        let directory = try TemporaryDirectory()
        let path = directory.file("leadex.sqlite3")
        let clock = ManualWallClock()
        func open() async throws -> ExchangeStore {
            try await ExchangeStore(
                database: try LeadexDatabase(path: path), policy: SamplePolicy.make(), clock: clock, logger: store.logs.logger())
        }
        try server.submit(Self.anna)
        try server.submit(Self.petr)
        var first: ExchangeStore? = try await open()
        let report = try await FormFeedService(settings: settings(csv: csv), store: first!, logger: store.logs.logger()).syncOnce()
        #expect(report.created == 2)
        #expect(try await first!.formCursor("site") == "2")
        try first!.database.close()
        first = nil

        // Restarted: the feed is asked only for what follows the stored cursor.
        let reopened = try await open()
        try server.submit([("name", "Ольга"), ("email", "olga@example.ru"), ("comment", "Счёт на оплату")])
        let again = try await FormFeedService(settings: settings(csv: csv), store: reopened, logger: store.logs.logger()).syncOnce()
        #expect(again.fetched == 1 && again.created == 1, "\(again)")
        #expect(try await reopened.formCursor("site") == "3")
        #expect(try await reopened.exchange().count == 3)
    }

    @Test func repeatedItemsAndResentPagesCreateNothingNew() async throws {
        try server.submit(Self.anna)
        try server.submit(Self.petr)
        // No cursor: the feed lists everything every time, as a published sheet does.
        let service = try feed(settings(csv: true, cursor: .none))
        #expect(try await service.syncOnce().created == 2)
        let again = try await service.syncOnce()
        #expect(again.fetched == 2 && again.created == 0 && again.known == 2, "\(again)")

        // The same person writes again through the form: a new lead, the same contact.
        try server.submit([("name", "Анна"), ("phone", "+7 912 345 67 89"), ("comment", "Ещё вопрос")])
        let third = try await service.syncOnce()
        #expect(third.created == 1 && third.known == 2)
        let found = try await leads()
        #expect(found.count == 3)
        #expect(found[2].contact.id == found[0].contact.id)
        #expect(try await store.store.formOutcomes("site") == ["lead": 3])

        // A cursor feed whose server ignores since_id: every page repeats; nothing doubles.
        let ignoring = try feed(settings("site", cursor: .sinceID(parameter: "ignored_param")))
        #expect(try await ignoring.syncOnce().created == 0)
        #expect(try await store.store.exchange().count == 3)
    }

    @Test func aFeedThatPagesIsFollowedToItsEnd() async throws {
        for index in 1...25 { try server.submit([("name", "Клиент \(index)"), ("phone", "+7 912 000 00 \(10 + index)")]) }
        try server.control(["page_size": 10])
        let report = try await feed(settings()).syncOnce()
        #expect(report.fetched == 25 && report.created == 25, "\(report)")
        #expect(try await store.store.formCursor("site") == "25")
    }

    // MARK: Bad feeds

    @Test func httpErrorsRedirectsAndLoginPagesAreReportedAndRecoverable() async throws {
        try server.submit(Self.anna)
        let service = try feed(settings())
        let cases: [([String: any Sendable], String)] = [
            (["feed_status": 500], "HTTP 500 from the feed"),
            (["feed_redirect": "/login"], "HTTP 302: the feed redirects to "),
            (["feed_html": true], "the feed sent an HTML page"),
            (["feed_garbage": true], "not valid JSON"),
            (["bearer": "s3cret"], "HTTP 401: the feed refused"),
        ]
        for (breakage, expected) in cases {
            try server.repair()
            try server.control(breakage)
            do {
                _ = try await service.syncOnce()
                Issue.record("\(breakage): no error")
            } catch {
                #expect("\(error)".contains(expected), "\(breakage): \(error)")
            }
            let status = try await store.store.formStatus("site")
            #expect(status.feedProblem?.contains(expected) == true, "\(breakage): \(status)")
            #expect(status.feedProblemSince != nil)
            #expect(try await store.store.exchange().isEmpty)
        }
        try server.repair()
        #expect(try await service.syncOnce().created == 1)
        #expect(try await store.store.formStatus("site").feedProblem == nil)
    }

    @Test func bearerAndBasicCredentialsComeFromSecretFiles() async throws {
        let directory = try TemporaryDirectory()
        try server.submit(Self.anna)
        try server.control(["bearer": "feed-token-1"])
        let token = try directory.write("token", "feed-token-1\n")
        #expect(try await feed(settings(auth: .bearer(.file(token)))).syncOnce().created == 1)

        try server.repair()
        try server.control(["basic": "leadex:pa ss"])
        try server.submit(Self.petr)
        let password = try directory.write("password", "pa ss\n")
        #expect(try await feed(settings(auth: .basic(user: "leadex", password: .file(password)))).syncOnce().created == 1)
        #expect(!store.logs.entries.contains { $0.message.contains("pa ss") || $0.message.contains("feed-token-1") })
    }

    @Test func invalidCSVIsReportedAndReadableRowsStillLand() async throws {
        let directory = try TemporaryDirectory()
        let broken = try directory.write("broken.csv", "id,name,phone\r\n1,Анна,89123456789\r\n2,\"Пётр,84951234567\r\n")
        do {
            _ = try await feed(settings(csv: true, cursor: .none, url: "file://\(broken)")).syncOnce()
            Issue.record("no error for an unterminated quote")
        } catch {
            #expect("\(error)".contains("not valid CSV: line 3: a quoted field never closes"), "\(error)")
        }
        // A row with too many cells is reported; the others land.
        let ragged = try directory.write("ragged.csv", "\u{FEFF}id;name;phone\n1;Анна;89123456789\n2;Пётр;84951234567;лишнее\n3;Ольга;+7 916 111-22-33\n")
        var csv = settings(
            "sheet", csv: true, cursor: .none, url: "file://\(ragged)", fields: FormSettings.FieldMapping(name: ["name"], phone: ["phone"]))
        csv.format = .csv(id: "id", delimiter: UInt8(ascii: ";"), charset: "utf-8")
        let report = try await feed(csv).syncOnce()
        #expect(report.created == 2, "\(report)")
        #expect(report.problems == ["line 3 has 4 cells, the header 3"])
        #expect(try await store.store.formStatus("sheet").feedProblem == "line 3 has 4 cells, the header 3")
    }

    @Test func aWindows1251SheetWithoutIdsIsIdentifiedByItsRows() async throws {
        let directory = try TemporaryDirectory()
        // Excel's Russian export: cp1251, ';', no id column.
        let text = "Отметка времени;ФИО;Телефон;Вопрос\r\n23.11.2026 10:00;Анна;89123456789;Цена?\r\n23.11.2026 10:05;Пётр;84951234567;Доставка\r\n"
        let bytes = try #require(text.data(using: .windowsCP1251))
        let path = directory.file("answers.csv")
        try bytes.write(to: URL(fileURLWithPath: path))
        let sheet = FormSettings(
            name: "sheet", url: "file://\(path)", format: .csv(id: nil, delimiter: UInt8(ascii: ";"), charset: "windows-1251"),
            fields: FormSettings.FieldMapping(name: ["ФИО"], phone: ["Телефон"], comment: ["Вопрос"]))
        let service = try feed(sheet)
        #expect(try await service.syncOnce().created == 2)
        #expect(try await service.syncOnce().known == 2)
        let lead = try #require(try await leads().first)
        #expect(lead.contact.name == "Анна")
        #expect(lead.lead.text == "Цена?\n\nОтметка времени: 23.11.2026 10:00")
        #expect(lead.lead.sourceRef?.hasPrefix("sha256:") == true)
    }

    @Test func aRenamedFieldIsAChangedSchemaAndItsItemsWaitForTheFix() async throws {
        try server.submit(Self.anna)
        let service = try feed(settings())
        #expect(try await service.syncOnce().created == 1)

        // The site renames "phone" to "tel": a phone-only request no longer has contact data
        // under the mapping, a request with an email still does.
        try server.rename("phone", to: "tel")
        // A browser posts every field of the form, empty or not.
        try server.submit([("name", "Пётр"), ("phone", "84951234567"), ("email", ""), ("company", ""), ("comment", "Только телефон")])
        try server.submit([("name", "Ольга"), ("phone", "89161112233"), ("email", "olga@example.ru"), ("company", ""), ("comment", "")])
        let report = try await service.syncOnce()
        #expect(report.created == 1 && report.held == 1, "\(report)")
        #expect(report.problems.contains { $0.contains("schema changed: phone field 'phone' missing in every new item") })
        let status = try await store.store.formStatus("site")
        #expect(status.feedProblem?.contains("schema changed") == true)
        // The held item is kept in the store: the cursor moves on.
        #expect(status.cursor == "3")

        // The admin maps the new name: the held request becomes a lead, nothing doubles.
        var fixed = settings()
        fixed.fields.phone = ["phone", "tel"]
        let after = try await feed(fixed).syncOnce()
        #expect(after.created == 1 && after.held == 0 && after.problems.isEmpty, "\(after)")
        #expect(try await store.store.exchange().count == 3)
        #expect(try await store.store.formCursor("site") == "3")
        #expect(try await store.store.formStatus("site").feedProblem == nil)
    }

    @Test func anItemWithNoContactDataIsIgnoredWithItsReasonAndOthersLand() async throws {
        try server.submit([("name", "Аноним"), ("phone", "не скажу"), ("email", ""), ("comment", "Сколько стоит?")])
        try server.submit(Self.anna)
        let report = try await feed(settings()).syncOnce()
        #expect(report.created == 1 && report.ignored == 1, "\(report)")
        let warning = try #require(store.logs.entries.first { $0.message.hasPrefix("form submission ignored") })
        #expect(warning.level == .warning)
        #expect(warning.message.contains("no contact data: phone ('phone') is not a valid phone; email ('email') is empty"))
        #expect(!warning.message.contains("не скажу"))
        #expect(warning.metadata["form"] == "site" && warning.metadata["submission_id"] == "1")
        #expect(try await store.store.formOutcomes("site") == ["lead": 1, "ignored": 1])
    }

    @Test func aSlowFeedTimesOutAndABrokenFeedNeverStopsTheOthers() async throws {
        try server.submit(Self.anna)
        try server.slowDown(seconds: 3)
        do {
            _ = try await feed(settings(timeout: .seconds(1))).syncOnce()
            Issue.record("no timeout")
        } catch {
            #expect("\(error)".contains("unreachable"), "\(error)")
        }
        try server.repair()

        // Two forms in one service group: one feed answers 500 throughout, the other brings leads.
        let other = try FormServerFixture()
        try other.control(["feed_status": 500])
        var broken = settings("broken", url: other.jsonFeedURL)
        broken.pollInterval = .milliseconds(100)
        var good = settings("good")
        good.pollInterval = .milliseconds(100)
        let group = ServiceGroup(
            configuration: .init(services: [.init(service: try feed(broken)), .init(service: try feed(good))], logger: Logger(label: "test")))
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            #expect(try await eventually { try await store.store.exchange().count == 1 })
            try server.submit(Self.petr)
            #expect(try await eventually { try await store.store.exchange().count == 2 })
            await group.triggerGracefulShutdown()
            try await tasks.waitForAll()
        }
        let warnings = store.logs.entries.filter { $0.message.hasPrefix("form feed failing") }
        #expect(warnings.count == 1)
        #expect(warnings.first?.metadata["form"] == "broken")
        #expect(try await store.store.formStatus("broken").feedProblem?.contains("HTTP 500") == true)
    }
}
