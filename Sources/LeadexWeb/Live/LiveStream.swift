internal import Foundation
internal import Hummingbird
internal import LeadexCore
internal import LeadexStore
internal import NIOCore
internal import ServiceLifecycle

/// What a live page's stream sends: its content as one line of JSON, and the lead-commit
/// generation it was read at.
struct LiveFrame: Sendable, Equatable {
    var generation: UInt64
    var json: [UInt8]
}

/// One browser's live page, as Server-Sent Events: the content at once, then again after each
/// commit that changed a lead (the store tells; nothing polls), and a keep-alive comment when
/// the stream has been quiet for `keepAlive`, so that a proxy keeps it open. An idle stream is
/// one sleeping timer per `keepAlive`. It ends when the browser goes (a write fails) or the
/// daemon shuts down. `retry:` tells the browser how soon to reconnect after a drop.
///
/// A page whose figures age by themselves (the head's "now": waits, overdue calls) sets
/// `refreshOnKeepAlive`: each tick reads it again and sends it when it changed.
struct LiveStream: Sendable {
    enum Event: Sendable {
        case changed
        case keepAlive
        case shutdown
    }

    let store: ExchangeStore
    let clock: any SleepingClock
    let keepAlive: Duration
    /// The SSE event's name (`exchange`, `now`).
    let event: String
    var refreshOnKeepAlive = false
    /// The page's content now.
    let current: @Sendable () async throws -> LiveFrame

    func run(_ writer: inout any ResponseBodyWriter) async throws {
        let (events, continuation) = AsyncStream.makeStream(of: Event.self, bufferingPolicy: .unbounded)
        let observation = store.observeLeadCommits { _ in continuation.yield(.changed) }
        WebMetrics.streamOpened()
        defer {
            WebMetrics.streamClosed()
            observation.cancel()
            continuation.finish()
        }
        var sent = try await current()
        try await writer.write(ByteBuffer(string: "retry: 3000\n\n"))
        try await writer.write(frame(sent))
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
                        let latest = try await current()
                        // Several commits may be queued: the content is sent once per change seen.
                        guard latest != sent else { continue }
                        sent = latest
                        try await writer.write(frame(latest))
                    case .keepAlive:
                        if refreshOnKeepAlive {
                            let latest = try await current()
                            if latest.json != sent.json {
                                sent = latest
                                try await writer.write(frame(latest))
                                continue
                            }
                        }
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

    /// `event: NAME` with the content as one line of JSON (JSON escapes every line break).
    func frame(_ frame: LiveFrame) -> ByteBuffer {
        var buffer = ByteBuffer(string: "event: \(event)\ndata: ")
        buffer.writeBytes(frame.json)
        buffer.writeString("\n\n")
        return buffer
    }

    /// The response that streams it to the browser that sent `request`.
    func response(for request: Request) -> Response {
        Response(
            status: .ok,
            headers: [.contentType: "text/event-stream; charset=utf-8", .cacheControl: "no-store", .xAccelBuffering: "no"],
            body: ResponseBody { writer in
                // A closed tab ends its stream at once, not at the next keep-alive's failed
                // write (up to 45 s later): the open-streams gauge counts only live ones.
                do {
                    try await request.body.consumeWithCancellationOnInboundClose { _ in try await run(&writer) }
                } catch is CancellationError {}
            })
    }
}
