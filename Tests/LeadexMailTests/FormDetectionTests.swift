import Testing
import LeadexMail

/// A form mail needs more than a telling subject and one `Key:` line; and a mail read as a form
/// keeps its own text and, where the form gives no address, the sender's.
@Suite("Form detection")
struct FormDetectionTests {
    static let subjects = ["Заявка", "Заявка на поставку", "Re: заявка №15", "Обратный звонок", "Заказ звонка на завтра", "Вопрос с сайта"]
    static let signatures = [
        "Тел.: +7 (916) 555-44-33",
        "Тел: 8 916 555 44 33",
        "Телефон: +7 916 555-44-33",
        "Моб.: +79165554433",
        "Компания: ООО Вектор\nТел.: +7 916 555-44-33",
        "Тел.: +7 916 555-44-33\nСайт: vector.ru",
    ]

    @Test("a letter with a form-like subject and a phone line in its signature is a letter", arguments: subjects, signatures)
    func letterIsNotAForm(subject: String, signature: String) {
        let m = parse("""
        From: Олег Васильев <oleg@vector.ru>
        Subject: \(subject)

        Добрый день!
        Просим выставить счёт на 20 стульев, доставка до склада.

        С уважением,
        Олег Васильев
        \(signature)
        """)
        let lead = LeadExtractor().extract(from: m)
        #expect(!lead.isFormMail)
        #expect(lead.email == "oleg@vector.ru")
        #expect(lead.name == "Олег Васильев")
        #expect(lead.phones == ["+79165554433"])
        #expect(lead.text.contains("Просим выставить счёт на 20 стульев"))
    }

    @Test("a mail read as a form keeps the sender when the form has no address, and its own text", arguments: subjects)
    func formKeepsSenderAndText(subject: String) {
        let m = parse("""
        From: Олег Васильев <oleg@vector.ru>
        Subject: \(subject)

        Перезвоните, пожалуйста, после обеда.
        Имя: Олег
        Телефон: +7 916 555-44-33
        """)
        let lead = LeadExtractor().extract(from: m)
        #expect(lead.email == "oleg@vector.ru")
        #expect(lead.name == "Олег")
        #expect(lead.phones == ["+79165554433"])
        #expect(lead.text.contains("Перезвоните, пожалуйста, после обеда."))
    }

    @Test("1C-Bitrix's stock feedback mail is a form: its author, not the site, is the contact")
    func bitrixFeedback() {
        // Read as a letter, every such mail had the site's address as its contact: one contact
        // for every client, and each request after the first a line on the first one's deal.
        let m = parse("""
        From: admin@site.ru
        To: sales@site.ru
        Subject: site.ru: Сообщение из формы обратной связи

        Информационное сообщение сайта site.ru
        ------------------------------------------

        Вам было отправлено сообщение через форму обратной связи

        Автор: Олег Васильев
        E-mail автора: oleg@vector.ru

        Текст сообщения:
        Нужен счёт на 20 стульев.

        Сообщение сгенерировано автоматически.
        """)
        let lead = LeadExtractor().extract(from: m)
        #expect(lead.isFormMail)
        #expect(lead.name == "Олег Васильев")
        #expect(lead.email == "oleg@vector.ru")
        #expect(lead.text.hasPrefix("Нужен счёт на 20 стульев."))
    }

    @Test("a sender that may be the site's mailbox is kept in the text, not made every client's address")
    func foreignSiteMailboxIsKeptInTheText() {
        // A site on its own domain writing to a mailbox elsewhere: its From is neither a robot's
        // nor of the recipient's domain, but carries no client's name.
        let m = parse("""
        From: Мебель-Шоп <info@mebel-shop.ru>
        To: mebelshop@yandex.ru
        Subject: Заказ звонка

        Имя: Олег
        Телефон: +7 916 555-44-33
        """)
        let lead = LeadExtractor().extract(from: m)
        #expect(lead.isFormMail)
        #expect(lead.email == nil)
        #expect(lead.name == "Олег")
        #expect(lead.text.contains("info@mebel-shop.ru"), "\(lead.text)")
        // Without a phone the sender is the only way back to the client: it is the address.
        let noPhone = parse("From: Мебель-Шоп <info@mebel-shop.ru>\nSubject: Заказ звонка\n\nИмя: Олег\nГород: Пермь")
        #expect(LeadExtractor().extract(from: noPhone).email == "info@mebel-shop.ru")
    }

    @Test("a site's robot or its own mailbox never becomes the client's address")
    func siteSenderIsNotTheClient() {
        for from in ["Сайт <noreply@site.ru>", "wordpress@site.ru", "Сайт компании <info@our.ru>"] {
            let m = parse("""
            From: \(from)
            To: sales@our.ru
            Subject: Заявка с сайта

            Имя: Олег
            Телефон: +7 916 555-44-33
            """)
            let lead = LeadExtractor().extract(from: m)
            #expect(lead.isFormMail, "\(from)")
            #expect(lead.email == nil, "\(from)")
            #expect(lead.name == "Олег", "\(from)")
        }
    }
}
