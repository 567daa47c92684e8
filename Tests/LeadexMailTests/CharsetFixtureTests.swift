import Testing
import Foundation
import LeadexMail

@Suite("Russian mail in every charset")
struct CharsetFixtureTests {
    static let expected = "Здравствуйте! Хотим заказать 50 столов. Перезвоните, пожалуйста: +7 (912) 345-67-89.\nС уважением, Пётр Сидоров"

    @Test("decodes body, subject and sender name", arguments: [
        "utf8_qp", "cp1251_base64", "koi8r_8bit", "iso88595_qp", "cp866_base64", "maccyrillic_8bit",
    ])
    func cyrillic(name: String) throws {
        let m = MIMEMessage.parse(try fixture(name))
        #expect(m.textBody == Self.expected)
        #expect(m.subject == "Запрос цены")
        #expect(m.from.first == MailAddress(name: "Пётр Сидоров", email: "petr@example.ru"))
        #expect(!m.charsetFallback)
        #expect(m.warnings.isEmpty)
        let lead = LeadExtractor().extract(from: m)
        #expect(lead.phones == ["+79123456789"])
        #expect(lead.messageID == "\(name)@example.ru")
    }

    @Test func latin1() throws {
        let m = MIMEMessage.parse(try fixture("latin1_qp"))
        #expect(m.textBody == "Grüße aus Köln! Wir möchten 5 Stühle bestellen. Tel. +49 221 1234567")
        #expect(!m.charsetFallback)
        #expect(LeadExtractor().extract(from: m).phones == ["+492211234567"])
    }

    @Test("an unknown label falls back to cp1251 and says so")
    func unknownLabel() throws {
        let m = MIMEMessage.parse(try fixture("unknown_charset"))
        #expect(m.textBody == Self.expected)
        #expect(m.charsetFallback)
        #expect(m.warnings.contains(.charsetFallback(partPath: "", declared: "x-cyrillic-unknown", used: "cp1251")))
        #expect(LeadExtractor().extract(from: m).charsetFallback)
    }

    @Test("charset label aliases", arguments: [
        ("cp1251", Charset.windows1251), ("Win-1251", .windows1251), ("WINDOWS-1251", .windows1251), ("x-cp1251", .windows1251),
        ("koi8r", .koi8r), ("KOI8-R", .koi8r), ("csKOI8R", .koi8r), ("ibm866", .cp866), ("866", .cp866),
        ("x-mac-cyrillic", .macCyrillic), ("MacCyrillic", .macCyrillic), ("ISO_8859-5", .iso88595),
        ("latin1", .latin1), ("ISO-8859-1", .latin1), ("US-ASCII", .usASCII), ("UTF8", .utf8), ("\"utf-8\"", .utf8),
    ])
    func aliases(label: String, charset: Charset) {
        #expect(Charset(label: label) == charset)
    }

    @Test func iconvForOtherCharsets() {
        // ISO-8859-2 has no table of ours: iconv decodes it.
        let d = Charset.decode([0x50, 0xF8, 0xED, 0x6C, 0x69, 0xB9], label: "iso-8859-2")
        #expect(d.text == "Příliš")
        #expect(!d.isFallback)
    }

    @Test func guessingWithoutLabel() {
        #expect(Charset.decode(Array("Привет".utf8), label: nil).text == "Привет")
        let koi = Charset.decode([0xD0, 0xD2, 0xC9, 0xD7, 0xC5, 0xD4, 0x20, 0xCD, 0xC9, 0xD2], label: nil)
        #expect(koi.text == "привет мир")
        #expect(koi.isFallback)
        #expect(Charset.decode([0xCF, 0xF0, 0xE8, 0xE2, 0xE5, 0xF2], label: "us-ascii").text == "Привет")
        // Labelled utf-8 but written in cp1251 (old PHP forms).
        #expect(Charset.decode([0xCF, 0xF0, 0xE8, 0xE2, 0xE5, 0xF2], label: "utf-8").text == "Привет")
    }
}
