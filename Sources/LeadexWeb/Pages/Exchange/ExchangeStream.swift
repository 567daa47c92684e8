internal import Foundation
internal import Hummingbird
internal import LeadexCore
internal import LeadexStore

/// One browser's live exchange: the ``LiveStream`` of ``ExchangeRows``, whose snapshot every
/// open stream shares.
struct ExchangeStream: Sendable {
    let stream: LiveStream

    init(store: ExchangeStore, renderer: PageRenderer, rows: ExchangeRows, clock: any SleepingClock, keepAlive: Duration) {
        stream = LiveStream(store: store, clock: clock, keepAlive: keepAlive, event: "exchange") {
            let snapshot = try await rows.current(store: store, renderer: renderer, now: clock.now())
            return LiveFrame(generation: snapshot.generation, json: snapshot.json)
        }
    }

    func run(_ writer: inout any ResponseBodyWriter) async throws { try await stream.run(&writer) }
}
