import Testing
import Foundation
import LeadexCore
import LeadexMail

@Suite("MIME structure")
struct StructureTests {
    @Test("encoded-word subject split across folded lines, mid-character")
    func splitSubject() throws {
        let m = MIMEMessage.parse(try fixture("split_subject"))
        #expect(m.subject == "Коммерческое предложение — срочно")
        #expect(m.from.first == MailAddress(name: "Иванов Иван", email: "ivan@example.ru"))
        let lead = LeadExtractor().extract(from: m)
        #expect(lead.email == "ivan.personal@example.ru")
        #expect(lead.name == nil)
        #expect(lead.contentHash == SHA256.hexDigest(try fixture("split_subject")))
    }

    @Test("multipart/alternative prefers text/plain, soft line breaks joined")
    func alternative() throws {
        let m = MIMEMessage.parse(try fixture("alternative"))
        #expect(m.textSource == .plain)
        #expect(m.textBody == "Простой текст версии письма, достаточно длинный чтобы проверить мягкие переносы строк в quoted-printable кодировке.")
        #expect(m.attachments.isEmpty)
    }

    @Test("empty text/plain falls back to the HTML alternative")
    func htmlFallback() throws {
        let m = MIMEMessage.parse(try fixture("html_only"))
        #expect(m.textSource == .html)
        #expect(m.textBody == "Первая строка\nвторая строка\n\nАбзац\n\nпункт\nещё")
    }

    @Test("nested message/rfc822 is parsed and its text used when the outer mail has none")
    func nested() throws {
        let m = MIMEMessage.parse(try fixture("nested_rfc822"))
        guard case .message(let inner) = m.root.children.first?.body else {
            Issue.record("no nested message")
            return
        }
        #expect(inner.subject == "Запрос")
        #expect(inner.from.first?.name == "Мария")
        #expect(inner.textBody == "Нужна поставка бумаги, тел. 89031234567")
        #expect(m.textBody == inner.textBody)
        #expect(m.attachments.map(\.contentType) == ["message/rfc822"])
        #expect(m.attachments.first?.filename == "Запрос.eml")
        #expect(LeadExtractor().extract(from: m).phones == ["+79031234567"])
    }

    @Test("attachments: RFC 2231 continuations, encoded-word names, decoded sizes")
    func attachments() throws {
        let m = MIMEMessage.parse(try fixture("rfc2231_filename"))
        #expect(m.textBody == "Во вложении КП.")
        #expect(m.attachments.count == 2)
        let pdf = m.attachments[0]
        #expect(pdf.filename == "Коммерческое предложение 2024.pdf")
        #expect(pdf.contentType == "application/pdf")
        #expect(pdf.size == 9 + 1024)
        #expect(pdf.decodedContent().count == pdf.size)
        #expect(Array(pdf.decodedContent().prefix(5)) == Array("%PDF-".utf8))
        #expect(m.attachments[1].filename == "схема.png")
        #expect(m.attachments[1].isInline)
        #expect(m.attachments[1].size == 8)
        #expect(!m.textBody.contains("PDF"))
    }

    @Test("reply: ids, references, date, fresh text first")
    func reply() throws {
        let m = MIMEMessage.parse(try fixture("reply"))
        let lead = LeadExtractor().extract(from: m)
        #expect(lead.name == "Олег Кузнецов")
        #expect(lead.email == "client@firm.ru")
        #expect(lead.subject == "Re: Коммерческое предложение")
        #expect(lead.inReplyTo == "offer-17@leadex.test")
        #expect(lead.references == ["req-1@firm.ru", "offer-17@leadex.test"])
        #expect(lead.messageID == "reply-2@firm.ru")
        #expect(lead.contentHash == nil)
        #expect(lead.date?.timeIntervalSince1970 == 1_709_630_100)
        #expect(lead.text == "Согласны, выставляйте счёт. Мой мобильный 8-916-555-44-33.")
        #expect(lead.quotedText?.hasPrefix("-----Original Message-----") == true)
        // Our own number in the quoted part is not the client's.
        #expect(lead.phones == ["+79165554433"])
        #expect(lead.classification == .lead)
    }

    @Test func multipartRelatedAndMixedText() {
        let m = parse("""
        From: a@b.ru
        Content-Type: multipart/mixed; boundary=m

        --m
        Content-Type: multipart/related; boundary=r

        --r
        Content-Type: text/html; charset=utf-8

        <p>Смотрите схему</p><img src="cid:img1">
        --r
        Content-Type: image/png
        Content-ID: <img1>
        Content-Transfer-Encoding: base64

        iVBORw0KGgo=
        --r--
        --m
        Content-Type: text/plain; charset=utf-8

        Второй фрагмент
        --m--
        """)
        #expect(m.textBody == "Смотрите схему\n\nВторой фрагмент")
        #expect(m.attachments.map(\.contentID) == ["img1"])
        #expect(m.root.children.first?.children.count == 2)
        #expect(m.root.children.first?.children.last?.path == "1.2")
        #expect(m.warnings.isEmpty)
    }
}
