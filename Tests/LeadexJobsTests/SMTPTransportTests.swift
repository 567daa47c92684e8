import Foundation
import LeadexConfig
import LeadexCore
import LeadexJobs
import LeadexMail
import LeadexStore
import LeadexTesting
import Testing

@Suite("SMTP through libcurl against a real aiosmtpd server")
struct SMTPTransportTests {
    func message(subject: String, name: String, text: String) -> [UInt8] {
        OutgoingMessage(
            from: .init(name: "Leadex", address: "leadex@example.ru"), to: [.init(name: name, address: "ivanov@example.ru")],
            subject: subject, text: text, date: Date(timeIntervalSince1970: 1_795_413_600), messageID: "test.1@example.ru"
        ).render(zone: ZoneRules(TimeZone(identifier: "Europe/Moscow")!))
    }

    func transport(_ smtp: SMTPFixture, user: String?) throws -> SMTPTransport {
        SMTPTransport(
            settings: SMTPSettings(url: smtp.url, user: user, password: .file(try smtp.passwordFile()), from: "leadex@example.ru"),
            caFile: smtp.caFile)
    }

    @Test("STARTTLS and implicit TLS, with AUTH: the bytes arrive as composed", arguments: [SMTPFixture.Mode.starttls, .smtps])
    func sends(mode: SMTPFixture.Mode) async throws {
        let smtp = try SMTPFixture(mode: mode)
        let bytes = message(subject: "Перезвонить: Иванов", name: "Иван Иванов", text: "Позвонить\nпо КП")
        try transport(smtp, user: smtp.user).send(envelopeFrom: "leadex@example.ru", recipients: ["ivanov@example.ru"], message: bytes)
        let received = smtp.messages()
        try #require(received.count == 1)
        #expect(received[0].authenticated)
        #expect(received[0].recipients == ["ivanov@example.ru"])
        #expect(received[0].bytes == bytes)
        #expect(received[0].header("Subject")?.hasPrefix("=?UTF-8?B?") == true)
        #expect(received[0].header("Date") == "Mon, 23 Nov 2026 09:00:00 +0300")
        #expect(received[0].header("Auto-Submitted") == "auto-generated")
        #expect(received[0].decodedBody == "Позвонить\r\nпо КП", "LF became CRLF")
        // Only CRLF line endings on the wire.
        #expect(!zip(received[0].bytes, received[0].bytes.dropFirst()).contains { $0.1 == 10 && $0.0 != 13 })
    }

    @Test("a login is configured but the server offers no AUTH: Leadex refuses to send, nothing arrives")
    func refusesUnauthenticated() async throws {
        let smtp = try SMTPFixture(offerAuth: false)
        let bytes = message(subject: "s", name: "n", text: "t")
        #expect(throws: SMTPTransport.Failure.self) {
            try transport(smtp, user: smtp.user).send(envelopeFrom: "leadex@example.ru", recipients: ["ivanov@example.ru"], message: bytes)
        }
        #expect(smtp.messages().isEmpty)
        // Without a login configured, such a server is fine (a relay on the same host).
        try transport(smtp, user: nil).send(envelopeFrom: "leadex@example.ru", recipients: ["ivanov@example.ru"], message: bytes)
        #expect(smtp.messages().count == 1)
    }

    @Test("CR/LF in a lead's name cannot inject headers")
    func noHeaderInjection() async throws {
        let smtp = try SMTPFixture()
        let evil = "Иван\r\nBcc: victim@example.com\r\nX-Evil: 1"
        let bytes = message(subject: "Call \(evil)", name: evil, text: "body")
        try transport(smtp, user: smtp.user).send(envelopeFrom: "leadex@example.ru", recipients: ["ivanov@example.ru"], message: bytes)
        let received = try #require(smtp.messages().first)
        #expect(received.header("Bcc") == nil)
        #expect(received.header("X-Evil") == nil)
        #expect(received.recipients == ["ivanov@example.ru"])
    }

    @Test("the wrong password fails, and the failure names the server, not the password")
    func wrongPassword() async throws {
        let smtp = try SMTPFixture()
        let directory = try TemporaryDirectory()
        let file = directory.file("pw")
        try Data("wrong".utf8).write(to: URL(fileURLWithPath: file))
        let transport = SMTPTransport(
            settings: SMTPSettings(url: smtp.url, user: smtp.user, password: .file(file), from: "leadex@example.ru"), caFile: smtp.caFile)
        do {
            try transport.send(envelopeFrom: "leadex@example.ru", recipients: ["a@example.ru"], message: message(subject: "s", name: "n", text: "t"))
            Issue.record("sent with a wrong password")
        } catch {
            #expect(!"\(error)".contains("wrong"))
        }
        #expect(smtp.messages().isEmpty)
    }
}
