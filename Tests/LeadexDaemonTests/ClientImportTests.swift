import Foundation
import GRDB
import LeadexCore
import LeadexTesting
import Testing

/// `leadexctl import` against the real daemon with a generated 10,000-row spreadsheet as Excel
/// on a Russian Windows writes it: windows-1251, ';'-separated, the same phone in different
/// formats, rows with nothing to call, an extra column and no note column.
@Suite(.serialized, .enabled(if: LocalAccounts.available, "creates Unix users with useradd: run as root (CI does)"))
struct ClientImportTests {
    @Test func tenThousandMessyRowsDryRunThenAllOrNothing() async throws {
        let leadex = try await ControlDaemon.start()
        let sheet = MessySheet(rows: 10_000, baseClients: 300)
        let database = leadex.directory.file("db.sqlite3")

        // The old base first: a small UTF-8 file with commas, headers in English.
        let base = try leadex.directory.write("base.csv", sheet.baseFile)
        let seeded = try await leadex.ctl(nil, "import", base, "--json")
        #expect(seeded.status == 0, "\(seeded.error)")
        #expect(try Self.contacts(database) == sheet.baseClients)

        // A file that is not a client list, and a broken one: refused whole, nothing changes.
        let notClients = try leadex.directory.write("prices.csv", "Товар;Цена\nСтул;1500\n")
        let refused = try await leadex.ctl(nil, "import", notClients)
        #expect(refused.status == 5, "invalid")
        #expect(refused.error.contains("no column of phones or emails"))
        let broken = try leadex.directory.write("broken.csv", "Name,Phone\nИван,\"8 912 000 00 00\nПётр,8 912 000 00 01\n")
        #expect(try await leadex.ctl(nil, "import", broken).status == 5)
        #expect(try Self.contacts(database) == sheet.baseClients)

        let file = leadex.directory.file("clients.csv")
        try Data(sheet.messyFile).write(to: URL(fileURLWithPath: file))

        // Dry run: the report, and nothing written.
        let dry = try await leadex.ctl(nil, "import", file, "--dry-run", "--json")
        #expect(dry.status == 0, "\(dry.error)")
        let report = try #require(try JSONSerialization.jsonObject(with: Data(dry.output.utf8)) as? [String: Any])
        #expect(report["encoding"] as? String == "windows-1251")
        #expect(report["delimiter"] as? String == ";")
        #expect(report["ignored_columns"] as? [String] == ["Город"])
        #expect(report["created"] as? Int == sheet.expectedCreated)
        #expect(report["merged"] as? Int == sheet.expectedMergedIntoBase)
        #expect(report["merged_in_file"] as? Int == sheet.expectedMergedInFile)
        #expect(report["rejected"] as? Int == sheet.expectedRejected)
        #expect(try Self.contacts(database) == sheet.baseClients, "a dry run changes nothing")
        let table = try await leadex.ctl(nil, "import", file, "--dry-run")
        #expect(table.output.contains("no phone and no email"))
        #expect(table.output.contains("'нет' is not a phone number, and there is no email"))
        #expect(table.output.contains("Nothing was changed (dry run)."))

        // Real run: refused whole while rows would be rejected; then with --skip-rejected.
        let strict = try await leadex.ctl(nil, "import", file)
        #expect(strict.status == 5)
        #expect(strict.error.contains("\(sheet.expectedRejected) rows of clients.csv would be rejected"))
        #expect(try Self.contacts(database) == sheet.baseClients)
        #expect(try await leadex.ctl("lxivanov", "import", file, "--skip-rejected").status == 2, "a manager may not import")

        let real = try await leadex.ctl(nil, "import", file, "--skip-rejected", "--json")
        #expect(real.status == 0, "\(real.error)")
        let done = try #require(try JSONSerialization.jsonObject(with: Data(real.output.utf8)) as? [String: Any])
        #expect(done["created"] as? Int == sheet.expectedCreated)
        #expect(try Self.contacts(database) == sheet.baseClients + sheet.expectedCreated)

        // One contact per person whatever the format; the base's contacts gained what the file knew.
        let queue = try DatabaseQueue(path: database)
        try await queue.read { [sheet] db in
            let duplicatedPhones = try Int.fetchOne(db, sql: "SELECT count(*) FROM (SELECT phone FROM contact_phone GROUP BY phone HAVING count(*) > 1)")
            #expect(duplicatedPhones == 0)
            let sample = sheet.client(try #require(sheet.repeatedSample))
            let ids = try Int64.fetchAll(db, sql: "SELECT contact_id FROM contact_phone WHERE phone = ?", arguments: [sample.e164])
            #expect(ids.count == 1)
            let emails = try String.fetchAll(db, sql: "SELECT email FROM contact_email WHERE contact_id = ?", arguments: [ids[0]])
            #expect(emails == [sample.email], "the duplicate row's email, written in capitals, is merged in lower case")
            let baseEmails = try Int.fetchOne(db, sql: "SELECT count(*) FROM contact_email WHERE email LIKE 'base%'")
            #expect(baseEmails == sheet.expectedMergedIntoBase, "base contacts got the emails of the rows merged into them")
        }
        let log = await leadex.stop()
        #expect(log.contains("rule=role") && log.contains("user=ivanov") && log.contains("action=import"))
        #expect(log.contains("clients imported") && log.contains("file=clients.csv"))
    }

    static func contacts(_ path: String) throws -> Int {
        try DatabaseQueue(path: path).read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM contact") ?? 0 }
    }
}

/// A generated client list with known answers: how many rows create, merge or are rejected.
struct MessySheet {
    struct Client {
        var name: String
        var national: String  // ten digits, 9XXXXXXXXX
        var email: String
        var e164: String { "+7" + national }
    }

    let baseClients: Int
    var baseFile = "Name,Phone,Company\n"
    var messyFile: [UInt8] = []
    var expectedCreated = 0
    var expectedMergedIntoBase = 0
    var expectedMergedInFile = 0
    var expectedRejected = 0
    /// A new client that a later row repeats.
    var repeatedSample: Int?

    func client(_ i: Int) -> Client {
        Client(name: "Клиентов Клиент №\(i)", national: "9" + String(format: "%09d", 100_000_000 + i * 7), email: "client\(i)@example.ru")
    }

    /// The same number as people write it.
    static func format(_ national: String, _ style: Int) -> String {
        let d = Array(national)
        let (code, a, b, c) = (String(d[0..<3]), String(d[3..<6]), String(d[6..<8]), String(d[8..<10]))
        switch style % 5 {
        case 0: return "8 (\(code)) \(a)-\(b)-\(c)"
        case 1: return "+7 \(code) \(a) \(b) \(c)"
        case 2: return "7\(national)"
        case 3: return national
        default: return "8-\(code)-\(a)-\(b)-\(c)"
        }
    }

    init(rows: Int, baseClients: Int) {
        self.baseClients = baseClients
        // The base: clients 0..<baseClients with phones only.
        for i in 0..<baseClients { baseFile += "\(client(i).name),\(Self.format(client(i).national, i)),\n" }

        var text = "ФИО;Телефон;E-mail;Компания;Город\r\n"
        var seenBase: Set<Int> = []
        var next = baseClients  // clients not in the base
        for row in 0..<rows {
            switch row % 20 {
            case 0:
                // Nobody to call.
                text += "Без Контактов \(row);;;ООО «Ромашка»;Москва\r\n"
                expectedRejected += 1
            case 1 where row % 40 == 1:
                text += "Отказник \(row);нет;;;Тула\r\n"
                expectedRejected += 1
            case 2, 3:
                // A client already in the base, with the phone in another format and an email.
                let i = row % baseClients
                let c = client(i)
                if seenBase.insert(i).inserted {
                    expectedMergedIntoBase += 1
                    text += "\(c.name);\(Self.format(c.national, row + 1));base\(i)@example.ru;;Казань\r\n"
                } else {
                    expectedMergedInFile += 1
                    text += "\(c.name);\(Self.format(c.national, row + 2));;;Казань\r\n"
                }
            case _ where (4...6).contains(row % 20) && next > baseClients + 10:
                // A row repeating an earlier new client: another phone format, the email in capitals.
                let i = baseClients + (row * 31) % (next - baseClients)
                let c = client(i)
                expectedMergedInFile += 1
                repeatedSample = repeatedSample ?? i
                text += "\"\(c.name)\";\(Self.format(c.national, row + 3));\(c.email.uppercased());;\r\n"
            case 7:
                // Email only, a company with the delimiter and a line break in quotes, a short row.
                let c = client(next)
                next += 1
                expectedCreated += 1
                text += "\(c.name);;\(c.email);\"ООО \"\"Вектор; Плюс\"\"\nфилиал\"\r\n"
            default:
                let c = client(next)
                next += 1
                expectedCreated += 1
                text += "\(c.name);\(Self.format(c.national, row));\(row % 3 == 0 ? c.email : "")\r\n"
            }
        }
        messyFile = Self.windows1251(text)
    }

    /// Encodes Cyrillic (А..я, Ё, ё, №, «») in windows-1251.
    static func windows1251(_ text: String) -> [UInt8] {
        text.unicodeScalars.map { scalar in
            switch scalar.value {
            case 0..<0x80: UInt8(scalar.value)
            case 0x0410...0x044F: UInt8(scalar.value - 0x0410 + 0xC0)
            case 0x0401: 0xA8
            case 0x0451: 0xB8
            case 0x2116: 0xB9
            case 0x00AB: 0xAB
            case 0x00BB: 0xBB
            default: UInt8(ascii: "?")
            }
        }
    }
}
