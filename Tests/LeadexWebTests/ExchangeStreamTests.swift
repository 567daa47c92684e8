import Foundation
import Hummingbird
import HummingbirdCore
import LeadexConfig
import LeadexCore
import LeadexStore
import LeadexTesting
@testable import LeadexWeb
import NIOCore
import Testing

/// What a browser's stream receives, event by event, from a ``LiveStream`` (the exchange's, the head's "now").
struct CollectingWriter: ResponseBodyWriter {
    let sink: AsyncStream<String>.Continuation

    mutating func write(_ buffer: ByteBuffer) async throws { sink.yield(String(buffer: buffer)) }
    consuming func finish(_ trailingHeaders: HTTPFields?) async throws { sink.finish() }
}

@Suite struct ExchangeStreamTests {
    @Test func aCommittedLeadReachesAnOpenStreamAndAnIdleOneOnlyKeepsAlive() async throws {
        let fixture = try await StoreFixture()
        try await fixture.incoming(name: "Первый Клиент")
        let stream = ExchangeStream(
            store: fixture.store, renderer: PageRenderer(language: .ru), rows: ExchangeRows(), clock: fixture.clock,
            keepAlive: .seconds(45))
        let (received, sink) = AsyncStream.makeStream(of: String.self)
        let task = Task {
            var writer: any ResponseBodyWriter = CollectingWriter(sink: sink)
            try await stream.run(&writer)
        }
        defer { task.cancel() }
        var events = received.makeAsyncIterator()
        #expect(await events.next() == "retry: 3000\n\n")
        let initial = try #require(await events.next())
        #expect(initial.hasPrefix("event: exchange\ndata: {"))
        #expect(initial.contains("Первый Клиент"))
        #expect(initial.contains(#""count":1"#))

        // A new lead: sent at once, without any clock moving.
        let lead = try await fixture.incoming(name: "Второй Клиент")
        let added = try #require(await events.next())
        #expect(added.contains("Второй Клиент"))
        #expect(added.contains(#""count":2"#))

        // Taken by someone: gone from the list.
        try await fixture.store.perform(.take, on: lead, by: SamplePolicy.ivanov)
        let taken = try #require(await events.next())
        #expect(!taken.contains("Второй Клиент"))
        #expect(taken.contains(#""count":1"#))

        // Quiet: nothing until the keep-alive is due, then a comment line only.
        fixture.clock.advance(by: .seconds(44))
        fixture.clock.advance(by: .seconds(1))
        #expect(await events.next() == ": keep-alive\n\n")
    }

    @Test func aStreamEndsWhenItsBrowserIsGone() async throws {
        let fixture = try await StoreFixture()
        let stream = ExchangeStream(
            store: fixture.store, renderer: PageRenderer(language: .ru), rows: ExchangeRows(), clock: fixture.clock,
            keepAlive: .seconds(45))
        struct Gone: Error {}
        struct FailingWriter: ResponseBodyWriter {
            mutating func write(_ buffer: ByteBuffer) async throws { throw Gone() }
            consuming func finish(_ trailingHeaders: HTTPFields?) async throws {}
        }
        var writer: any ResponseBodyWriter = FailingWriter()
        await #expect(throws: Gone.self) { try await stream.run(&writer) }
    }
}
