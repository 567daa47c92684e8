import Testing
import Foundation
import LeadexMail

@Suite("Form mails and leads")
struct LeadExtractorTests {
    @Test("plain-text form: fields, multi-line comment, extra fields; the robot sender is ignored")
    func plainForm() throws {
        let lead = LeadExtractor().extract(from: try fixture("form_plain"))
        #expect(lead.isFormMail)
        #expect(lead.subject == "Заявка с сайта site.ru")
        #expect(lead.name == "Анна Смирнова")
        #expect(lead.email == "anna@mail.ru")
        #expect(lead.phones == ["+79001234567"])
        #expect(lead.company == "ООО «Ромашка»")
        // The comment, then the rest of the mail's own text (the site's heading).
        #expect(lead.text == "Нужен расчёт на 20 шкафов.\nДоставка в Казань.\n\nНовая заявка с сайта")
        #expect(lead.extraFields == [
            FormField(key: "Страница", value: "https://site.ru/catalog", kind: nil),
            FormField(key: "IP", value: "10.0.0.1", kind: nil),
        ])
        #expect(lead.messageID == "form1@site.ru")
    }

    @Test("HTML table form after HTML-to-text")
    func htmlForm() throws {
        let lead = LeadExtractor().extract(from: try fixture("form_html_table"))
        #expect(lead.isFormMail)
        #expect(lead.subject == "Обратный звонок")
        #expect(lead.name == "Иван Петров")
        #expect(lead.email == "ivan@corp.ru")
        #expect(lead.phones == ["+79120001122"])
        #expect(lead.text == "Перезвоните после 18:00 «срочно» ПП")
        #expect(lead.extraFields == [FormField(key: "utm_source", value: "yandex", kind: nil)])
        #expect(lead.contentHash != nil)
    }

    @Test("form detected by shape without a telling subject; Reply-To gives the address when the form has none")
    func formByShape() {
        let m = parse("""
        From: robot@site.ru
        Reply-To: Client <client@mail.ru>
        Subject: site.ru

        Name: John
        Phone: +7 912 111 22 33
        Message: call me
        """)
        let lead = LeadExtractor().extract(from: m)
        #expect(lead.isFormMail)
        #expect(lead.name == "John")
        #expect(lead.email == "client@mail.ru")
        #expect(lead.text == "call me")
    }

    @Test("a signature with Телефон:/E-mail: lines does not make a letter a form")
    func signatureIsNotForm() {
        let m = parse("""
        From: "Сергей" <sergey@firm.ru>
        Reply-To: sergey@firm.ru
        Subject: Вопрос по доставке

        Добрый день!
        Подскажите сроки доставки в Пермь.
        Спасибо.

        --
        Сергей Орлов
        Компания: ООО Орион
        Телефон: +7 342 200-10-10
        E-mail: sergey@firm.ru
        """)
        let lead = LeadExtractor().extract(from: m)
        #expect(!lead.isFormMail)
        #expect(lead.name == "Сергей")
        #expect(lead.email == "sergey@firm.ru")
        #expect(lead.company == "ООО Орион")
        #expect(lead.phones == ["+73422001010"])
        #expect(lead.text.hasPrefix("Добрый день!"))
    }

    @Test("configurable aliases")
    func customAliases() {
        var aliases = FormFieldAliases.default
        aliases.set("Контакт для связи", as: .phone)
        let m = parse("""
        From: robot@site.ru
        Subject: Новая заявка

        Контакт для связи: 8 912 777 66 55
        """)
        #expect(LeadExtractor(aliases: aliases).extract(from: m).phones == ["+79127776655"])
        #expect(LeadExtractor().extract(from: m).phones == ["+79127776655"]) // found in free text anyway
    }

    @Test("form labels are matched whatever their case, spacing, ё and trailing marks")
    func labelNormalization() {
        #expect(FormFieldAliases.normalizeKey("  Ваш   E-mail *:") == "ваш e-mail")
        #expect(FormFieldAliases.normalizeKey("Имя :") == "имя")
        #expect(FormFieldAliases.normalizeKey("Телефон.\t") == "телефон")
        #expect(FormFieldAliases.normalizeKey("Ёмкость") == "емкость")
        #expect(FormFieldAliases.normalizeKey("Е\u{0308}мкость") == "емкость", "ё as е + combining diaeresis")
        #expect(FormFieldAliases.normalizeKey(":*.") == "")
        #expect(FormFieldAliases.default.kind(for: "КОНТАКТНЫЙ   ТЕЛЕФОН:") == .phone)
    }

    @Test("ignored phones and Reply-To equal to From")
    func ignoredPhones() {
        let m = parse("""
        From: Ivan <ivan@x.ru>
        Reply-To: ivan@x.ru
        Subject: Перезвоните 8 912 345 67 89

        Наш офис: 8-800-555-35-35
        """)
        let lead = LeadExtractor(ignoredPhones: ["8 800 555 35 35"]).extract(from: m)
        #expect(lead.phones == ["+79123456789"])
        #expect(lead.name == "Ivan")
    }

    @Test func replySplitting() {
        let s = ReplyText.split("Да, подходит.\n\n12.03.2024, 10:30, Иван Петров написал(а):\n> Предлагаем встречу")
        #expect(s.fresh == "Да, подходит.")
        #expect(s.quoted?.hasSuffix("> Предлагаем встречу") == true)
        let fwd = ReplyText.split("-------- Пересылаемое сообщение --------\nОт: Клиент\nТекст")
        #expect(fwd.fresh.isEmpty)
        #expect(ReplyText.split("Просто текст").quoted == nil)
    }
}

@Suite struct ClassificationTests {
    @Test func autoReply() throws {
        let m = MIMEMessage.parse(try fixture("autoreply"))
        #expect(MailClassifier.classify(m) == .autoReply(reason: "Auto-Submitted: auto-replied"))
    }

    @Test func bounce() throws {
        let m = MIMEMessage.parse(try fixture("bounce"))
        #expect(MailClassifier.classify(m) == .bounce(reason: "multipart/report; report-type=delivery-status"))
        #expect(m.textBody == "I'm sorry to have to inform you that your message could not be delivered.")
        #expect(m.attachments.map(\.contentType) == ["message/delivery-status", "message/rfc822"])
    }

    @Test("header signs", arguments: [
        ("X-Failed-Recipients: a@b.ru", Classification.bounce(reason: "X-Failed-Recipients: a@b.ru")),
        ("From: postmaster@mx.ru", .bounce(reason: "sender postmaster@mx.ru")),
        ("Auto-Submitted: no", .lead),
        ("Auto-Submitted: auto-generated", .autoReply(reason: "Auto-Submitted: auto-generated")),
        ("X-Autoreply: yes", .autoReply(reason: "X-Autoreply: yes")),
        ("X-Autorespond: 1", .autoReply(reason: "X-Autorespond: 1")),
        ("Precedence: bulk", .autoReply(reason: "Precedence: bulk")),
        ("Precedence: junk", .autoReply(reason: "Precedence: junk")),
        ("Precedence: list", .autoReply(reason: "Precedence: list")),
        ("Content-Type: multipart/report; report-type=disposition-notification; boundary=x",
         .autoReply(reason: "multipart/report; report-type=disposition-notification")),
        ("Subject: Out of Office: test", .autoReply(reason: "subject starts with \"out of office\"")),
    ])
    func headers(header: String, expected: Classification) {
        let m = parse("\(header)\nX-Dummy: 1\n\nbody\n")
        #expect(MailClassifier.classify(m) == expected)
    }
}
