import Testing
import LeadexMail

/// RFC 5322 comments (3.2.2): nested, with quoted pairs, anywhere CFWS may stand. They are not
/// part of the address or the display name; only the old `addr (Name)` form names the person.
@Suite("Comments in addresses")
struct AddressCommentTests {
    @Test("comments inside and around an address are dropped", arguments: [
        // RFC 5322 A.5.
        ("pete(his account)@silly.test(his host)", MailAddress(name: nil, email: "pete@silly.test")),
        ("Pete(A nice \\) chap) <pete(his account)@silly.test(his host)>", MailAddress(name: "Pete", email: "pete@silly.test")),
        ("<(lead)pete@ (nested (deeply (very)) \\( here) silly.test (trail)>", MailAddress(name: nil, email: "pete@silly.test")),
        ("John(middle)Smith <john@x.ru>", MailAddress(name: "John Smith", email: "john@x.ru")),
        ("\"Иван (не комментарий)\" <ivan@x.ru>", MailAddress(name: "Иван (не комментарий)", email: "ivan@x.ru")),
        ("(unclosed comment <a@b.ru>", MailAddress(name: nil, email: "")),
    ])
    func stripped(raw: String, expected: MailAddress) {
        let parsed = AddressParser.parse(raw)
        if expected.email.isEmpty {
            // A comment left open swallows the rest; nothing from inside it may become an address.
            #expect(parsed.allSatisfy { !$0.email.contains("(") && !$0.email.contains(" ") })
        } else {
            #expect(parsed == [expected])
        }
    }

    @Test("a display name made only of a comment is the name", arguments: [
        ("ivan@x.ru (Иван Петров)", MailAddress(name: "Иван Петров", email: "ivan@x.ru")),
        ("(Иван Петров) ivan@x.ru", MailAddress(name: "Иван Петров", email: "ivan@x.ru")),
        ("<ivan@x.ru> (Иван)", MailAddress(name: "Иван", email: "ivan@x.ru")),
        ("ivan@x.ru (=?utf-8?B?0JjQstCw0L0=?=)", MailAddress(name: "Иван", email: "ivan@x.ru")),
        ("ivan@x.ru (Ivan \\(Vanya\\) (the boss))", MailAddress(name: "Ivan (Vanya) (the boss)", email: "ivan@x.ru")),
    ])
    func commentAsName(raw: String, expected: MailAddress) {
        #expect(AddressParser.parse(raw) == [expected])
    }

    @Test("the group example of RFC 5322 A.5")
    func group() {
        let raw = "A Group(Some people):Chris Jones <c@(Chris's host.)public.example>, joe@example.org, John <jdoe@one.test> (my dear friend); (the end of the group)"
        #expect(AddressParser.parse(raw) == [
            MailAddress(name: "Chris Jones", email: "c@public.example"),
            MailAddress(name: nil, email: "joe@example.org"),
            MailAddress(name: "John", email: "jdoe@one.test"),
        ])
    }

    @Test("a commented From header gives a clean contact")
    func fromHeader() {
        let mail = "From: Pete(A nice \\) chap) <pete(his account)@silly.test(his host)>\r\nSubject: x\r\n\r\nЗвоните +7 912 345-67-89\r\n"
        let lead = LeadExtractor().extract(from: Array(mail.utf8))
        #expect(lead.email == "pete@silly.test")
        #expect(lead.name == "Pete")
    }
}
