import Foundation
import LeadexConfig
import LeadexCore
import LeadexIntake
import LeadexStore
import LeadexTesting
import Logging
import ServiceLifecycle
import Testing

/// A field renamed on the site (or in the feed's export): what the client typed is never lost,
/// only what really waits for the fix is held back, and the admins are warned once.
extension FormFeedTests {
    /// A whole export as a `file://` JSON feed, rewritten atomically as a site's export is.
    @discardableResult
    func export(_ items: [[String: String]], to directory: TemporaryDirectory) throws -> String {
        let data = try JSONSerialization.data(withJSONObject: ["data": ["submissions": items]], options: [.sortedKeys])
        return try directory.write("feed.json", String(decoding: data, as: UTF8.self))
    }

    @Test(arguments: [nil, ["utm_source"]] as [[String]?])
    func aRenamedFieldsValueIsKeptInTheLeadsText(extra: [String]?) async throws {
        var mapping = Self.mapping
        mapping.extra = extra
        let service = try feed(settings(fields: mapping))
        try server.submit(Self.anna)
        #expect(try await service.syncOnce().created == 1)

        // "phone" becomes "tel" on the site; the request still has an email, so it is a lead.
        try server.rename("phone", to: "tel")
        try server.submit([
            ("name", "Ольга"), ("phone", "89161112233"), ("email", "olga@example.ru"), ("company", ""), ("comment", "Позвоните"),
            ("utm_source", "vk"), ("city", "Казань"),
        ])
        let report = try await service.syncOnce()
        #expect(report.created == 1, "\(report)")
        let olga = try #require(try await leads().last)
        #expect(olga.contact.emails == ["olga@example.ru"])
        // Neither mapped nor in `extra`: still in the text, so the manager sees the phone.
        #expect(olga.lead.text.contains("tel: 89161112233"), "\(olga.lead.text)")
        #expect(olga.lead.text.contains("city: Казань"), "\(olga.lead.text)")
        #expect(olga.lead.text.contains("utm_source: vk"), "\(olga.lead.text)")
        #expect(olga.lead.text.hasPrefix("Позвоните"))
    }

    @Test func aRenameInAFeedServingItsWholeExportHoldsTheNewRequests() async throws {
        // Old items keep the old name in such a feed: the field is not missing in *every* item.
        try server.submit(Self.anna)
        let service = try feed(settings(cursor: .none))
        #expect(try await service.syncOnce().created == 1)
        try server.rename("phone", to: "tel")
        try server.submit([("name", "Пётр"), ("phone", "84951234567"), ("email", ""), ("company", ""), ("comment", "Только телефон")])
        let report = try await service.syncOnce()
        #expect(report.held == 1 && report.ignored == 0 && report.known == 1, "\(report)")
        #expect(report.problems.contains { $0.contains("schema changed: phone field 'phone' missing") }, "\(report)")
        #expect(try await store.store.formOutcomes("site") == ["lead": 1])

        var fixed = settings(cursor: .none)
        fixed.fields.phone = ["phone", "tel"]
        let after = try await feed(fixed).syncOnce()
        #expect(after.created == 1 && after.held == 0 && after.problems.isEmpty, "\(after)")
        let petr = try #require(try await leads().last)
        #expect(petr.contact.phones.map(\.e164) == ["+74951234567"])
        #expect(petr.lead.text.hasPrefix("Только телефон"))
    }

    @Test func heldBackCountsOnlyRequestsThatHaveNotLanded() async throws {
        let directory = try TemporaryDirectory()
        let path = try export(
            [["id": "1", "name": "Анна", "phone": "89123456789"], ["id": "2", "name": "Пётр", "email": "petr@example.ru"]], to: directory)
        let service = try feed(settings(cursor: .none, url: "file://\(path)"))
        #expect(try await service.syncOnce().created == 2)

        // The export's column is renamed: every item, those that landed too, now says "tel".
        try export(
            [
                ["id": "1", "name": "Анна", "tel": "89123456789"], ["id": "2", "name": "Пётр", "email": "petr@example.ru"],
                ["id": "3", "name": "Ольга", "tel": "89161112233"],
            ], to: directory)
        let report = try await service.syncOnce()
        #expect(report.held == 1 && report.known == 2 && report.created == 0, "\(report)")
        #expect(report.problems.contains("1 item(s) held back until the mapping is fixed: no contact data under the mapped names"), "\(report)")
        #expect(try await store.store.formStatus("site").feedProblem?.contains("1 item(s) held back") == true)
    }

    @Test func aChangedSchemaIsWarnedOncePerIncidentNotPerNewRequest() async throws {
        let directory = try TemporaryDirectory()
        var items: [[String: String]] = []
        var form = settings(cursor: .none, url: "file://\(directory.file("feed.json"))")
        form.pollInterval = .milliseconds(50)
        for index in 1...3 { items.append(["id": "\(index)", "name": "Клиент \(index)", "tel": "8916111223\(index)"]) }
        try export(Array(items.prefix(1)), to: directory)
        let group = ServiceGroup(configuration: .init(services: [.init(service: try feed(form))], logger: Logger(label: "test")))
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            // Each new request under the broken mapping is counted, not warned about again.
            for count in 1...3 {
                try export(Array(items.prefix(count)), to: directory)
                #expect(
                    try await eventually { try await store.store.formStatus("site").feedProblem?.contains("\(count) item(s) held back") == true })
            }
            await group.triggerGracefulShutdown()
            try await tasks.waitForAll()
        }
        let warnings = store.logs.entries.filter { $0.message.hasPrefix("form feed has problems") }
        #expect(warnings.count == 1, "\(warnings.map(\.message))")
        #expect(try await store.store.exchange().isEmpty)
    }

    @Test func aHeldRequestDoesNotStopAPagingFeedFromBringingTheRest() async throws {
        try server.control(["page_size": 2])
        try server.rename("phone", to: "tel")
        try server.submit([("name", "Пётр"), ("phone", "84951234567"), ("email", ""), ("comment", "Только телефон")])
        for index in 1...3 { try server.submit([("name", "Клиент \(index)"), ("phone", "8916111223\(index)"), ("email", "c\(index)@example.ru")]) }
        // The requests after the held one still land now.
        let report = try await feed(settings()).syncOnce()
        #expect(report.created == 3 && report.held == 1, "\(report)")
        #expect(try await store.store.formCursor("site") == "4")

        // Fixed: the held one lands, nothing doubles, the cursor catches up.
        var fixed = settings()
        fixed.fields.phone = ["phone", "tel"]
        let after = try await feed(fixed).syncOnce()
        #expect(after.created == 1 && after.held == 0, "\(after)")
        #expect(try await store.store.exchange().count == 4)
        #expect(try await store.store.formCursor("site") == "4")
    }

    @Test func aHeldRequestBecomesALeadAfterTheFixEvenIfTheFeedNoLongerListsIt() async throws {
        try server.rename("phone", to: "tel")
        try server.submit([("name", "Пётр"), ("phone", "84951234567"), ("email", ""), ("comment", "Только телефон")])
        let report = try await feed(settings()).syncOnce()
        #expect(report.held == 1 && report.created == 0, "\(report)")
        // Read again, it is still one held request, not a second one.
        #expect(try await feed(settings(cursor: .none)).syncOnce().held == 1)

        // The site keeps a few days of submissions: by the fix, the feed has forgotten it.
        try server.control(["clear": true])
        var fixed = settings()
        fixed.fields.phone = ["phone", "tel"]
        let after = try await feed(fixed).syncOnce()
        #expect(after.created == 1 && after.held == 0 && after.problems.isEmpty, "\(after)")
        let petr = try #require(try await leads().first)
        #expect(petr.contact.phones.map(\.e164) == ["+74951234567"])
        #expect(petr.contact.name == "Пётр")
        #expect(petr.lead.text.hasPrefix("Только телефон"))
        #expect(try await store.store.formOutcomes("site") == ["lead": 1])
        #expect(try await store.store.heldCount(of: "site") == 0)
        #expect(try await feed(fixed).syncOnce().created == 0)
    }

    @Test func aCursorFeedsChangedSchemaIsWarnedOncePerIncident() async throws {
        // Pages with new items show the schema problem, empty ones only the held count: the
        // incident is one all the same.
        var form = settings()
        form.pollInterval = .milliseconds(50)
        try server.rename("phone", to: "tel")
        let group = ServiceGroup(configuration: .init(services: [.init(service: try feed(form))], logger: Logger(label: "test")))
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            for count in 1...3 {
                try server.submit([("name", "Клиент \(count)"), ("phone", "8916111223\(count)"), ("email", ""), ("comment", "")])
                #expect(
                    try await eventually { try await store.store.formStatus("site").feedProblem?.contains("\(count) item(s) held back") == true })
                // An empty poll between the requests (the poll is stamped with the store's clock).
                store.clock.advance(by: .seconds(1))
                let now = store.clock.now()
                #expect(try await eventually { try await store.store.formStatus("site").lastPollAt == now })
            }
            await group.triggerGracefulShutdown()
            try await tasks.waitForAll()
        }
        let warnings = store.logs.entries.filter { $0.message.hasPrefix("form feed has problems") }
        #expect(warnings.count == 1, "\(warnings.map(\.message))")
    }

    @Test func aPageMixingItemsFromBeforeAndAfterARenameHoldsTheNewPhoneOnlyRequests() async throws {
        // A backlog read at once (the daemon was down while the site changed): the renamed
        // field is missing only in the later items, so the page as a whole still has it.
        try server.submit(Self.anna)
        try server.rename("phone", to: "tel")
        try server.submit([("name", "Пётр"), ("phone", "84951234567"), ("email", ""), ("company", ""), ("comment", "Только телефон")])
        let report = try await feed(settings()).syncOnce()
        #expect(report.created == 1 && report.held == 1 && report.ignored == 0, "\(report)")
        #expect(report.problems.contains { $0.hasPrefix("a phone or email in 'tel', a field the mapping does not read") }, "\(report)")

        var fixed = settings()
        fixed.fields.phone = ["phone", "tel"]
        let after = try await feed(fixed).syncOnce()
        #expect(after.created == 1 && after.held == 0 && after.problems.isEmpty, "\(after)")
        #expect(try await leads().last?.contact.phones.map(\.e164) == ["+74951234567"])
    }

    @Test func aSubmissionWithoutAnyContactIsStillIgnoredNotHeld() async throws {
        // A feed that leaves empty fields out: no phone or email key, and nothing like one.
        let directory = try TemporaryDirectory()
        let path = try export(
            [
                ["id": "1", "name": "Анна", "phone": "89123456789", "email": "anna@example.ru"],
                ["id": "2", "name": "Аноним", "comment": "Сколько стоит?", "utm_source": "yandex"],
            ], to: directory)
        let report = try await feed(settings(cursor: .none, url: "file://\(path)")).syncOnce()
        #expect(report.created == 1 && report.ignored == 1 && report.held == 0, "\(report)")
    }
}
