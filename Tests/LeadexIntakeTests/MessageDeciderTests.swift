import Foundation
import LeadexCore
import LeadexIntake
import LeadexStore
import Testing

/// What the decider makes of a mail read as a form: nothing the client wrote is dropped.
@Suite struct MessageDeciderTests {
    func incoming(_ text: String) throws -> IncomingLead {
        let bytes = Array(text.replacingOccurrences(of: "\n", with: "\r\n").utf8)
        guard case .lead(let incoming) = MessageDecider(mailbox: "sales").decide(serverKey: "1:1", bytes: bytes).decision else {
            throw Failure(message: "not a lead")
        }
        return incoming
    }

    struct Failure: Error { var message: String }

    @Test func aFormMailWithoutACommentFieldKeepsTheClientsTextBesideItsAttachment() throws {
        let lead = try incoming("""
        From: Сайт <noreply@site.ru>
        Subject: Заявка с сайта
        Message-ID: <f1@site.ru>
        MIME-Version: 1.0
        Content-Type: multipart/mixed; boundary="b"

        --b
        Content-Type: text/plain; charset=utf-8

        Здравствуйте! Хочу узнать цену на диван из вложения.
        Имя: Иван
        Телефон: +7 916 555-44-33
        --b
        Content-Type: image/jpeg; name="divan.jpg"
        Content-Disposition: attachment; filename="divan.jpg"
        Content-Transfer-Encoding: base64

        /9j/4AAQSkZJRg==
        --b--
        """)
        #expect(lead.text.contains("Хочу узнать цену на диван из вложения."), "\(lead.text)")
        #expect(lead.text.contains("divan.jpg"))
        #expect(lead.contact.name == "Иван")
    }

    @Test func aLetterWithAFormLikeSubjectKeepsItsSenderAndText() throws {
        let lead = try incoming("""
        From: Олег Васильев <oleg@vector.ru>
        Subject: Заявка
        Message-ID: <l1@vector.ru>

        Добрый день! Нужен счёт на 20 стульев.

        Олег Васильев
        Тел.: +7 916 555-44-33
        """)
        #expect(lead.contact.emails == ["oleg@vector.ru"])
        #expect(lead.contact.name == "Олег Васильев")
        #expect(lead.contact.phones.map(\.e164) == ["+79165554433"])
        #expect(lead.text.contains("Нужен счёт на 20 стульев."))
    }
}
