import Foundation
import LeadexCore
import LeadexMail
import Testing

@Suite("Outgoing mail: headers that cannot be injected and read back as written")
struct OutgoingMessageTests {
    @Test("a long Cyrillic subject becomes encoded words of at most 75 characters that decode back")
    func encodedWordsRoundTrip() {
        let subject = "Перезвонить: Иванов Сергей Петрович — коммерческое предложение на 550 тыс. ₽ 😀 и ещё немного текста"
        let encoded = HeaderEncoding.unstructured(subject)
        let words = encoded.components(separatedBy: "\r\n ")
        #expect(words.count > 1)
        #expect(words.allSatisfy { $0.count <= 75 && $0.hasPrefix("=?UTF-8?B?") && $0.hasSuffix("?=") })
        #expect(EncodedWord.decodeHeader(Array(encoded.utf8)) == subject)
    }

    @Test("control characters never reach a header; plain ASCII stays as it is")
    func sanitizing() {
        #expect(HeaderEncoding.unstructured("Call\r\nBcc: x@y.z") == "Call Bcc: x@y.z")
        #expect(HeaderEncoding.unstructured("Plain subject") == "Plain subject")
        #expect(HeaderEncoding.mailbox(name: "Ivanov, Sergey", address: "s@example.ru") == "\"Ivanov, Sergey\" <s@example.ru>")
        #expect(!HeaderEncoding.mailbox(name: "Иван\nBcc: x", address: "i@example.ru").contains("\n"))
    }

    @Test("bodies are base64 of CRLF text in lines of 76")
    func body() {
        let message = OutgoingMessage(
            from: .init(address: "leadex@example.ru"), to: [.init(address: "a@example.ru")], subject: "s",
            text: String(repeating: "строка\n", count: 40), date: Date(timeIntervalSince1970: 0), messageID: "m@example.ru")
        let text = String(decoding: message.render(zone: ZoneRules(TimeZone(identifier: "UTC")!)), as: UTF8.self)
        let body = text.components(separatedBy: "\r\n\r\n")[1]
        let lines = body.components(separatedBy: "\r\n").filter { !$0.isEmpty }
        #expect(lines.dropLast().allSatisfy { $0.count == 76 })
        let decoded = String(decoding: Data(base64Encoded: lines.joined())!, as: UTF8.self)
        #expect(decoded == String(repeating: "строка\r\n", count: 40))
        #expect(text.contains("Date: Thu, 1 Jan 1970 00:00:00 +0000\r\n"))
    }
}
