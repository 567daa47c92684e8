import Foundation
import Synchronization
import LeadexTesting
import Testing

@testable import LeadexIntake

/// Against a real Dovecot on loopback, one instance per test (about 0.5 s to start and stop).
/// A class, so that `deinit` stops the server even if a background closure still holds it.
@Suite final class IMAPSessionTests {
    let server: DovecotFixture

    init() throws {
        server = try DovecotFixture.start()
    }

    deinit { server.stop() }

    @Test func imapsLoginWithTheCAFile() throws {
        let session = try IMAPSession(settings: server.settings())
        #expect(session.capabilities.isSuperset(of: ["IDLE", "MOVE", "UIDPLUS", "ESEARCH"]))
        session.logout()
        #expect(throws: IntakeError.self) { try session.select("INBOX") }
    }

    @Test func startTLSOnThePlainPort() throws {
        let session = try IMAPSession(settings: server.settings(tls: .plain))
        #expect(try session.select("INBOX").exists == 0)
    }

    @Test func noStartTLSOfferedFailsAsTLSUnlessPlaintextIsAllowed() throws {
        let plain = try DovecotFixture.start(startTLS: false)
        let error = #expect(throws: IntakeError.self) { try IMAPSession(settings: plain.settings(tls: .plain)) }
        #expect(error?.kind == .tls)
        let session = try IMAPSession(settings: plain.settings(tls: .plain, allowPlaintext: true))
        #expect(try session.select("INBOX").exists == 0)
    }

    @Test func anUntrustedCertificateIsTLS() throws {
        var settings = server.settings()
        settings.caFile = nil
        let error = #expect(throws: IntakeError.self) { try IMAPSession(settings: settings) }
        #expect(error?.kind == .tls)
    }

    @Test func aWrongPasswordIsAuthenticationAndNotEchoed() throws {
        let error = #expect(throws: IntakeError.self) {
            try IMAPSession(settings: server.settings(password: "Wrong-Secret-123"))
        }
        #expect(error?.kind == .authentication)
        #expect(error.map { !$0.description.contains("Wrong-Secret-123") } == true)
    }

    @Test func aStoppedServerIsUnreachable() throws {
        let settings = server.settings()
        server.stop()
        let error = #expect(throws: IntakeError.self) { try IMAPSession(settings: settings) }
        #expect(error?.kind == .unreachable)
    }

    @Test func selectGivesUIDValidityAndUIDNext() throws {
        for number in 1...3 { try server.deliver(user: "u1", bytes: TestMail.message(number)) }
        let session = try IMAPSession(settings: server.settings())
        let state = try session.select("INBOX")
        #expect(state.exists == 3)
        #expect(state.uidNext == 4)
        #expect(state.uidValidity > 0)
        let missing = #expect(throws: IntakeError.self) { try session.select("Nope") }
        #expect(missing?.kind == .protocolError)
        // A failed SELECT leaves nothing selected.
        #expect(throws: IntakeError.self) { try session.uids(after: 0) }
    }

    @Test func uidsAfterDropsTheStarQuirk() throws {
        for number in 1...4 { try server.deliver(user: "u1", bytes: TestMail.message(number)) }
        let session = try IMAPSession(settings: server.settings())
        _ = try session.select("INBOX")
        #expect(try session.uids(after: 0) == [1, 2, 3, 4])
        #expect(try session.uids(after: 2) == [3, 4])
        // `UID SEARCH UID 5:*` matches UID 4: the last message always matches `*`.
        #expect(try session.uids(after: 4) == [])
        #expect(try session.uids(after: 100) == [])
        #expect(try session.uids(after: Int64(UInt32.max)) == [])
    }

    @Test func fetchReturnsExactBytesAndLeavesFlagsAlone() throws {
        let messages = [TestMail.message(1), TestMail.tricky, TestMail.large, TestMail.message(4)]
        for message in messages { try server.deliver(user: "u1", bytes: message) }
        let session = try IMAPSession(settings: server.settings())
        _ = try session.select("INBOX")
        let fetched = try session.fetch(uids: [4, 2, 3, 1, 99])
        #expect(fetched.map(\.uid) == [1, 2, 3, 4])
        for (message, expected) in zip(fetched, messages) {
            #expect(message.bytes == expected, "UID \(message.uid): \(message.bytes.count) vs \(expected.count) bytes")
            #expect(!message.truncated)
            #expect(message.size == expected.count)
        }
        // The session still reads commands correctly after the tricky body.
        #expect(try session.uids(after: 0) == [1, 2, 3, 4])
        let other = try IMAPSession(settings: server.settings())
        _ = try other.select("INBOX")
        #expect(try other.flags(uids: [1, 2, 3, 4]).values.allSatisfy { !$0.contains("\\Seen") })
    }

    @Test func messagesOverTheLimitComeCutAtTheLimit() throws {
        try server.deliver(user: "u1", bytes: TestMail.message(1))
        try server.deliver(user: "u1", bytes: TestMail.large)
        let session = try IMAPSession(settings: server.settings(maxMessageBytes: 10_000))
        _ = try session.select("INBOX")
        let fetched = try session.fetch(uids: [1, 2])
        #expect(fetched.map(\.truncated) == [false, true])
        #expect(fetched[0].bytes == TestMail.message(1))
        #expect(fetched[1].bytes == Array(TestMail.large.prefix(10_000)))
        #expect(fetched[1].size == TestMail.large.count)
        #expect(try session.flags(uids: [2])[2]?.contains("\\Seen") == false)
    }

    @Test func markSeen() throws {
        for number in 1...3 { try server.deliver(user: "u1", bytes: TestMail.message(number)) }
        let session = try IMAPSession(settings: server.settings())
        _ = try session.select("INBOX")
        try session.markSeen(uids: [1, 3])
        let flags = try session.flags(uids: [1, 2, 3])
        // `\Recent` is the server's session flag and may come along.
        #expect(flags[1]?.contains("\\Seen") == true)
        #expect(flags[2]?.contains("\\Seen") == false)
        #expect(flags[3]?.contains("\\Seen") == true)
    }

    @Test(arguments: [true, false])
    func moveToANewFolder(usingMove: Bool) throws {
        for number in 1...4 { try server.deliver(user: "u1", bytes: TestMail.message(number)) }
        let session = try IMAPSession(settings: server.settings())
        _ = try session.select("INBOX")
        try session.move(uids: [2, 3], to: "Processed", usingMove: usingMove)
        #expect(try session.uids(after: 0) == [1, 4])
        // The folder exists now: a second move needs no CREATE.
        try session.move(uids: [4], to: "Processed", usingMove: usingMove)
        #expect(try session.select("Processed").exists == 3)
        #expect(try session.fetch(uids: [1, 2, 3]).map(\.bytes) == [2, 3, 4].map { TestMail.message($0) })
        try session.move(uids: [1], to: "Входящие лиды")
        #expect(try session.select("Входящие лиды").exists == 1)
    }

    @Test func idleWakesOnDeliveryWithinTwoSeconds() throws {
        try server.deliver(user: "u1", bytes: TestMail.message(1))
        let session = try IMAPSession(settings: server.settings())
        _ = try session.select("INBOX")
        let server = self.server
        let delivered = Mutex<ContinuousClock.Instant?>(nil)
        DispatchQueue.global().asyncAfter(deadline: .now() + 0.3) {
            try? server.deliver(user: "u1", bytes: TestMail.message(2))
            delivered.withLock { $0 = .now }
        }
        let outcome = try session.idle(until: .now + .seconds(10)) { false }
        let woke = ContinuousClock.now
        #expect(outcome == .newMail)
        let deliveredAt = try #require(delivered.withLock { $0 })
        #expect(woke - deliveredAt < .seconds(2))
        // The session is usable after DONE.
        #expect(try session.uids(after: 1) == [2])
    }

    @Test func idleTimesOutAndNoticesCancellation() throws {
        let session = try IMAPSession(settings: server.settings())
        _ = try session.select("INBOX")
        let start = ContinuousClock.now
        #expect(try session.idle(until: start + .milliseconds(800)) { false } == .timeout)
        let elapsed = ContinuousClock.now - start
        #expect(elapsed >= .milliseconds(800) && elapsed < .seconds(3))
        let cancelledAt = ContinuousClock.now + .milliseconds(300)
        #expect(try session.idle(until: .now + .seconds(60)) { ContinuousClock.now >= cancelledAt } == .timeout)
        #expect(ContinuousClock.now - cancelledAt < .seconds(1))
        #expect(try session.select("INBOX").exists == 0)
    }

    @Test func uidValidityResetEndsTheSessionAndChangesSelect() throws {
        for number in 1...2 { try server.deliver(user: "u1", bytes: TestMail.message(number)) }
        let session = try IMAPSession(settings: server.settings())
        let before = try session.select("INBOX")
        let server = self.server
        let resetError = Mutex<String?>(nil)
        let resetDone = DispatchGroup()
        resetDone.enter()
        DispatchQueue.global().asyncAfter(deadline: .now() + 0.3) {
            do { try server.resetUIDValidity(user: "u1") } catch { resetError.withLock { $0 = "\(error)" } }
            resetDone.leave()
        }
        // The fixture kicks the user: `* BYE`, then the connection closes.
        #expect(try session.idle(until: .now + .seconds(10)) { false } == .closed)
        // The kick comes before the reset has finished: select only once it has.
        resetDone.wait()
        #expect(resetError.withLock { $0 } == nil)
        let closed = #expect(throws: IntakeError.self) { try session.uids(after: 0) }
        #expect(closed?.kind == .unreachable)
        let fresh = try IMAPSession(settings: server.settings())
        let after = try fresh.select("INBOX")
        #expect(after.uidValidity != before.uidValidity)
        #expect(after.exists == 2)
        #expect(try fresh.fetch(uids: try fresh.uids(after: 0)).map(\.bytes) == [1, 2].map { TestMail.message($0) })
    }
}
