import Foundation
import LeadexConfig
import LeadexCore
import Testing

/// `display_name` on `[[inbox]]` and `[[form]]`: what people read for a source, in the policy
/// every Wording takes its titles from; a bad one is a problem at its line.
extension InboxConfigTests {
    static let feedForm = """
        [[form]]
        name = "site"
        url = "https://example.ru/feed"
        format = "json"
        id_field = "id"
        [form.fields]
        phone = "phone"

        """

    @Test func displayNamesTitleTheirSourcesEverywhereWordingIsUsed() throws {
        let (loaded, problems) = try load(
            Self.salesInbox.replacingOccurrences(of: "user = \"sales\"\n", with: "user = \"sales\"\ndisplay_name = \"  Почта отдела продаж \"\n")
                + Self.feedForm.replacingOccurrences(of: "id_field = \"id\"\n", with: "id_field = \"id\"\ndisplay_name = \"Сайт: форма обратного звонка\"\n")
                + """
                [[form]]
                name = "contact-page"
                display_name = "Сайт: контакты 🌐"
                [form.probe]
                url = "https://example.ru/contact/submit"
                mailbox = "sales"
                [form.probe.fields]
                comment = "{token}"
                """)
        #expect(problems == [])
        let config = try #require(loaded)
        #expect(config.inboxes.first?.displayName == "Почта отдела продаж")
        #expect(config.forms.map(\.displayName) == ["Сайт: форма обратного звонка", "Сайт: контакты 🌐"])
        #expect(config.forms.first?.title == "Заявка с сайта", "title still titles the leads")
        let wording = Wording(language: .ru, zone: ZoneRules(TimeZone(identifier: "UTC")!), policy: config.policy)
        #expect(wording.source(LeadSource(kind: .mail, name: "sales")) == "Почта отдела продаж")
        #expect(wording.source(LeadSource(kind: .form, name: "site")) == "Сайт: форма обратного звонка")
        #expect(wording.source(LeadSource(kind: .form, name: "contact-page")) == "Сайт: контакты 🌐")
        #expect(wording.source(LeadSource(kind: .form, name: "other")) == "Форма other", "without one: as today")
    }

    @Test func aBlankMultiLineOrLongDisplayNameIsAProblemAtItsLine() throws {
        let long = String(repeating: "я", count: 81)
        let (_, problems) = try load(
            Self.salesInbox.replacingOccurrences(of: "user = \"sales\"\n", with: "user = \"sales\"\ndisplay_name = \" \"\n")
                + Self.feedForm.replacingOccurrences(of: "id_field = \"id\"\n", with: "id_field = \"id\"\ndisplay_name = \"Сайт\\nформа\"\n")
                + Self.feedForm.replacingOccurrences(of: "\"site\"", with: "\"site2\"").replacingOccurrences(
                    of: "id_field = \"id\"\n", with: "id_field = \"id\"\ndisplay_name = \"\(long)\"\n"))
        #expect(problems == [
            "5: 'inbox.display_name' is empty: leave it out to show the name as it is",
            "12: 'form.display_name' must be one line of text, without line breaks or control characters",
            "20: 'form.display_name' is 81 characters long: at most 80, it is shown in tables and mail subjects",
        ])
    }
}
