import Foundation

/// Mails as sites, clients and mail robots write them (CRLF line ends, UTF-8, 8bit), for
/// intake tests that need many different ones.
enum GeneratedMail {
    /// A person who writes or fills in a form: every client has an address and a phone of their own.
    struct Client: Sendable {
        var number: Int
        var firstName: String
        var lastName: String
        var email: String { "client\(number)@firm\(number).ru" }
        /// `+7 916 NNN-NN-NN`, unique per client number below 10,000,000.
        var phone: String {
            let n = String(format: "%07d", number)
            let d = Array(n)
            return "+7 916 \(String(d[0..<3]))-\(String(d[3..<5]))-\(String(d[5..<7]))"
        }
        var e164: String { "+7916" + String(format: "%07d", number) }
        var fullName: String { "\(firstName) \(lastName)" }
    }

    static let firstNames = ["Иван", "Анна", "Пётр", "Мария", "Сергей", "Ольга", "Дмитрий", "Елена"]
    static let lastNames = ["Петров", "Смирнова", "Орлов", "Кузнецова", "Соколов", "Волкова"]

    static func client(_ number: Int) -> Client {
        Client(number: number, firstName: firstNames[number % firstNames.count], lastName: lastNames[number % lastNames.count])
    }

    /// RFC 5322 date, as mailers write it.
    static func date(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(secondsFromGMT: 3 * 3600)
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss Z"
        return formatter.string(from: date)
    }

    /// Headers and a body joined into a message with CRLF line ends.
    static func message(_ headers: [String], body: String) -> [UInt8] {
        let all = headers + ["MIME-Version: 1.0", "Content-Type: text/plain; charset=utf-8", "Content-Transfer-Encoding: 8bit"]
        let text = all.joined(separator: "\n") + "\n\n" + body + "\n"
        return Array(text.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\n", with: "\r\n").utf8)
    }

    /// A site's form mail: always from the same robot address, the client only in the fields.
    static func form(
        id: String, at: Date, client: Client, order: Int, sender: String = "Сайт <noreply@site.ru>",
        subject: String = "Заявка с сайта site.ru", withEmail: Bool = true
    ) -> [UInt8] {
        var fields = ["Имя: \(client.fullName)", "Телефон: \(client.phone)"]
        if withEmail { fields.append("E-mail: \(client.email)") }
        fields.append("Сообщение: Нужен расчёт, заказ \(order)")
        fields.append("Страница: https://site.ru/catalog/\(order)")
        return message(
            ["From: \(sender)", "To: sales@our.ru", "Subject: \(subject)", "Date: \(date(at))", "Message-ID: <\(id)>"],
            body: "Новая заявка с сайта\n\n" + fields.joined(separator: "\n"))
    }

    /// A client's own letter whose subject looks like a form's, signed with a phone line.
    static func letter(
        id: String, at: Date, client: Client, order: Int, subject: String = "Заявка на поставку", signature: String = "Тел.:",
        headers: [String] = []
    ) -> [UInt8] {
        message(
            ["From: \(client.fullName) <\(client.email)>", "To: sales@our.ru", "Subject: \(subject)", "Date: \(date(at))",
             "Message-ID: <\(id)>"] + headers,
            body: """
                Добрый день!
                Просим выставить счёт на \(order) стульев, доставка до нашего склада.

                С уважением,
                \(client.fullName)
                \(signature) \(client.phone)
                """)
    }

    /// A client's answer in a thread we started: top-posted, the quote below.
    static func reply(id: String, at: Date, client: Client, to original: String, order: Int) -> [UInt8] {
        message(
            ["From: \(client.fullName) <\(client.email)>", "To: sales@our.ru", "Subject: Re: Заявка на поставку",
             "Date: \(date(at))", "Message-ID: <\(id)>", "In-Reply-To: <\(original)>", "References: <\(original)>"],
            body: """
                Да, заказ \(order) в силе, ждём счёт.

                > Добрый день! Уточните, пожалуйста, количество.
                """)
    }

    /// An out-of-office answer (RFC 3834).
    static func autoReply(id: String, at: Date, client: Client, order: Int) -> [UInt8] {
        message(
            ["From: \(client.fullName) <\(client.email)>", "To: sales@our.ru", "Subject: Автоответ: Заявка \(order)",
             "Date: \(date(at))", "Message-ID: <\(id)>", "Auto-Submitted: auto-replied"],
            body: "Я в отпуске до понедельника. По срочным вопросам: \(client.phone).")
    }
}
