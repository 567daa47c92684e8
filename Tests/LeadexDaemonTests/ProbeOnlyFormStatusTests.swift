import Foundation
import LeadexTesting
import Testing

/// `leadexctl status` for a form that only sends mail: shown, with no feed to poll.
extension ControlSocketTests {
    @Test func statusShowsAProbeOnlyFormAsHavingNoFeed() async throws {
        let leadex = try await ControlDaemon.start { directory in
            try directory.write("password", "secret\n")
            return """
                [[inbox]]
                name = "sales"
                url = "imaps://127.0.0.1:1/INBOX"
                user = "sales"
                password_file = "\(directory.file("password"))"
                [[form]]
                name = "contact-page"
                [form.probe]
                url = "https://example.ru/contact/submit"
                mailbox = "sales"
                [form.probe.fields]
                comment = "Автоматическая проверка {token}"
                """
        }
        let status = try await leadex.ctl("lxokk", "status").output
        let form = status.split(separator: "\n").first { $0.hasPrefix("Form contact-page") }
        #expect(form?.contains("no feed") == true, "\(status)")
        let json = try await leadex.ctl("lxokk", "status", "--json").output
        let object = try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any]
        let forms = object?["forms"] as? [[String: Any]]
        #expect(forms?.first?["name"] as? String == "contact-page" && forms?.first?["url"] == nil, "\(json)")
        let log = await leadex.stop()
        #expect(!log.contains("form feed not started"), "\(log)")
    }
}
