import Foundation
import LeadexIntake
import LeadexStore
import LeadexTesting
import Testing

/// The loop guard recognises loops — our own mail coming back, loop headers, the same content
/// repeating within an hour of the messages' own dates — and never volume from one sender.
@Suite struct MailLoopTests {
    let decider = MessageDecider(mailbox: "sales")
    // Two weeks before the store's manual clock: mails of a backlog are older than its reading.
    let start = Date(timeIntervalSince1970: 1_794_000_000)

    func record(_ mails: [[UInt8]], store: StoreFixture, batch: Int = 200) async throws -> [MailIntakeOutcome] {
        var outcomes: [MailIntakeOutcome] = []
        for chunk in stride(from: 0, to: mails.count, by: batch).map({ mails[$0..<min($0 + batch, mails.count)] }) {
            let items = chunk.map { decider.decide(serverKey: "7:\(UUID().uuidString)", bytes: $0) }
            outcomes += try await store.store.recordMail(items, mailbox: "sales", cursor: nil)
        }
        return outcomes
    }

    func ignored(_ outcomes: [MailIntakeOutcome]) -> [String] {
        outcomes.compactMap { if case .ignored(let reason) = $0 { reason } else { nil } }
    }

    @Test(arguments: [1, 200])
    func aBusySitesFormMailsFromOneSenderAreNeverALoop(batch: Int) async throws {
        // 120 submissions within twenty minutes, all from noreply@site.ru, read as one backlog
        // (in batches of 200, or one message at a time as a quiet mailbox reads them).
        let store = try await StoreFixture()
        let mails = (0..<120).map { n in
            GeneratedMail.form(
                id: "form\(n)@site.ru", at: start.addingTimeInterval(Double(n) * 10), client: GeneratedMail.client(n), order: n,
                withEmail: n % 3 != 0)
        }
        let outcomes = try await record(mails, store: store, batch: batch)
        #expect(ignored(outcomes) == [])
        #expect(outcomes.allSatisfy { if case .created = $0 { true } else { false } })
        #expect(try await store.store.exchange().count == 120)
    }

    @Test func oneClientWritingManyDifferentLettersIsNotALoop() async throws {
        let store = try await StoreFixture()
        let client = GeneratedMail.client(7)
        let mails = (0..<45).map { n in
            GeneratedMail.letter(id: "l\(n)@firm7.ru", at: start.addingTimeInterval(Double(n) * 30), client: client, order: n)
        }
        let outcomes = try await record(mails, store: store)
        #expect(ignored(outcomes) == [])
        #expect(outcomes.filter { if case .created = $0 { true } else { false } }.count == 1)
        #expect(outcomes.filter { if case .addedToDeal = $0 { true } else { false } }.count == 44)
    }

    /// Twelve copies of one mail, new Message-IDs each: seconds apart (a robot answering
    /// itself), or a day apart by their own Date though the backlog is read in one pass (a
    /// client sending the same short request every morning).
    @Test(arguments: [(5.0, 12 - 5), (86_400.0, 0)])
    func theSameContentIsALoopOnlyWithinAnHourByItsOwnTime(spacing: TimeInterval, looped: Int) async throws {
        let store = try await StoreFixture()
        let client = GeneratedMail.client(3)
        let mails = (0..<12).map { n in
            GeneratedMail.letter(id: "copy\(n)@firm3.ru", at: start.addingTimeInterval(Double(n) * spacing), client: client, order: 1)
        }
        let outcomes = try await record(mails, store: store)
        let reasons = ignored(outcomes)
        // Within the hour the first five copies pass (a lead and four lines on its deal): README's cap.
        #expect(reasons.count == looped)
        #expect(reasons.allSatisfy { $0.hasPrefix("mail loop: the same mail more than 5 times") }, "\(reasons)")
        #expect(outcomes.filter { if case .created = $0 { true } else { false } }.count == 1)
    }

    @Test func aMailsImpossibleDateFallsBackToIntakesTimeAndTrapsNothing() async throws {
        let store = try await StoreFixture()
        let dates = [
            "Mon, 01 Jan 0001 00:00:00 +0000", "Fri, 31 Dec 9999 23:59:59 +1400", "Thu, 01 Jan 1970 00:00:00 -1200", "yesterday",
            "1 Jan 9223372036854775807 00:00:00 +0000", "9223372036854775807-01-01", "-9223372036854775807-01-01 10:00", "31 Dec -5 12:00",
        ]
        let mails = dates.enumerated().map { n, date in
            GeneratedMail.message(
                ["From: a\(n)@firm.ru", "Subject: Заказ", "Date: \(date)", "Message-ID: <d\(n)@firm.ru>"], body: "Позвоните: +7 916 000-00-1\(n)")
        }
        #expect(try await record(mails, store: store).allSatisfy { if case .created = $0 { true } else { false } })
    }

    @Test func ourOwnMailComingBackAndLoopHeadersAreLoops() async throws {
        let store = try await StoreFixture()
        let client = GeneratedMail.client(5)
        // A forwarder that dropped Auto-Submitted, but kept our own header.
        let own = GeneratedMail.letter(
            id: "leadex.reminder.1.x@our.ru", at: start, client: client, order: 1, headers: ["X-Leadex-Kind: reminder"])
        let xLoop = GeneratedMail.letter(id: "x1@firm5.ru", at: start, client: client, order: 2, headers: ["X-Loop: sales@our.ru"])
        let hops = GeneratedMail.letter(
            id: "x2@firm5.ru", at: start, client: client, order: 3,
            headers: (0..<40).map { "Received: from mx\($0).relay.ru by mx\($0 + 1).relay.ru; \(GeneratedMail.date(start))" })
        let outcomes = try await record([own, xLoop, hops], store: store)
        let reasons = ignored(outcomes)
        #expect(reasons.count == 3, "\(outcomes)")
        #expect(reasons.allSatisfy { $0.hasPrefix("mail loop: ") }, "\(reasons)")
        // A few relays and a client's own X-Loop-less mail are no loop.
        let normal = GeneratedMail.letter(
            id: "x3@firm5.ru", at: start, client: client, order: 4,
            headers: (0..<6).map { "Received: from mx\($0).relay.ru by mx\($0 + 1).relay.ru; \(GeneratedMail.date(start))" })
        #expect(ignored(try await record([normal], store: store)) == [])
    }
}
