internal import Foundation
internal import LeadexCore
internal import LeadexStore
internal import Synchronization

/// The exchange list as the live stream and the fallback poll send it: `{"count": N, "html":
/// "<li>…"}`, the same for every manager. Kept while no lead changes in this process (and at
/// most `lifetime`, for writes of other processes), so that a commit seen by two hundred open
/// streams is read and rendered once.
final class ExchangeRows: Sendable {
    struct Snapshot: Sendable {
        var generation: UInt64
        var madeAt: Date
        var count: Int
        var json: [UInt8]
    }

    private struct Payload: Encodable {
        var count: Int
        var html: String
    }

    private let kept = Mutex<Snapshot?>(nil)
    private let lifetime: TimeInterval

    init(lifetime: TimeInterval = 1) { self.lifetime = lifetime }

    func current(store: ExchangeStore, renderer: PageRenderer, now: Date) async throws -> Snapshot {
        let generation = store.leadsGeneration
        if let snapshot = kept.withLock({ $0 }), snapshot.generation == generation, now.timeIntervalSince(snapshot.madeAt) < lifetime {
            return snapshot
        }
        let cards = try await store.exchangeCards()
        let html = renderer.fragment("exchange-rows", values(cards, renderer: renderer, policy: store.policy, now: now, csrf: ""))
        let snapshot = Snapshot(
            generation: generation, madeAt: now, count: cards.count, json: Array(try JSONEncoder().encode(Payload(count: cards.count, html: html))))
        kept.withLock { kept in
            if let newer = kept, newer.generation > generation { return }
            kept = snapshot
        }
        return snapshot
    }

    /// The template values of `cards` at `now`.
    func values(_ cards: [ExchangeCard], renderer: PageRenderer, policy: ExchangePolicy, now: Date, csrf: String) -> [String: Any] {
        let text = renderer.text
        let leads: [[String: Any]] = cards.map { card in
            [
                "id": card.lead.id?.rawValue ?? 0, "title": card.lead.title, "contact": card.contactName,
                "source": text.source(card.lead.source, policy: policy), "age": text.age(since: card.lead.createdAt, now: now),
                "createdAt": ISO8601Text.format(card.lead.createdAt), "preview": Self.preview(card.preview), "csrf": csrf,
            ]
        }
        return ["leads": leads, "count": cards.count]
    }

    /// The text's first words on one line, at most 160 characters.
    static func preview(_ text: String, limit: Int = 160) -> String {
        var out = ""
        var space = false
        for character in text {
            if character.isWhitespace {
                space = !out.isEmpty
                continue
            }
            if space { out.append(" ") }
            space = false
            out.append(character)
            if out.count >= limit {
                out.append("…")
                break
            }
        }
        return out
    }
}

/// `2026-11-23T09:00:00Z`, for `<time datetime>` (the script computes ages from it).
enum ISO8601Text {
    static func format(_ date: Date) -> String { date.formatted(.iso8601) }
}
