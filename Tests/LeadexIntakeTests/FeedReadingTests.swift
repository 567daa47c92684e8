import Foundation
import LeadexConfig
import LeadexCore
import LeadexIntake
import LeadexStore
import Testing

/// Reading feeds and deciding pages, with no I/O.
@Suite struct FeedReadingTests {
    func json(_ text: String, items: [String] = ["items"]) throws -> FeedPage {
        try FeedPage.json(Data(text.utf8), items: items)
    }

    func unreadable(_ text: String, items: [String] = ["items"]) -> String {
        do {
            _ = try json(text, items: items)
            return "read"
        } catch {
            return (error as? FeedPage.Unreadable)?.message ?? "\(error)"
        }
    }

    @Test func jsonItemsAreFlattenedWithNumbersAsWrittenAndNullAsEmpty() throws {
        let page = try json(
            #"""
            {"meta": {"count": 2, "items": "not this one"}, "items": [
              {"id": 7, "phone": 79161234567, "contact": {"name": "Анна \"А\"", "city": {"ru": "Казань"}}, "tags": ["a", 1, {"x": 2}, null],
               "note": null, "ok": true, "esc": "line\nnext \u0416\ud83d\ude00 \/"},
              "not an object",
              {"id": "8", "extra": 1.5e3}
            ]}
            """#)
        #expect(page.items.count == 2)
        #expect(page.problems == ["item 2 is not an object"])
        let first = page.items[0]
        #expect(first["id"] == "7")
        #expect(first["phone"] == "79161234567")
        #expect(first["contact.name"] == "Анна \"А\"")
        #expect(first["contact.city.ru"] == "Казань")
        #expect(first["tags"] == "a, 1")
        #expect(first["note"] == "")
        #expect(first["ok"] == "true")
        #expect(first["esc"] == "line\nnext Ж😀 /")
        #expect(first["extra"] == nil)
        #expect(page.items[1]["extra"] == "1.5e3")
        #expect(page.items[1].position == "item 3")
        #expect(first.fields.map(\.name) == ["id", "phone", "contact.name", "contact.city.ru", "tags", "note", "ok", "esc"])
        // The document itself may be the list.
        #expect(try json(#"[{"id": 1}]"#, items: []).items.count == 1)
    }

    @Test func unreadableJSONSaysWhy() {
        #expect(unreadable(#"{"items": [{"id": 1,"#) == "not valid JSON (20 bytes): the document ends early at byte 20")
        #expect(unreadable(#"{"items": [{"id": 1}]} x"#).contains("text after the end of the document"))
        #expect(unreadable(#"{"items": [{"id": tru}]}"#).contains("unexpected 't'"))
        #expect(unreadable(#"{"data": []}"#) == "no 'items' in the document (it has: data): the feed's layout changed?")
        #expect(unreadable(#"{"items": {"id": 1}}"#) == "'items' is not a list of submissions")
        #expect(unreadable("<!DOCTYPE html><html>Войдите</html>") == "an HTML page instead of JSON (a login page?)")
        #expect(unreadable(#"{"items": ["a\u0001"]}"#.replacingOccurrences(of: "\\u0001", with: "\u{01}")).contains("control character"))
    }

    @Test func csvFollowsRFC4180() throws {
        let text = "\u{FEFF}id,name,comment\r\n1,Анна,\"Цена, срок\"\r\n\r\n2,\"Пётр \"\"П\"\"\",\"две\r\nстроки\"\n3,,\n"
        let table = try CSVTable.parse(Array(text.utf8))
        #expect(table.header == ["id", "name", "comment"])
        #expect(table.rows.map(\.cells) == [["1", "Анна", "Цена, срок"], ["2", "Пётр \"П\"", "две\r\nстроки"], ["3", "", ""]])
        #expect(table.rows.map(\.line) == [2, 4, 6])
        #expect { try CSVTable.parse(Array("a,b\n1,\"open\n".utf8)) } throws: { "\($0)" == "line 2: a quoted field never closes" }
        #expect(try CSVTable.parse(Array("a;b\n1;2".utf8), delimiter: UInt8(ascii: ";")).rows.first?.cells == ["1", "2"])
    }

    static let settings = FormSettings(
        name: "site", url: "file:///feed.json", format: .json(items: ["items"], id: "id"), cursor: .sinceID(parameter: "since_id"),
        fields: FormSettings.FieldMapping(name: ["name"], phone: ["phone", "tel"], email: ["email"], comment: ["comment"]))

    func plan(_ text: String, stored: String? = nil, batchSize: Int = 2) throws -> FeedPlan {
        FeedPlan(
            page: try json(text), decider: SubmissionDecider(settings: Self.settings), cursorField: "id", storedCursor: stored,
            batchSize: batchSize)
    }

    @Test func batchesCommitACursorOnlyWhenNothingLaterSortsBelowIt() throws {
        // Ascending ids: every batch moves the cursor.
        let ascending = try plan(#"{"items": [{"id": 8, "phone": "89120000001"}, {"id": 9, "phone": "89120000002"}, {"id": 10, "phone": "89120000003"}]}"#)
        #expect(ascending.batches.map(\.cursor) == ["9", "10"])
        // Newest first: only the last batch may commit, with the highest id.
        let descending = try plan(#"{"items": [{"id": 10, "phone": "89120000003"}, {"id": 9, "phone": "89120000002"}, {"id": 8, "phone": "89120000001"}]}"#)
        #expect(descending.batches.map(\.cursor) == [nil, "10"])
        // Old items again: the cursor stays.
        let old = try plan(#"{"items": [{"id": 3, "phone": "89120000003"}]}"#, stored: "10")
        #expect(old.batches.map(\.cursor) == [nil])
        #expect(old.finalCursor == nil)
    }

    @Test func itemsWithoutIdAreSkippedAndTheDecisionsMapFields() throws {
        let page = try plan(
            #"""
            {"items": [
              {"id": 1, "name": "Анна", "tel": "8 912 345-67-89, 8 (495) 123-45-67", "email": "Anna@Mail.RU", "comment": "Счёт", "page": "/x"},
              {"name": "Без номера", "phone": "89120000001", "comment": "", "email": ""},
              {"id": 3, "name": "Probe", "phone": "+7 900 000-00-00", "email": "", "comment": "check LEADEX-PROBE-0123456789abcdef0123"},
              {"id": 4, "name": "", "phone": "", "email": "нет", "comment": "?"}
            ]}
            """#, batchSize: 10)
        #expect(page.skipped == 1)
        // Counted over the pass, one problem for all its pages; the incident has no count.
        #expect(page.problems.isEmpty)
        var report = FormSyncReport()
        report.add(page)
        report.add(page)
        report.finish(idField: "id")
        #expect(report.problems == ["2 item(s) without an id in 'id': not taken"])
        #expect(report.incidents == ["items without an id in 'id'"])
        let items = page.items(of: page.batches[0])
        guard case .lead(let lead) = items[0].decision else { Issue.record("\(items[0].decision)"); return }
        #expect(lead.contact.phones.map(\.e164) == ["+79123456789", "+74951234567"])
        #expect(lead.contact.emails == ["anna@mail.ru"])
        #expect(lead.text == "Счёт\n\npage: /x")
        guard case .probe(let token, nil) = items[1].decision else { Issue.record("\(items[1].decision)"); return }
        #expect(token == "LEADEX-PROBE-0123456789abcdef0123")
        guard case .ignored(let reason) = items[2].decision else { Issue.record("\(items[2].decision)"); return }
        #expect(reason == "no contact data: phone ('phone' or 'tel') is empty; email ('email') is not a valid email")
    }

    @Test func probeTokensAreFoundInText() {
        let token = ProbeToken.make()
        #expect(token.count == ProbeToken.prefix.count + 20)
        #expect(ProbeToken.find(in: "Проверка \(token), не отвечайте") == token)
        #expect(ProbeToken.find(in: "LEADEX-PROBE-xyz") == nil)
        #expect(ProbeToken.find(in: "LEADEX-PROBE-0123456789ABCDEF0123") == nil)
        #expect(ProbeToken.make() != token)
        // Where the scan starts and stops: at the very start and end, after false starts.
        #expect(ProbeToken.find(in: token) == token)
        #expect(ProbeToken.find(in: "LEADEX LEADEX-PROBE LLL\(token)") == token)
        #expect(ProbeToken.find(in: "Текст " + token.dropLast()) == nil)
    }
}
