import Foundation
import GRDB
import Hummingbird
import HummingbirdTesting
import LeadexCore
@testable import LeadexStore
import LeadexTesting
@testable import LeadexWeb
import NIOCore
import Testing

/// Импорт: upload, the dry run's report, the confirm that imports exactly that, once.
@Suite struct ImportPageTests {
    /// «ФИО;Телефон;Email»: a new client, one already in the base (by phone), a second line of
    /// the first client, and a line with nobody to call — in windows-1251, as Excel writes it.
    static let sheet = """
        ФИО;Телефон;Email
        Анна Новая;8 912 111-11-11;anna@example.ru
        Борис Старый;+7 912 222-22-22;
        Анна (второй номер);+7 912 333-33-33;anna@example.ru
        Без Контактов;;
        """

    static func windows1251(_ text: String) -> [UInt8] {
        text.unicodeScalars.map { scalar -> UInt8 in
            switch scalar.value {
            case 0..<0x80: UInt8(scalar.value)
            case 0x0410...0x044F: UInt8(scalar.value - 0x0410 + 0xC0)
            case 0x0401: 0xA8
            case 0x0451: 0xB8
            default: UInt8(ascii: "?")
            }
        }
    }

    static func upload(_ bytes: [UInt8], csrf: String?, filename: String = "клиенты.csv") -> (contentType: String, body: ByteBuffer) {
        let boundary = "----leadex-test-\(UInt32.random(in: 0...UInt32.max))"
        var body = ByteBuffer()
        if let csrf {
            body.writeString("--\(boundary)\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\n\(csrf)\r\n")
        }
        body.writeString("--\(boundary)\r\nContent-Disposition: form-data; name=\"file\"; filename=\"\(filename)\"\r\nContent-Type: text/csv\r\n\r\n")
        body.writeBytes(bytes)
        body.writeString("\r\n--\(boundary)--\r\n")
        return ("multipart/form-data; boundary=\(boundary)", body)
    }

    static func post(_ client: WebClient, _ bytes: [UInt8], session: (cookie: String, csrf: String), csrf: Bool = true) async throws -> TestResponse {
        let (type, body) = upload(bytes, csrf: csrf ? session.csrf : nil)
        return try await client.client.execute(
            uri: "/admin/import", method: .post, headers: [.contentType: type, .cookie: session.cookie, .origin: "http://localhost"], body: body
        ) { $0 }
    }

    static func contacts(_ web: WebFixture) async throws -> Int {
        try await web.store.database.pool.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM contact") ?? 0 }
    }

    static func imports(_ web: WebFixture) async throws -> Int {
        try await web.store.database.pool.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM audit WHERE action = 'import'") ?? 0 }
    }

    @Test func dryRunReportsThenTheConfirmImportsThatOnceEvenWhenSentTwice() async throws {
        let web = try await WebFixture()
        try await web.store.incoming(name: "Борис Старый", phone: "+7 912 222-22-22")
        let before = try await Self.contacts(web)
        try await web.test { client in
            let admin = try await client.logIn(SamplePolicy.admin)
            let form = String(buffer: try await client.get("/admin/import", cookie: admin.cookie).body)
            #expect(form.contains(#"enctype="multipart/form-data""#))
            let preview = try await Self.post(client, Self.windows1251(Self.sheet), session: admin)
            #expect(preview.status == .ok)
            let page = String(buffer: preview.body)
            #expect(page.contains("клиенты.csv"))
            #expect(page.contains("windows-1251"))
            #expect(page.contains("Новых контактов: 1, добавлено к контактам базы: 1, объединено со строками файла: 1, отклонено строк: 1."))
            #expect(page.contains("Анна Новая"))
            #expect(page.contains("совпал +79122222222"))
            #expect(page.contains("со строкой 2, совпал anna@example.ru"))
            #expect(page.contains("нет ни телефона, ни почты: некому позвонить или написать"))
            #expect(page.contains("Импортировать 3 строки, отклонённые (1) пропустить"))
            // The dry run changed nothing.
            #expect(try await Self.contacts(web) == before)
            #expect(try await Self.imports(web) == 0)
            let key = try #require(page.between(#"name="key" value=""#, #"""#))
            let confirmed = try await client.post("/admin/import/confirm", ["csrf": admin.csrf, "key": key], cookie: admin.cookie)
            #expect(confirmed.status == .seeOther)
            let location = try #require(confirmed.headers[.location])
            #expect(try await Self.contacts(web) == before + 1)
            #expect(try await Self.imports(web) == 1)
            // The same confirm again (a double click, a reload): the one result, no second import.
            let again = try await client.post("/admin/import/confirm", ["csrf": admin.csrf, "key": key], cookie: admin.cookie)
            #expect(again.status == .seeOther)
            #expect(again.headers[.location] == location)
            #expect(try await Self.imports(web) == 1)
            let result = String(buffer: try await client.get(location, cookie: admin.cookie).body)
            #expect(result.contains("Импорт выполнен"))
            #expect(result.contains("Новых контактов: 1"))
            // Another admin cannot use the key.
            let other = try await client.post("/admin/import/confirm", ["csrf": admin.csrf, "key": "not-a-key"], cookie: admin.cookie)
            #expect(other.status == .conflict)
        }
        let merged = try await web.store.store.searchContacts("+79122222222", as: SamplePolicy.admin)
        #expect(merged.count == 1)
        let anna = try await web.store.store.searchContacts("anna@example.ru", as: SamplePolicy.admin)
        #expect(anna.first?.contact.phones.map(\.e164).sorted() == ["+79121111111", "+79123333333"])
    }

    @Test func aBaseChangedSinceThePreviewImportsNothingAndShowsANewPreview() async throws {
        let web = try await WebFixture()
        try await web.test { client in
            let admin = try await client.logIn(SamplePolicy.admin)
            let page = String(buffer: try await Self.post(client, Array(Self.sheet.utf8), session: admin).body)
            #expect(page.contains("Новых контактов: 2, добавлено к контактам базы: 0"))
            let key = try #require(page.between(#"name="key" value=""#, #"""#))
            // Meanwhile a request from Борис arrives: his line would now be merged, not created.
            try await web.store.incoming(name: "Борис", phone: "+7 912 222-22-22")
            let before = try await Self.contacts(web)
            let refused = try await client.post("/admin/import/confirm", ["csrf": admin.csrf, "key": key], cookie: admin.cookie)
            #expect(refused.status == .conflict)
            let again = String(buffer: refused.body)
            #expect(again.contains("База изменилась после проверки (строка 3"))
            #expect(again.contains("Новых контактов: 1, добавлено к контактам базы: 1"))
            #expect(try await Self.contacts(web) == before)
            #expect(try await Self.imports(web) == 0)
            let newKey = try #require(again.between(#"name="key" value=""#, #"""#))
            #expect(newKey != key)
            let confirmed = try await client.post("/admin/import/confirm", ["csrf": admin.csrf, "key": newKey], cookie: admin.cookie)
            #expect(confirmed.status == .seeOther)
            #expect(try await Self.contacts(web) == before + 1)
        }
    }

    @Test func badUploadsGetAClearErrorAndChangeNothing() async throws {
        let web = try await WebFixture()
        let before = try await Self.contacts(web)
        try await web.test { client in
            let admin = try await client.logIn(SamplePolicy.admin)
            let noPhones = try await Self.post(client, Array("Имя;Город\nАнна;Москва\n".utf8), session: admin)
            #expect(noPhones.status == .unprocessableContent)
            #expect(String(buffer: noPhones.body).contains("Файл не удалось прочитать как таблицу клиентов: нет столбца телефонов или адресов почты: первая строка должна называть столбцы (Телефон, Email, ФИО, …), а в ней «Имя», «Город». Ничего не импортировано."))
            let empty = try await Self.post(client, [], session: admin)
            #expect(empty.status == .unprocessableContent)
            #expect(String(buffer: empty.body).contains("Выберите файл CSV."))
            let noToken = try await Self.post(client, Array(Self.sheet.utf8), session: admin, csrf: false)
            #expect(noToken.status == .forbidden)
            let huge = try await Self.post(client, [UInt8](repeating: UInt8(ascii: "a"), count: MultipartForm.maxBytes + 1), session: admin)
            #expect(huge.status == .contentTooLarge)
            #expect(String(buffer: huge.body).contains("Файл больше 16 МБ"))
        }
        #expect(try await Self.contacts(web) == before)
        #expect(web.store.logs.entries.contains { $0.metadata["rule"] == "web.upload-size" })
    }
}
