import Testing
import LeadexMail

/// The identity of a mail's content, by which the loop guard sees the same mail repeat.
@Suite("Mail loop key")
struct MailLoopKeyTests {
    func key(_ subject: String, _ body: String, from: String = "a@firm.ru") -> String {
        let m = parse("From: \(from)\nSubject: \(subject)\n\n\(body)")
        return MailLoop.contentKey(sender: from, subject: m.subject, message: m)
    }

    @Test func replyPrefixesAndTheirCaseDoNotMakeAnotherMail() {
        let plain = key("Заявка на поставку", "Текст")
        for subject in ["Re: Заявка на поставку", "RE: FWD: Заявка на поставку", "Ответ: re:Заявка на поставку", "  Fw: Заявка на поставку"] {
            #expect(key(subject, "Текст") == plain, "\(subject)")
        }
        #expect(key("Заявка на поставку: срочно", "Текст") != plain)
    }

    @Test func anotherSenderTextOrSubjectIsAnotherMail() {
        let plain = key("Заявка", "Текст")
        #expect(plain.count == 16)
        #expect(key("Заявка", "Текст.") != plain)
        #expect(key("Заявка", "Текст", from: "b@firm.ru") != plain)
        #expect(key("Заявк", "аТекст") != plain, "fields do not run into each other")
    }
}
