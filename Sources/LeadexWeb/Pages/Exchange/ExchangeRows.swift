internal import Foundation
internal import LeadexCore
internal import LeadexStore
internal import Synchronization

/// The exchange list as the live stream and the fallback poll send it: `{"count": N, "html":
/// "<li>…"}`, the same for every manager, and the page's list (``html(csrf:)``). Kept while no
/// lead changes in this process (and rendered again after `lifetime`, for writes of other
/// processes, the old one answering meanwhile), so that
/// a commit seen by two hundred open streams is read and rendered once: the first to ask renders,
/// the others wait for that rendering rather than each starting their own.
final class ExchangeRows: Sendable {
    struct Snapshot: Sendable {
        var generation: UInt64
        var madeAt: Date
        var count: Int
        var json: [UInt8]
        /// The rows cut where each form's empty CSRF field is.
        var pieces: [String]

        /// The rows with `csrf` in each form, for the page. Lead data cannot hold the field's
        /// markup: every quote in it is escaped.
        func html(csrf: String) -> String {
            let field = "name=\"csrf\" value=\"\(csrf.htmlEscaped)\""
            var out = ""
            out.reserveCapacity(pieces.reduce(0) { $0 + $1.utf8.count } + pieces.count * field.utf8.count)
            for (index, piece) in pieces.enumerated() {
                if index > 0 { out += field }
                out += piece
            }
            return out
        }
    }

    /// `html` cut at each `marker` (ASCII), by bytes: Foundation's `replacingOccurrences` took
    /// most of the page's time with 1,000 leads.
    static func cut(_ html: String, at marker: String) -> [String] {
        let bytes = Array(html.utf8)
        let needle = Array(marker.utf8)
        var pieces: [String] = []
        var start = 0
        var index = 0
        while index + needle.count <= bytes.count {
            if bytes[index] == needle[0] && bytes[index..<(index + needle.count)].elementsEqual(needle) {
                pieces.append(String(decoding: bytes[start..<index], as: UTF8.self))
                index += needle.count
                start = index
            } else {
                index += 1
            }
        }
        pieces.append(String(decoding: bytes[start...], as: UTF8.self))
        return pieces
    }

    private struct Payload: Encodable {
        var count: Int
        var html: String
    }

    private struct State {
        var snapshot: Snapshot?
        /// The rendering under way and the generation it reads.
        var rendering: (generation: UInt64, task: Task<Snapshot, any Error>)?
    }

    /// How a row's form carries the token when rendered with none (``ExchangePage/rowsTemplate``).
    static let emptyCSRF = "name=\"csrf\" value=\"\""

    private let kept = Mutex(State())
    private let lifetime: TimeInterval

    init(lifetime: TimeInterval = 1) { self.lifetime = lifetime }

    func current(store: ExchangeStore, renderer: PageRenderer, now: Date) async throws -> Snapshot {
        let generation = store.leadsGeneration
        let lifetime = lifetime
        enum Next {
            case ready(Snapshot)
            case wait(Task<Snapshot, any Error>)
        }
        let next = kept.withLock { state -> Next in
            if let snapshot = state.snapshot, snapshot.generation == generation {
                if now.timeIntervalSince(snapshot.madeAt) < lifetime { return .ready(snapshot) }
                // Only other processes' writes can have aged it: it is sent once more while it is
                // rendered again, so that no request waits for that (a page with 1,000 leads would).
                if state.rendering?.generation != generation {
                    state.rendering = (generation, Task { try await self.render(generation: generation, store: store, renderer: renderer, now: now) })
                }
                return .ready(snapshot)
            }
            if let rendering = state.rendering, rendering.generation == generation { return .wait(rendering.task) }
            let task = Task { try await self.render(generation: generation, store: store, renderer: renderer, now: now) }
            state.rendering = (generation, task)
            return .wait(task)
        }
        switch next {
        case .ready(let snapshot): return snapshot
        case .wait(let task): return try await task.value
        }
    }

    private func render(generation: UInt64, store: ExchangeStore, renderer: PageRenderer, now: Date) async throws -> Snapshot {
        defer { kept.withLock { state in if state.rendering?.generation == generation { state.rendering = nil } } }
        let cards = try await store.exchangeCards()
        let html = renderer.fragment("exchange-rows", values(cards, renderer: renderer, policy: store.policy, now: now, csrf: ""))
        let snapshot = Snapshot(
            generation: generation, madeAt: now, count: cards.count,
            json: Array(try JSONEncoder().encode(Payload(count: cards.count, html: html))), pieces: Self.cut(html, at: Self.emptyCSRF))
        kept.withLock { state in
            if let newer = state.snapshot, newer.generation > generation { return }
            state.snapshot = snapshot
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
        // Counted here: `out.count` walks the whole string each time (quadratic; it was a third
        // of the exchange page's time with 1,000 leads).
        var count = 0
        var space = false
        for character in text {
            if character.isWhitespace {
                space = !out.isEmpty
                continue
            }
            if space {
                out.append(" ")
                count += 1
            }
            space = false
            out.append(character)
            count += 1
            if count >= limit {
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

extension String {
    /// What Mustache's `{{value}}` makes of it.
    var htmlEscaped: String {
        var out = ""
        out.reserveCapacity(utf8.count)
        for scalar in unicodeScalars {
            switch scalar {
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "&": out += "&amp;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}
