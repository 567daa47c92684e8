import Foundation
import GRDB
import LeadexCore
@testable import LeadexStore
import LeadexTesting
import Testing

/// One-time password links in the store: kept only as a hash, one per user, used once, dead
/// when expired, and their mail forgotten by the outbox once delivered.
@Suite struct InvitationStoreTests {
    static let tokenHash = String(repeating: "a", count: 64)
    static let otherHash = String(repeating: "b", count: 64)
    static let bcrypt = "$2b$10$" + String(repeating: "x", count: 53)

    func mail(_ token: String) -> @Sendable (InvitationPurpose, Date, Date) throws -> OutgoingMail {
        { purpose, _, _ in
            OutgoingMail(
                kind: purpose == .reset ? .passwordReset : .invitation, envelopeFrom: "leadex@example.ru", recipients: ["petrov@example.ru"],
                messageID: "\(token)@leadex.test", subject: "link", message: Array("Subject: link\r\n\r\nhttp://x/password/\(token)\r\n".utf8))
        }
    }

    @Test func aLinkIsStoredAsItsHashWithItsMailInOneTransactionAndWorksOnce() async throws {
        let fixture = try await StoreFixture()
        let store = fixture.store
        let issued = try await store.issueInvitation(tokenHash: Self.tokenHash, for: SamplePolicy.petrov, validity: .seconds(3600), compose: mail("TOKEN1"))
        #expect(issued.purpose == .invitation)
        #expect(issued.expiresAt == fixture.clock.now().addingTimeInterval(3600))
        #expect(try await store.invitation(tokenHash: Self.tokenHash)?.login == SamplePolicy.petrov)
        let queued = try await Outbox(database: fixture.database).due(at: fixture.clock.now())
        #expect(queued.map(\.mail.kind) == [.invitation])

        #expect(try await store.redeemInvitation(tokenHash: Self.tokenHash, passwordHash: Self.bcrypt)?.login == SamplePolicy.petrov)
        #expect(try await store.passwordHash(of: SamplePolicy.petrov) == Self.bcrypt)
        // Used: gone, and a second use changes nothing.
        #expect(try await store.invitation(tokenHash: Self.tokenHash) == nil)
        #expect(try await store.redeemInvitation(tokenHash: Self.tokenHash, passwordHash: "$2b$10$" + String(repeating: "y", count: 53)) == nil)
        #expect(try await store.passwordHash(of: SamplePolicy.petrov) == Self.bcrypt)

        // With a password, the next link is a reset.
        let reset = try await store.issueInvitation(tokenHash: Self.otherHash, for: SamplePolicy.petrov, validity: .seconds(3600), compose: mail("TOKEN2"))
        #expect(reset.purpose == .reset)
    }

    @Test func aNewerLinkReplacesTheOlderAndAnExpiredOneIsDead() async throws {
        let fixture = try await StoreFixture()
        let store = fixture.store
        try await store.issueInvitation(tokenHash: Self.tokenHash, for: SamplePolicy.petrov, validity: .seconds(3600), compose: mail("T1"))
        try await store.issueInvitation(tokenHash: Self.otherHash, for: SamplePolicy.petrov, validity: .seconds(3600), compose: mail("T2"))
        #expect(try await store.invitation(tokenHash: Self.tokenHash) == nil)
        #expect(try await store.invitation(tokenHash: Self.otherHash) != nil)
        fixture.clock.advance(by: .seconds(3600))
        #expect(try await store.invitation(tokenHash: Self.otherHash) == nil)
        #expect(try await store.redeemInvitation(tokenHash: Self.otherHash, passwordHash: Self.bcrypt) == nil)
        #expect(try await store.passwordHash(of: SamplePolicy.petrov) == nil)
    }

    @Test func aFailedMailStoresNoLinkAndAnUnknownUserIsRefused() async throws {
        let fixture = try await StoreFixture()
        struct NoMail: Error {}
        await #expect(throws: NoMail.self) {
            try await fixture.store.issueInvitation(tokenHash: Self.tokenHash, for: SamplePolicy.petrov, validity: .seconds(60)) { _, _, _ in throw NoMail() }
        }
        #expect(try await fixture.store.invitation(tokenHash: Self.tokenHash) == nil)
        await #expect(throws: RuleViolation.self) {
            try await fixture.store.issueInvitation(tokenHash: Self.tokenHash, for: "nobody", validity: .seconds(60), compose: mail("T"))
        }
        #expect(try await Outbox(database: fixture.database).due(at: fixture.clock.now()).isEmpty)
    }

    @Test func theOutboxForgetsTheLinkOnceTheMailIsDelivered() async throws {
        let fixture = try await StoreFixture()
        try await fixture.store.issueInvitation(tokenHash: Self.tokenHash, for: SamplePolicy.petrov, validity: .seconds(3600), compose: mail("SECRET-TOKEN"))
        let outbox = Outbox(database: fixture.database)
        let pending = try #require(try await outbox.due(at: fixture.clock.now()).first)
        #expect(String(decoding: pending.mail.message ?? [], as: UTF8.self).contains("SECRET-TOKEN"))
        try await outbox.markSent(pending.id, at: fixture.clock.now())
        let stored = try await fixture.database.pool.read { db in
            try Data.fetchOne(db, sql: "SELECT message FROM outbox WHERE id = ?", arguments: [pending.id])
        }
        let text = String(decoding: stored ?? Data(), as: UTF8.self)
        #expect(!text.contains("SECRET-TOKEN"))
        #expect(text.contains("removed once delivered"))
        // Nothing in the database holds the token itself.
        let tokens = try await fixture.database.pool.read { db in try String.fetchAll(db, sql: "SELECT token_hash FROM web_invitation") }
        #expect(tokens == [Self.tokenHash])
    }

    @Test func migrationV9AddsTheLinksToADatabaseOfTheLastRelease() async throws {
        let directory = try TemporaryDirectory()
        let path = try await databaseFile(migratedUpTo: "v8-health-check", in: directory) { _ in }
        let database = try LeadexDatabase(path: path)
        #expect(try database.appliedMigrations().contains("v9-invitations"))
        let store = try await ExchangeStore(database: database, policy: SamplePolicy.make(), clock: ManualWallClock(), logger: LogCapture().logger())
        try await store.issueInvitation(tokenHash: Self.tokenHash, for: SamplePolicy.petrov, validity: .seconds(60), compose: mail("T"))
        #expect(try await store.invitation(tokenHash: Self.tokenHash)?.purpose == .invitation)
    }
}
