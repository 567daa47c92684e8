internal import Foundation
internal import Hummingbird
internal import LeadexCore
internal import LeadexStore
internal import NIOCore
internal import ServiceLifecycle

/// One browser's live exchange, as Server-Sent Events: the list at once, then again after each
/// commit that changed a lead (the store tells; nothing polls), and a keep-alive comment when
/// the stream has been quiet for `keepAlive`, so that a proxy keeps it open. An idle stream is
/// one sleeping timer per `keepAlive`. It ends when the browser goes (a write fails) or the
/// daemon shuts down. `retry:` tells the browser how soon to reconnect after a drop.
struct ExchangeStream: Sendable {
    enum Event: Sendable {
        case changed
        case keepAlive
        case shutdown
    }

    let store: ExchangeStore
    let renderer: PageRenderer
    let rows: ExchangeRows
    let clock: any SleepingClock
    let keepAlive: Duration

    func run(_ writer: inout any ResponseBodyWriter) async throws {
        let (events, continuation) = AsyncStream.makeStream(of: Event.self, bufferingPolicy: .unbounded)
        let observation = store.observeLeadCommits { _ in continuation.yield(.changed) }
        defer {
            observation.cancel()
            continuation.finish()
        }
        var sent = try await rows.current(store: store, renderer: renderer, now: clock.now())
        try await writer.write(ByteBuffer(string: "retry: 3000\n\n"))
        try await writer.write(Self.frame(sent))
        try await withGracefulShutdownHandler {
            try await withThrowingTaskGroup(of: Void.self) { group in
                let (clock, keepAlive) = (clock, keepAlive)
                group.addTask {
                    while !Task.isCancelled {
                        try await clock.sleep(until: clock.now().addingTimeInterval(keepAlive.timeInterval))
                        continuation.yield(.keepAlive)
                    }
                }
                defer { group.cancelAll() }
                for await event in events {
                    switch event {
                    case .changed:
                        let snapshot = try await rows.current(store: store, renderer: renderer, now: clock.now())
                        // Several commits may be queued: the list is sent once per change seen.
                        guard snapshot.generation != sent.generation || snapshot.json != sent.json else { continue }
                        sent = snapshot
                        try await writer.write(Self.frame(snapshot))
                    case .keepAlive:
                        try await writer.write(ByteBuffer(string: ": keep-alive\n\n"))
                    case .shutdown:
                        return
                    }
                }
            }
        } onGracefulShutdown: {
            continuation.yield(.shutdown)
        }
        try await writer.finish(nil)
    }

    /// `event: exchange` with the list as one line of JSON (JSON escapes every line break).
    static func frame(_ snapshot: ExchangeRows.Snapshot) -> ByteBuffer {
        var buffer = ByteBuffer(string: "event: exchange\ndata: ")
        buffer.writeBytes(snapshot.json)
        buffer.writeString("\n\n")
        return buffer
    }
}
