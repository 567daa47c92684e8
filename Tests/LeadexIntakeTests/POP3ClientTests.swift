import LeadexTesting
import Testing

@testable import LeadexIntake

@Suite final class POP3ClientTests {
    let server: DovecotFixture

    init() throws {
        server = try DovecotFixture.start()
    }

    deinit { server.stop() }

    @Test func listRetrieveDeleteAndCommit() throws {
        let messages = [TestMail.message(1), TestMail.tricky, TestMail.large]
        for message in messages { try server.deliver(user: "u2", bytes: message) }
        let client = try POP3Client(settings: server.settings(user: "u2", protocol: .pop3))
        let listing = try client.list()
        #expect(listing.map(\.number) == [1, 2, 3])
        #expect(listing.map(\.size) == messages.map(\.count))
        #expect(Set(listing.map(\.uidl)).count == 3)
        // Dot-stuffed lines (`.`, `..dots`) come back as stored.
        for (entry, expected) in zip(listing, messages) {
            #expect(try client.retrieve(entry.number).bytes == expected)
        }
        let header = try client.retrieveHeader(3).bytes
        #expect(String(decoding: header, as: UTF8.self).hasSuffix("Message-ID: <lead3@example.com>\r\n\r\n"))
        // Over a byte limit, only the first bytes are kept, and the session goes on.
        let capped = try client.retrieve(3, maxBytes: 1_000)
        #expect(capped.truncated && capped.bytes == Array(TestMail.large.prefix(1_000)))
        let cappedHeader = try client.retrieveHeader(3, maxBytes: 10)
        #expect(cappedHeader.truncated && cappedHeader.bytes == Array(TestMail.large.prefix(10)))
        #expect(try client.retrieve(1, maxBytes: 1 << 20) == (TestMail.message(1), false))
        try client.delete([2])
        // Not yet committed: another session still sees it.
        let observer = try POP3Client(settings: server.settings(user: "u2", protocol: .pop3))
        #expect(try observer.list().count == 3)
        try observer.commit()
        try client.commit()
        #expect(throws: IntakeError.self) { try client.list() }
        let after = try POP3Client(settings: server.settings(user: "u2", protocol: .pop3)).list()
        #expect(after.map(\.uidl) == [listing[0].uidl, listing[2].uidl])
    }

    @Test func stlsAndErrors() throws {
        try server.deliver(user: "u1", bytes: TestMail.message(1))
        #expect(try POP3Client(settings: server.settings(protocol: .pop3, tls: .plain)).list().count == 1)
        let denied = #expect(throws: IntakeError.self) {
            try POP3Client(settings: server.settings(protocol: .pop3, password: "Wrong-Secret-123"))
        }
        #expect(denied?.kind == .authentication)
        #expect(denied.map { !$0.description.contains("Wrong-Secret-123") } == true)
        let client = try POP3Client(settings: server.settings(protocol: .pop3))
        let missing = #expect(throws: IntakeError.self) { try client.retrieve(9) }
        #expect(missing?.kind == .protocolError)
        let plain = try DovecotFixture.start(startTLS: false)
        let tls = #expect(throws: IntakeError.self) { try POP3Client(settings: plain.settings(protocol: .pop3, tls: .plain)) }
        #expect(tls?.kind == .tls)
        server.stop()
        let down = #expect(throws: IntakeError.self) { try POP3Client(settings: server.settings(protocol: .pop3)) }
        #expect(down?.kind == .unreachable)
    }
}
