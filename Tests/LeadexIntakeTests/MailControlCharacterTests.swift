import Foundation
import LeadexIntake
import LeadexStore
import Testing

/// What people read of a lead from mail (title, contact name, company, text, what admins see of
/// ignored mail) never holds a control character other than newline and tab, whichever way the
/// mail smuggles one in: encoded words, 8-bit bytes, C1 bytes of latin-1, HTML entities, form
/// fields, bodies of any transfer encoding, attachment names.
@Suite("Control characters in mail")
struct MailControlCharacterTests {
    /// Every C0 control, DEL and every C1 control.
    static let controls: [UInt32] = Array(0x00...0x1F) + [0x7F] + Array(0x80...0x9F)

    static func qEncoded(_ scalar: UInt32, around text: String) -> String {
        let bytes = Array(text.utf8.prefix(4)) + Array(String(Unicode.Scalar(scalar)!).utf8) + Array(text.utf8.dropFirst(4))
        return "=?utf-8?Q?" + bytes.map { String(format: "=%02X", $0) }.joined() + "?="
    }

    /// One mail per way in, each carrying `scalar`.
    static func mails(with scalar: UInt32) -> [[UInt8]] {
        let c = String(Unicode.Scalar(scalar)!)
        let c8 = Array(c.utf8)
        let base64Body = Data(("Хотим заказать\(c) 50 столов\r\nТел. +7 912 345-67-89\(c)\r\n").utf8).base64EncodedString()
        var mails: [[UInt8]] = []
        // Encoded words in Subject and From; a base64 UTF-8 body.
        mails.append(Array("""
            From: \(qEncoded(scalar, around: "Иван Петров")) <ivan@example.ru>\r
            Subject: \(qEncoded(scalar, around: "Запрос цены"))\r
            Message-ID: <ew-\(scalar)@example.ru>\r
            Content-Type: text/plain; charset=utf-8\r
            Content-Transfer-Encoding: base64\r
            \r
            \(base64Body)\r

            """.utf8))
        // Raw bytes in headers and body (8bit); a latin-1 byte is a C1 control when ≥ 0x80.
        let raw: [UInt8] = scalar < 0x80 ? [UInt8(scalar)] : [UInt8(scalar)]
        mails.append(Array("From: Ivan".utf8) + raw + Array(" Petrov <ivan@example.ru>\r\nSubject: Price".utf8) + raw
            + Array(" request\r\nContent-Type: text/plain; charset=iso-8859-1\r\n\r\nWe want".utf8) + raw
            + Array(" 50 tables. Tel. +7 912 345-67-89\r\nCompany: ACME".utf8) + raw + Array("\r\n".utf8))
        // HTML with the control as a numeric entity and raw.
        mails.append(Array("""
            From: ivan@example.ru\r
            Subject: html\r
            Content-Type: text/html; charset=utf-8\r
            \r
            <p>Хотим&#\(scalar); заказать &#x\(String(scalar, radix: 16)); столы</p><p>Тел. +7 912 345-67-89</p>\r

            """.utf8) + c8)
        // A website form: every field carries it; an attachment name too.
        mails.append(Array("""
            From: Сайт <noreply@site.ru>\r
            Subject: Заявка с сайта\r
            Content-Type: multipart/mixed; boundary="b"\r
            \r
            --b\r
            Content-Type: text/plain; charset=utf-8\r
            \r
            Имя: Анна\(c) Смирнова\r
            Телефон: +7 900 123-45-67\r
            Email: anna@mail.ru\r
            Компания: ООО\(c) Ромашка\r
            Страница: https://site.ru/\(c)\r
            Комментарий: Нужен\(c) расчёт\r
            --b\r
            Content-Type: application/pdf\r
            Content-Disposition: attachment; filename*=utf-8''%\(String(format: "%02X", c8[0]))%5B2J.pdf\r
            \r
            JVBERi0=\r
            --b--\r

            """.utf8))
        // An auto-reply: ignored, but its subject and sender are shown to admins.
        mails.append(Array("""
            From: \(qEncoded(scalar, around: "Robot")) <robot@example.ru>\r
            Subject: \(qEncoded(scalar, around: "Автоответ: я в отпуске"))\r
            Auto-Submitted: auto-replied\r
            \r
            Я в отпуске\r

            """.utf8))
        return mails
    }

    static func offending(_ text: String, allowLines: Bool) -> [UInt32] {
        text.unicodeScalars.map(\.value).filter { v in
            (v < 0x20 || v == 0x7F || (0x80...0x9F).contains(v)) && !(allowLines && (v == 0x0A || v == 0x09))
        }
    }

    @Test("no control character but newline and tab reaches a lead, for every control and every way in")
    func everyControlEveryPath() {
        let decider = MessageDecider(mailbox: "sales")
        var leads = 0
        for scalar in Self.controls {
            for (index, mail) in Self.mails(with: scalar).enumerated() {
                let item = decider.decide(serverKey: "1:\(index)", bytes: mail)
                let where_ = "U+\(String(scalar, radix: 16)) in mail \(index)"
                #expect(Self.offending(item.subject ?? "", allowLines: false).isEmpty, "subject, \(where_)")
                #expect(Self.offending(item.sender ?? "", allowLines: false).isEmpty, "sender, \(where_)")
                for name in item.attachments { #expect(Self.offending(name, allowLines: false).isEmpty, "attachment, \(where_)") }
                guard case .lead(let lead) = item.decision else { continue }
                leads += 1
                #expect(Self.offending(lead.title, allowLines: false).isEmpty, "title, \(where_): \(lead.title.debugDescription)")
                #expect(Self.offending(lead.contact.name, allowLines: false).isEmpty, "name, \(where_): \(lead.contact.name.debugDescription)")
                #expect(Self.offending(lead.contact.company ?? "", allowLines: false).isEmpty, "company, \(where_)")
                for email in lead.contact.emails { #expect(Self.offending(email, allowLines: false).isEmpty && !email.contains(" "), "email, \(where_)") }
                #expect(Self.offending(lead.text, allowLines: true).isEmpty, "text, \(where_): \(lead.text.debugDescription)")
            }
        }
        // Four of the five mails are requests, whatever the control character did to them.
        #expect(leads == Self.controls.count * 4)
    }

    @Test("the text keeps its words and lines: in a text a control character is dropped, CR and CRLF become LF; in a title it is a space")
    func textSurvives() throws {
        let mail = "From: ivan@example.ru\r\nSubject: a\u{1B}[2Jb\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\nline\u{7}one\rline two\r\n\ttabbed\u{1B}[0m\r\n"
        let item = MessageDecider(mailbox: "sales").decide(serverKey: "1:1", bytes: Array(mail.utf8))
        guard case .lead(let lead) = item.decision else { Issue.record("not a lead"); return }
        #expect(lead.title == "a [2Jb")
        #expect(lead.text == "lineone\nline two\n\ttabbed[0m")
    }
}
