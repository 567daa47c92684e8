import Testing

@testable import LeadexIntake

@Suite struct IMAPResponseParserTests {
    /// A body whose lines look like the end of our command and like new mail.
    static let trickyBody = Array("From: a@example.com\r\n\r\na1 OK fake completion\r\n* 99 EXISTS\r\n{5}\r\nend\r\n".utf8)

    static var stream: [UInt8] {
        Array("* 2 FETCH (UID 7 RFC822.SIZE \(trickyBody.count) BODY[] {\(trickyBody.count)}\r\n".utf8) + trickyBody
            + Array(")\r\n* 3 EXISTS\r\na1 OK Fetch completed (0.001 + 0.000 secs).\r\n".utf8)
    }

    static func drain(_ parser: inout IMAPResponseParser) throws -> [IMAPResponse] {
        var responses: [IMAPResponse] = []
        while let response = try parser.next() { responses.append(response) }
        return responses
    }

    /// The responses when the stream arrives in two pieces, split at `split`.
    static func responses(_ stream: [UInt8], splitAt split: Int) throws -> [IMAPResponse] {
        var parser = IMAPResponseParser()
        parser.append(stream[..<split])
        var responses = try drain(&parser)
        parser.append(stream[split...])
        responses += try drain(&parser)
        return responses
    }

    @Test func aLiteralHidesLinesThatLookLikeResponses() throws {
        var parser = IMAPResponseParser()
        parser.append(Self.stream)
        let responses = try Self.drain(&parser)
        #expect(responses.count == 3)
        guard case .untagged(.fetch(sequence: 2, let items)) = responses.first else {
            Issue.record("expected a FETCH, got \(responses)")
            return
        }
        #expect(items.uid == 7)
        #expect(items.size == Self.trickyBody.count)
        #expect(items.section("BODY[]") == Self.trickyBody)
        #expect(responses[1] == .untagged(.exists(3)))
        guard case .tagged("a1", let status) = responses[2] else {
            Issue.record("expected the tagged OK")
            return
        }
        #expect(status.condition == .ok)
        #expect(parser.pendingByteCount == 0)
    }

    @Test func everySplitOfTheStreamGivesTheSameResponses() throws {
        var whole = IMAPResponseParser()
        whole.append(Self.stream)
        let expected = try Self.drain(&whole)
        let stream = Self.stream
        for split in 0...stream.count {
            #expect(try Self.responses(stream, splitAt: split) == expected, "split at \(split)")
        }
        var byteByByte = IMAPResponseParser()
        var responses: [IMAPResponse] = []
        for byte in stream {
            byteByByte.append([byte])
            responses += try Self.drain(&byteByByte)
        }
        #expect(responses == expected)
    }

    @Test func aHundredThousandUIDSearchLine() throws {
        let line = "* SEARCH " + (1...100_000).map(String.init).joined(separator: " ") + "\r\n"
        let bytes = Array(line.utf8)
        #expect(bytes.count > 500_000)
        var parser = IMAPResponseParser()
        var responses: [IMAPResponse] = []
        // In 4 KiB pieces, as recv hands them out.
        var offset = 0
        while offset < bytes.count {
            parser.append(bytes[offset..<min(offset + 4096, bytes.count)])
            responses += try Self.drain(&parser)
            offset += 4096
        }
        #expect(responses.count == 1)
        guard case .untagged(.search(let uids)) = responses.first else {
            Issue.record("expected SEARCH")
            return
        }
        #expect(uids.count == 100_000)
        #expect(uids.first == 1 && uids.last == 100_000)
    }

    @Test func emptySearchAndESearch() throws {
        #expect(try IMAPResponseParser.parse(Array("* SEARCH\r\n".utf8)) == .untagged(.search([])))
        let esearch = try IMAPResponseParser.parse(Array("* ESEARCH (TAG \"a4\") UID ALL 1:3,7,9:10 MIN 1 MAX 10 COUNT 6\r\n".utf8))
        #expect(
            esearch
                == .untagged(.esearch(IMAPESearch(tag: "a4", isUID: true, all: [1, 2, 3, 7, 9, 10], min: 1, max: 10, count: 6))))
        // No match: no ALL at all.
        #expect(try IMAPResponseParser.parse(Array("* ESEARCH (TAG \"a5\") UID\r\n".utf8)) == .untagged(.esearch(IMAPESearch(tag: "a5", isUID: true))))
    }

    @Test func selectResponses() throws {
        let lines = """
            * FLAGS (\\Answered \\Flagged \\Deleted \\Seen \\Draft)\r
            * OK [PERMANENTFLAGS (\\Answered \\Flagged \\Deleted \\Seen \\Draft \\*)] Flags permitted.\r
            * 4 EXISTS\r
            * 0 RECENT\r
            * OK [UIDVALIDITY 1795335162] UIDs valid\r
            * OK [UIDNEXT 5] Predicted next UID\r
            a2 OK [READ-WRITE] Select completed (0.001 + 0.000 secs).\r

            """
        var parser = IMAPResponseParser()
        parser.append(Array(lines.utf8))
        let responses = try Self.drain(&parser)
        #expect(responses.count == 7)
        #expect(responses[0] == .untagged(.other(name: "FLAGS", line: "* FLAGS (\\Answered \\Flagged \\Deleted \\Seen \\Draft)")))
        #expect(responses[2] == .untagged(.exists(4)))
        #expect(responses[3] == .untagged(.recent(0)))
        #expect(responses[4] == .untagged(.status(IMAPStatus(condition: .ok, code: .uidValidity(1_795_335_162), text: "UIDs valid"))))
        #expect(responses[5] == .untagged(.status(IMAPStatus(condition: .ok, code: .uidNext(5), text: "Predicted next UID"))))
        #expect(responses[6] == .tagged("a2", IMAPStatus(condition: .ok, code: .other("READ-WRITE", ""), text: "Select completed (0.001 + 0.000 secs).")))
    }

    @Test func capabilityStatusAndConditions() throws {
        #expect(
            try IMAPResponseParser.parse(Array("* CAPABILITY IMAP4rev1 SASL-IR idle MOVE\r\n".utf8))
                == .untagged(.capability(["IMAP4REV1", "SASL-IR", "IDLE", "MOVE"])))
        #expect(
            try IMAPResponseParser.parse(Array("* STATUS \"Sent Items\" (MESSAGES 4 UIDNEXT 5 UIDVALIDITY 17)\r\n".utf8))
                == .untagged(.mailboxStatus(mailbox: "Sent Items", values: ["MESSAGES": 4, "UIDNEXT": 5, "UIDVALIDITY": 17])))
        #expect(
            try IMAPResponseParser.parse(Array("a7 NO [TRYCREATE] Mailbox doesn't exist: Nope\r\n".utf8))
                == .tagged("a7", IMAPStatus(condition: .no, code: .tryCreate, text: "Mailbox doesn't exist: Nope")))
        #expect(
            try IMAPResponseParser.parse(Array("* BYE Server shutting down.\r\n".utf8))
                == .untagged(.status(IMAPStatus(condition: .bye, text: "Server shutting down."))))
        #expect(try IMAPResponseParser.parse(Array("+ idling\r\n".utf8)) == .continuation("idling"))
        #expect(try IMAPResponseParser.parse(Array("* 3 EXPUNGE\r\n".utf8)) == .untagged(.expunge(3)))
        // Bare LF line ends are accepted too.
        #expect(try IMAPResponseParser.parse(Array("* 17 EXISTS\n".utf8)) == .untagged(.exists(17)))
    }

    @Test func fetchItemLists() throws {
        let header = Array("From: x\r\n\r\n".utf8)
        let raw =
            Array("* 12 FETCH (FLAGS (\\Seen $Forwarded) UID 40 BODY[HEADER.FIELDS (FROM TO)] {\(header.count)}\r\n".utf8) + header
            + Array(" BODY[]<0> \"quoted \\\"part\\\"\" INTERNALDATE \"17-Jul-1996 02:44:25 -0700\" BODY[TEXT] NIL BINARY[1] ~{3+}\r\nabc)\r\n".utf8)
        guard case .untagged(.fetch(sequence: 12, let items)) = try IMAPResponseParser.parse(raw) else {
            Issue.record("expected FETCH")
            return
        }
        #expect(items.uid == 40)
        #expect(items.flags == ["\\Seen", "$Forwarded"])
        #expect(items.section("BODY[HEADER.FIELDS (FROM TO)]") == header)
        #expect(items.section("BODY[]") == Array("quoted \"part\"".utf8))
        #expect(items.section("BODY[TEXT]") == [])
        #expect(items.section("BINARY[1]") == Array("abc".utf8))
    }

    @Test func twoLiteralsInOneResponseSplitEverywhere() throws {
        let stream = Array("* 1 FETCH (BODY[HEADER] {3}\r\nA\r\n BODY[] {4}\r\nB\r\n} UID 5)\r\na9 OK done\r\n".utf8)
        for split in 0...stream.count {
            let responses = try Self.responses(stream, splitAt: split)
            guard responses.count == 2, case .untagged(.fetch(_, let items)) = responses[0] else {
                Issue.record("split \(split): \(responses)")
                continue
            }
            #expect(items.section("BODY[HEADER]") == Array("A\r\n".utf8))
            #expect(items.section("BODY[]") == Array("B\r\n}".utf8))
            #expect(items.uid == 5)
        }
    }

    @Test func malformedResponsesAreProtocolErrors() {
        for text in ["* 1 FETCH (UID\r\n", "\r\n", "a1 MAYBE done\r\n", "* 1 FETCH (BODY[] {99}\r\nshort)\r\n"] {
            #expect(throws: IntakeError.self, "\(text)") { try IMAPResponseParser.parse(Array(text.utf8)) }
        }
        var parser = IMAPResponseParser(maximumResponseBytes: 100)
        parser.append(Array("* 1 FETCH (BODY[] {1000}\r\n".utf8))
        #expect(throws: IntakeError.self) { try parser.next() }
    }

    @Test func sequenceSets() throws {
        #expect(IMAPSequenceSet.string([7, 1, 2, 3, 3, 9, 10, 12]) == "1:3,7,9:10,12")
        #expect(try IMAPSequenceSet.expand("1:3,7,10:9") == [1, 2, 3, 7, 9, 10])
        #expect(throws: IntakeError.self) { try IMAPSequenceSet.expand("1:*") }
        #expect(throws: IntakeError.self) { try IMAPSequenceSet.expand("1:4000000000") }
        let scattered = (1...5000).map { Int64($0 * 2) }
        let chunks = IMAPSequenceSet.chunks(scattered, maxLength: 1000)
        #expect(chunks.count > 1 && chunks.allSatisfy { $0.utf8.count <= 1000 })
        #expect(try chunks.flatMap { try IMAPSequenceSet.expand($0) } == scattered)
    }

    @Test func mailboxNames() throws {
        #expect(try IMAPMailboxName.quoted("Leads") == "\"Leads\"")
        #expect(try IMAPMailboxName.quoted("a\"b\\c") == "\"a\\\"b\\\\c\"")
        #expect(try IMAPMailboxName.quoted("Entwürfe") == "\"Entw&APw-rfe\"")
        #expect(IMAPMailboxName.modifiedUTF7("台北") == "&U,BTFw-")
        #expect(IMAPMailboxName.modifiedUTF7("R&D Лиды") == "R&-D &BBsEOAQ0BEs-")
        #expect(throws: IntakeError.self) { try IMAPMailboxName.quoted("a\r\nb") }
    }
}
