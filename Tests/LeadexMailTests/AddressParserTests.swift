import Testing
import Foundation
import LeadexMail

@Suite struct AddressParserTests {
    @Test("display-name forms", arguments: [
        ("\"Иванов Иван\" <ivan@example.ru>", MailAddress(name: "Иванов Иван", email: "ivan@example.ru")),
        ("ivan@example.ru (Иван)", MailAddress(name: "Иван", email: "ivan@example.ru")),
        ("ivan@example.ru", MailAddress(name: nil, email: "ivan@example.ru")),
        ("<IVAN@Example.ru>", MailAddress(name: nil, email: "ivan@example.ru")),
        ("=?utf-8?B?0JjQstCw0L0=?= <ivan@example.ru>", MailAddress(name: "Иван", email: "ivan@example.ru")),
        ("\"=?utf-8?B?0JjQstCw0L0=?=\" <ivan@example.ru>", MailAddress(name: "Иван", email: "ivan@example.ru")),
        ("Ivan \"The\\\" Boss\" Petrov <ivan@example.ru>", MailAddress(name: "Ivan The\" Boss Petrov", email: "ivan@example.ru")),
        ("\"ivan@example.ru\" <ivan@example.ru>", MailAddress(name: nil, email: "ivan@example.ru")),
    ])
    func single(raw: String, expected: MailAddress) {
        #expect(AddressParser.parse(raw) == [expected])
    }

    @Test func lists() {
        let list = AddressParser.parse("\"Smith, John\" <j@x.ru>, team: a@x.ru, b@x.ru;, undisclosed-recipients:;")
        #expect(list.map(\.email) == ["j@x.ru", "a@x.ru", "b@x.ru"])
        #expect(list.first?.name == "Smith, John")
        #expect(AddressParser.parse("<>").isEmpty)
    }
}
