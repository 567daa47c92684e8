import LeadexCore
import Testing

@Suite struct ClientSheetTests {
    @Test func windows1251IsDetectedWhenTheBytesAreNotUTF8() {
        // "Телефон;Имя" in windows-1251.
        let bytes: [UInt8] = [0xD2, 0xE5, 0xEB, 0xE5, 0xF4, 0xEE, 0xED, 0x3B, 0xC8, 0xEC, 0xFF, 0x3B, 0xA8, 0xB8, 0xB9]
        let (text, encoding) = SheetEncoding.decode(bytes)
        #expect(encoding == .windows1251)
        #expect(text == "Телефон;Имя;Ёё№")
        #expect(SheetEncoding.decode([0xEF, 0xBB, 0xBF] + Array("Имя".utf8)) == ("Имя", .utf8))
    }

    @Test(arguments: [
        ("ФИО", ClientSheet.Field.name), ("Контактное лицо", .name), ("Name", .name), ("Телефон", .phone), ("Тел.", .phone),
        ("Контактный телефон", .phone), ("Телефон 2", .phone), ("Mobile phone", .phone), ("E-mail", .email), ("Эл. почта", .email),
        ("Email компании", .email), ("Организация", .company), ("Комментарий", .note), ("Notes", .note),
    ])
    func headersInEitherLanguageAreRecognized(header: String, field: ClientSheet.Field) throws {
        let sheet = try ClientSheet(bytes: Array("\(header),Phone\n".utf8))
        #expect(sheet.columns.first?.field == field, "\(header)")
    }

    @Test func quotedCellsDelimitersAndSeveralPhonesInACell() throws {
        let csv = "Имя;Телефоны;Компания;Город\r\n\"Иван \"\"Ваня\"\"\";8 912 000-00-01, +7 (495) 000-00-02;\"ООО \"\"А; Б\"\"\nфилиал\";Тула\r\nПётр;нет;;\r\n"
        let sheet = try ClientSheet(bytes: Array(csv.utf8))
        #expect(sheet.delimiter == ";")
        #expect(sheet.ignoredColumns == ["Город"])
        #expect(sheet.rows.count == 1)
        let row = try #require(sheet.rows.first)
        #expect(row.name == "Иван \"Ваня\"")
        #expect(row.phones.map(\.e164) == ["+79120000001", "+74950000002"])
        #expect(row.company == "ООО \"А; Б\" филиал", "a cell over two lines is one line in a table")
        #expect(sheet.rejected.map(\.line) == [4])
        #expect(sheet.rejected.map(\.reason) == ["'нет' is not a phone number, and there is no email"])
    }

    @Test func controlCharactersInNamesAndBadAddressesRejectTheRow() throws {
        let csv = "Name,Phone,Email,Note\nEsc\u{1B}[2J,8 912 000-00-01,,\nBell,8 912 000-00-02,,ring\u{07}\nX,,x@,\nY,,a@b@c.ru,\nZ,,z@firm,\nOk,8 912 000-00-03,OK@Firm.RU,\"two\nlines\"\n"
        let sheet = try ClientSheet(bytes: Array(csv.utf8))
        #expect(sheet.rows.map(\.name) == ["Ok"])
        #expect(sheet.rows.first?.emails == ["ok@firm.ru"] && sheet.rows.first?.note == "two\nlines")
        #expect(sheet.rejected.map(\.line) == [2, 3, 4, 5, 6])
        #expect(sheet.rejected[0].reason.contains("U+001B") && !sheet.rejected[0].reason.contains("\u{1B}"))
        #expect(sheet.rejected[1].reason.contains("U+0007"))
        #expect(sheet.rejected[2].reason == "'x@' is not an email address, and there is no phone")
    }

    @Test func theOneAddressCheck() {
        for bad in ["x@", "@x.ru", "a@b@c", "a@b@c.ru", "a b@c.ru", "a@c", "a@.ru", "a@c.", "a@c..ru", "a<b>@c.ru", "a@c.ru\u{1B}", "a,b@c.ru"] {
            #expect(EmailAddress.normalized(bad) == nil, "\(bad)")
        }
        #expect(EmailAddress.normalized("  Ivan.Petrov+leads@Firm.example.RU ") == "ivan.petrov+leads@firm.example.ru")
        #expect(EmailAddress.normalized("клиент@почта.рф") == "клиент@почта.рф")
    }

    @Test func aFileWithoutPhonesOrEmailsOrWithAnOpenQuoteIsRefusedWhole() {
        #expect(throws: ClientSheet.Problem.self) { try ClientSheet(bytes: Array("Товар;Цена\nСтул;1500\n".utf8)) }
        #expect(throws: ClientSheet.Problem.self) { try ClientSheet(bytes: Array("Name,Phone\nA,\"8 912 000 00 00\nB,1\n".utf8)) }
        #expect(throws: ClientSheet.Problem.self) { try ClientSheet(bytes: []) }
    }
}
