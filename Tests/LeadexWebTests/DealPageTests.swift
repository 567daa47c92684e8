import Foundation
import Hummingbird
import HummingbirdTesting
import LeadexConfig
import LeadexCore
import LeadexStore
import LeadexTesting
@testable import LeadexWeb
import NIOCore
import Testing

@Suite struct DealPageTests {
    /// A lead with markup in it, taken by Иван.
    func takenLead(_ web: WebFixture) async throws -> LeadID {
        let outcome = try await web.store.store.receive(
            IncomingLead(
                source: LeadSource(kind: .mail, name: "sales"), sourceRef: UUID().uuidString, title: "Окна <b>срочно</b>",
                text: "Здравствуйте!\n<script>alert(1)</script>\nПерезвоните.",
                contact: ContactDraft(name: "Анна <i>Клиент</i>", emails: ["anna@example.ru"], phones: [PhoneNumber("8 912 555-12-34")!])))
        guard case .created(let id, _, _) = outcome else { throw WebTestError.noToken }
        try await web.store.store.perform(.take, on: id, by: SamplePolicy.ivanov)
        return id
    }

    @Test func theDealShowsItsContactAsLinksAndItsTextAsPlainText() async throws {
        let web = try await WebFixture()
        let id = try await takenLead(web)
        try await web.test { client in
            let ivanov = try await client.logIn(SamplePolicy.ivanov)
            let page = String(buffer: try await client.get("/deals/\(id)", cookie: ivanov.cookie).body)
            #expect(page.contains(#"<a href="tel:+79125551234">+7 912 555-12-34</a>"#), "the phone as people write it, E.164 in the link")
            #expect(page.contains(#"<a href="mailto:anna@example.ru">anna@example.ru</a>"#))
            #expect(page.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
            #expect(!page.contains("<script>alert"))
            #expect(!page.contains("<i>Клиент</i>"))
            #expect(page.contains("Взята с биржи"))
        }
    }

    @Test func aNoteGoesIntoTheHistoryAndAnEmptyOneIsRefusedOnThePage() async throws {
        let web = try await WebFixture()
        let id = try await takenLead(web)
        try await web.test { client in
            let ivanov = try await client.logIn(SamplePolicy.ivanov)
            let saved = try await client.post("/deals/\(id)/note", ["csrf": ivanov.csrf, "text": "Позвонил, договорились о замере"], cookie: ivanov.cookie)
            #expect(saved.status == .seeOther)
            #expect(saved.headers[.location] == "/deals/\(id)?done=note")
            let page = String(buffer: try await client.get("/deals/\(id)?done=note", cookie: ivanov.cookie).body)
            #expect(page.contains("Позвонил, договорились о замере"))
            #expect(page.contains("Сохранено."))
            let empty = try await client.post("/deals/\(id)/note", ["csrf": ivanov.csrf, "text": "   "], cookie: ivanov.cookie)
            #expect(empty.status == .conflict)
            #expect(String(buffer: empty.body).contains("Заметка пуста"))
            let moved = try await client.post("/deals/\(id)/stage", ["csrf": ivanov.csrf, "stage": "call"], cookie: ivanov.cookie)
            #expect(moved.status == .seeOther)
        }
        let history = try await web.store.store.history(of: id, as: SamplePolicy.head)
        #expect(history.filter { $0.action == .note }.map(\.note) == ["Позвонил, договорились о замере"])
        #expect(try await web.store.store.lead(id, as: SamplePolicy.head).stage == "call")
    }

    @Test func anotherManagersDealIsNotFoundExactlyLikeAMissingOne() async throws {
        let web = try await WebFixture()
        let id = try await takenLead(web)
        try await web.test { client in
            let petrov = try await client.logIn(SamplePolicy.petrov)
            let other = try await client.get("/deals/\(id)", cookie: petrov.cookie)
            let missing = try await client.get("/deals/99999", cookie: petrov.cookie)
            #expect(other.status == .notFound)
            #expect(missing.status == .notFound)
            #expect(other.body == missing.body)
            let note = try await client.post("/deals/\(id)/note", ["csrf": petrov.csrf, "text": "чужая"], cookie: petrov.cookie)
            #expect(note.status == .notFound)
        }
        #expect(try await web.store.store.history(of: id, as: SamplePolicy.head).allSatisfy { $0.note != "чужая" })
    }

    @Test func myDealsAreGroupedByStageWithTimeAgainstTheNorm() async throws {
        let web = try await WebFixture()
        let fresh = try await takenLead(web)
        let old = try await takenLead(web)
        try await web.store.store.perform(.moveToStage("call"), on: old, by: SamplePolicy.ivanov)
        // The sample pipeline's "call" stage has a norm; three days is past any of them.
        web.store.clock.advance(by: .seconds(3 * 86_400))
        try await web.test { client in
            let ivanov = try await client.logIn(SamplePolicy.ivanov)
            let page = String(buffer: try await client.get("/deals", cookie: ivanov.cookie).body)
            #expect(page.contains("id=\"deal-\(fresh)\""))
            #expect(page.contains("id=\"deal-\(old)\""))
            let stages = web.store.store.policy.pipeline.stages
            let first = try #require(page.range(of: ">\(stages[0].title)"))
            let second = try #require(page.range(of: ">\(stages.first { $0.id == "call" }!.title)"))
            #expect(first.lowerBound < second.lowerBound)
            if stages.first(where: { $0.id == "call" })?.norm != nil {
                #expect(page.contains("class=\"lead deal over\" id=\"deal-\(old)\""))
            }
            // Пётр sees none of Иван's deals.
            let petrov = try await client.logIn(SamplePolicy.petrov)
            let his = String(buffer: try await client.get("/deals", cookie: petrov.cookie).body)
            #expect(!his.contains("deal-\(fresh)"))
            #expect(his.contains("Открытых сделок нет."))
        }
    }

    @Test func aRefusalNeedsItsNoteWhereTheReasonSaysSoAndAReminderAndKeepAreSet() async throws {
        let web = try await WebFixture()
        let id = try await takenLead(web)
        let noted = web.store.store.policy.refusalReasons.first { $0.requiresNote }!
        try await web.test { client in
            let ivanov = try await client.logIn(SamplePolicy.ivanov)
            let page = String(buffer: try await client.get("/deals/\(id)", cookie: ivanov.cookie).body)
            #expect(page.contains(#"<option value="\#(noted.id)">"#))
            // A callback: the quick choice, in the department's zone.
            let remind = try await client.post(
                "/deals/\(id)/remind", ["csrf": ivanov.csrf, "quick": "завтра 10:00", "note": "Перезвонить насчёт замера"], cookie: ivanov.cookie)
            #expect(remind.status == .seeOther)
            let noNote = try await client.post("/deals/\(id)/remind", ["csrf": ivanov.csrf, "at": "2030-01-01T10:00", "note": " "], cookie: ivanov.cookie)
            #expect(noNote.status == .unprocessableContent)
            let badTime = try await client.post("/deals/\(id)/remind", ["csrf": ivanov.csrf, "at": "когда-нибудь", "note": "x"], cookie: ivanov.cookie)
            #expect(badTime.status == .unprocessableContent)
            #expect(try await client.post("/deals/\(id)/keep", ["csrf": ivanov.csrf], cookie: ivanov.cookie).status == .seeOther)
            #expect(try await web.store.store.lead(id, as: SamplePolicy.head).status == .owned(by: SamplePolicy.ivanov, keep: true))
            // The reason that needs a note, without one: refused on the page, nothing changes.
            let refused = try await client.post("/deals/\(id)/refuse", ["csrf": ivanov.csrf, "reason": noted.id.rawValue, "note": ""], cookie: ivanov.cookie)
            #expect(refused.status == .conflict)
            #expect(String(buffer: refused.body).contains("Для этой причины нужна заметка"))
            #expect(try await web.store.store.lead(id, as: SamplePolicy.head).status.kind == .owned)
            let accepted = try await client.post(
                "/deals/\(id)/refuse", ["csrf": ivanov.csrf, "reason": noted.id.rawValue, "note": "Клиент пропал"], cookie: ivanov.cookie)
            #expect(accepted.status == .seeOther)
        }
        #expect(try await web.store.store.lead(id, as: SamplePolicy.head).status.kind == .conditionalRefusal)
        let reminders = try await web.store.store.reminders(of: id, as: SamplePolicy.head)
        #expect(reminders.map(\.note) == ["Перезвонить насчёт замера"])
        #expect(reminders.first.map { $0.dueAt > web.store.clock.now() } == true)
    }

    /// The error of an action as the page shows it: inside the form that was sent.
    func errorInForm(_ page: String, _ form: String) -> String? {
        guard let start = page.range(of: #"class="\#(form)""#), let end = page.range(of: "</form>", range: start.upperBound..<page.endIndex) else {
            return nil
        }
        return String(page[start.upperBound..<end.lowerBound]).between(#"<p class="error" role="alert""#, "</p>")
    }

    @Test func eachRefusalIsShownInTheFormThatCausedItInTheUsersLanguage() async throws {
        let web = try await WebFixture()
        let id = try await takenLead(web)
        let noted = web.store.store.policy.refusalReasons.first { $0.requiresNote }!
        try await web.test { client in
            let ivanov = try await client.logIn(SamplePolicy.ivanov)
            let refused = String(buffer: try await client.post(
                "/deals/\(id)/refuse", ["csrf": ivanov.csrf, "reason": noted.id.rawValue, "note": ""], cookie: ivanov.cookie).body)
            #expect(errorInForm(refused, "refuse")?.contains("Для этой причины нужна заметка") == true, "\(refused)")
            #expect(refused.contains(#"name="note" placeholder="Что произошло (* — обязательно)" aria-label="Что произошло (* — обязательно)" aria-invalid="true""#))
            #expect(refused.count(of: #"class="error""#) == 1, "shown once, next to its form")
            let empty = String(buffer: try await client.post("/deals/\(id)/note", ["csrf": ivanov.csrf, "text": " "], cookie: ivanov.cookie).body)
            #expect(errorInForm(empty, "note")?.contains("Заметка пуста") == true)
            // A past time is the core's refusal too, and reads in Russian like the rest of the page.
            let past = String(buffer: try await client.post(
                "/deals/\(id)/remind", ["csrf": ivanov.csrf, "at": "2020-01-01T10:00", "note": "Перезвонить"], cookie: ivanov.cookie).body)
            let pastError = errorInForm(past, "remind")
            #expect(pastError?.contains("прошл") == true, "\(pastError ?? past)")
            let noNote = String(buffer: try await client.post(
                "/deals/\(id)/remind", ["csrf": ivanov.csrf, "at": "2030-01-01T10:00", "note": " "], cookie: ivanov.cookie).body)
            #expect(errorInForm(noNote, "remind")?.contains("Напишите, о чём звонок") == true)
        }
        #expect(try await web.store.store.lead(id, as: SamplePolicy.head).status.kind == .owned)
        #expect(try await web.store.store.reminders(of: id, as: SamplePolicy.head).isEmpty)
    }

    @Test func theHistoryAndTheSourceReadInTitlesNamesAndLocalTimes() async throws {
        let web = try await WebFixture()
        let id = try await takenLead(web)
        let noted = web.store.store.policy.refusalReasons.first { $0.requiresNote }!
        let typed = try await web.store.store.addLead(
            try IncomingLead.manual(name: "Ирина Звонкова", phone: "8 912 555-00-99", email: nil, note: "Звонок: балкон", by: SamplePolicy.ivanov),
            take: true, by: SamplePolicy.ivanov)
        try await web.test { client in
            let ivanov = try await client.logIn(SamplePolicy.ivanov)
            _ = try await client.post(
                "/deals/\(id)/remind", ["csrf": ivanov.csrf, "quick": "завтра 10:00", "note": "Перезвонить насчёт замера"], cookie: ivanov.cookie)
            _ = try await client.post(
                "/deals/\(id)/refuse", ["csrf": ivanov.csrf, "reason": noted.id.rawValue, "note": "Клиент пропал"], cookie: ivanov.cookie)
            let page = String(buffer: try await client.get("/deals/\(id)", cookie: ivanov.cookie).body)
            #expect(page.contains("Условный отказ (\(noted.title))"), "the reason's title, not its id")
            #expect(!page.contains("(\(noted.id.rawValue))"))
            #expect(!page.contains(" UTC: "), "the reminder's due time is local, not the store's UTC text")
            #expect(page.contains("на ") && page.contains(" 10:00: Перезвонить насчёт замера"), "\(page.between("history", "</ol>") ?? page)")
            let manual = String(buffer: try await client.get("/deals/\(typed.lead.id!)", cookie: ivanov.cookie).body)
            #expect(manual.contains("Вручную (Иван Иванов)"), "the manager's name, not the login")
            #expect(!manual.contains("· ivanov"))
        }
    }
}
