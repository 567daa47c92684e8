import Testing
import LeadexMail

@Suite("What one message may cost")
struct MessageTextBoundTests {
    @Test("the text limit holds for all text parts of a message together, not for each")
    func manyTextParts() {
        var mail = "Subject: t\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n"
        for _ in 0..<20 {
            mail += "--b\r\nContent-Type: text/plain\r\n\r\n" + String(repeating: "a", count: 100_000) + "\r\n"
        }
        mail += "--b--\r\n"
        let m = MIMEMessage.parse(Array(mail.utf8), limits: MIMELimits(maxTextBytes: 250_000))
        #expect(m.textBody.utf8.count <= 250_000 + 20 * 2)
        #expect(m.textBody.utf8.count >= 200_000)
        #expect(m.warnings.contains(.textTruncated(partPath: "3", limit: 250_000)))
    }
}
