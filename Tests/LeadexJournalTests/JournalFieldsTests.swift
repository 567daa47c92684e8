import LeadexJournal
import Logging
import Testing

@Suite struct JournalFieldsTests {
    @Test(arguments: [("lead_id", "LEAD_ID"), ("user", "USER"), ("inbox.name", "INBOX_NAME"), ("_secret", "SECRET"), ("1st", "ST"), ("Job", "JOB")])
    func metadataKeysBecomeJournalFieldNames(key: String, field: String) {
        #expect(JournalFields.fieldName(key) == field)
    }

    @Test func emptyOrInvalidKeysAreDropped() {
        #expect(JournalFields.fieldName("___") == nil)
        #expect(JournalFields.fieldName("") == nil)
        #expect(JournalFields.fieldName(String(repeating: "a", count: 100))?.count == 64)
    }

    @Test func prioritiesFollowSyslog() {
        #expect([Logger.Level.trace, .debug, .info, .notice, .warning, .error, .critical].map(JournalFields.priority) == [7, 7, 6, 5, 4, 3, 2])
    }

    func event(_ level: Logger.Level, _ message: String) -> LogEvent {
        LogEvent(level: level, message: "\(message)", metadata: nil, source: "test", file: "F.swift", function: "f()", line: 7)
    }

    @Test func anEventBecomesStructuredFields() {
        let fields = JournalFields.fields(
            for: event(.warning, "refused"), metadata: ["lead_id": "42", "user": "petrov", "message": "spoof"],
            identifier: "leadexd", label: "leadexd.exchange", personalData: false)
        let dictionary = Dictionary(fields, uniquingKeysWith: { first, _ in first })
        #expect(dictionary["MESSAGE"] == "refused")
        #expect(dictionary["PRIORITY"] == "4")
        #expect(dictionary["SYSLOG_IDENTIFIER"] == "leadexd")
        #expect(dictionary["LEAD_ID"] == "42")
        #expect(dictionary["USER"] == "petrov")
        #expect(dictionary["CODE_LINE"] == "7")
        #expect(dictionary["LOGGER"] == "leadexd.exchange")
        // Metadata cannot overwrite the fields the handler owns.
        #expect(fields.filter { $0.0 == "MESSAGE" }.count == 1)
    }

    @Test func personalDataIsHiddenAtInfoAndAboveUnlessAllowed() {
        let metadata: Logger.Metadata = ["phone": "+79123456789", "email": "a@b.ru", "lead_id": "1"]
        let hidden = Dictionary(JournalFields.fields(for: event(.info, "m"), metadata: metadata, identifier: "x", label: "x", personalData: false), uniquingKeysWith: { a, _ in a })
        #expect(hidden["PHONE"] == "[redacted]")
        #expect(hidden["EMAIL"] == "[redacted]")
        #expect(hidden["LEAD_ID"] == "1")
        let debug = Dictionary(JournalFields.fields(for: event(.debug, "m"), metadata: metadata, identifier: "x", label: "x", personalData: false), uniquingKeysWith: { a, _ in a })
        #expect(debug["PHONE"] == "+79123456789")
        let allowed = Dictionary(JournalFields.fields(for: event(.error, "m"), metadata: metadata, identifier: "x", label: "x", personalData: true), uniquingKeysWith: { a, _ in a })
        #expect(allowed["EMAIL"] == "a@b.ru")
    }
}
