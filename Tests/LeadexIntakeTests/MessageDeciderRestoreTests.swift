import LeadexCore
import LeadexIntake
import LeadexStore
import Testing

/// Restoring an ignored mail reads its original as a request whatever the classifier says: every
/// kind of "ignored" the decider can produce comes back as a lead with what the mail carries.
@Suite struct MessageDeciderRestoreTests {
    static func mail(_ headers: String, body: String = "Посчитайте 40 стульев, тел. +7 912 345-67-89") -> [UInt8] {
        Array("\(headers)\r\nSubject: Расчёт\r\nMessage-ID: <m1@client.ru>\r\n\r\n\(body)\r\n".utf8)
    }

    @Test func everyKindOfIgnoredMailBecomesALeadWhenReadAsARequest() throws {
        let decider = MessageDecider(mailbox: "sales")
        let cases: [(kind: String, bytes: [UInt8], email: String?)] = [
            ("auto-reply", Self.mail("From: Анна <anna@client.ru>\r\nAuto-Submitted: auto-replied"), "anna@client.ru"),
            ("out of office", Self.mail("From: Анна <anna@client.ru>\r\nPrecedence: bulk"), "anna@client.ru"),
            ("bounce", Self.mail("From: MAILER-DAEMON@mx.ru\r\nContent-Type: multipart/report; report-type=delivery-status; boundary=b"), nil),
            ("probe", Self.mail("From: site@firm.ru", body: "LEADEX-PROBE-0123456789abcdef0123"), "site@firm.ru"),
            ("no contact data", Self.mail("Sender: nobody", body: "Перезвоните"), nil),
        ]
        for (kind, bytes, email) in cases {
            let plain = decider.decide(serverKey: "1:1", bytes: bytes)
            if case .lead = plain.decision { Issue.record("\(kind): intake itself ignores this mail") }
            let restored = decider.decide(serverKey: "1:1", bytes: bytes, asRequest: true)
            guard case .lead(let lead) = restored.decision else {
                Issue.record("\(kind): \(restored.decision)")
                continue
            }
            #expect(lead.source.description == "mail:sales" && lead.sourceRef == "m1@client.ru", "\(kind)")
            #expect(lead.title == "Расчёт", "\(kind)")
            if let email { #expect(lead.contact.emails == [email], "\(kind)") }
        }
    }

    /// Only the headers of a message over the size limit are read: they are no original to
    /// restore from, and restoring must say the text is missing rather than make a lead of them.
    @Test func theHeadersOfAMessageOverTheSizeLimitAreNotKeptAsItsOriginal() {
        let decider = MessageDecider(mailbox: "sales")
        let headers = Self.mail("From: Анна <anna@client.ru>", body: "")
        #expect(decider.decide(serverKey: "1:1", bytes: headers).raw == headers)
        #expect(decider.decide(serverKey: "1:1", bytes: headers, truncated: true, size: 40 << 20).raw == nil)
    }
}
