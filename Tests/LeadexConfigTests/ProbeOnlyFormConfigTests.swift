import Foundation
import LeadexConfig
import Testing

/// A `[[form]]` without a feed: a form that only sends mail, checked by its probe alone.
extension InboxConfigTests {
    static let salesInbox = """
        [[inbox]]
        name = "sales"
        url = "imaps://127.0.0.1:993/INBOX"
        user = "sales"
        password_file = "SECRET"

        """

    @Test func aFormWithoutAFeedIsProbeOnly() throws {
        let (config, problems) = try load(Self.salesInbox + """
            [[form]]
            name = "contact-page"
            [form.probe]
            url = "https://example.ru/contact/submit"
            mailbox = "sales"
            deadline = "15m"
            [form.probe.fields]
            your-name = "Проверка формы"
            your-message = "Автоматическая проверка {token}"
            """)
        #expect(problems == [])
        let form = try #require(config?.forms.first)
        #expect(form.name == "contact-page")
        #expect(form.url == nil)
        #expect(form.isProbeOnly)
        #expect(form.probe?.destination == .mailbox("sales"))
        #expect(form.probe?.deadline == .seconds(900))
    }

    @Test func aProbeOnlyFormNeedsAProbeBackByMailAndNoFeedSettings() throws {
        let (_, problems) = try load(Self.salesInbox + """
            [[form]]
            name = "nothing"

            [[form]]
            name = "feedless"
            [form.probe]
            url = "https://example.ru/submit"
            [form.probe.fields]
            comment = "{token}"

            [[form]]
            name = "half"
            format = "json"
            id_field = "id"
            [form.fields]
            phone = "tel"
            [form.probe]
            url = "https://example.ru/submit"
            mailbox = "sales"
            [form.probe.fields]
            comment = "{token}"
            """)
        #expect(problems == [
            "6: a [[form]] needs 'form.url' (its feed), or a [form.probe] with 'mailbox' for a form that only sends mail",
            "9: a [[form]] without 'url' is probe-only: its probe must come back by mail ('form.probe.mailbox')",
            "18: 'form.format' is for a feed, and this form has no 'url' (probe-only)",
            "19: 'form.id_field' is for a feed, and this form has no 'url' (probe-only)",
            "20: 'form.fields' is for a feed, and this form has no 'url' (probe-only)",
        ])
    }
}
