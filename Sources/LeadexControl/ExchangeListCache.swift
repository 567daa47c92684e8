internal import LeadexControlAPI
internal import LeadexCore
internal import LeadexStore
internal import NIOCore
internal import Synchronization

/// The exchange list as JSON, the same for every caller. The whole document is kept while no
/// lead changes in this process and the config keeps its stages (and at most `lifetime`, since other processes — `leadexd
/// run-job sweep` — write to the same database unseen); when something changed, it is rebuilt
/// from each lead's kept rendering, reading again only the leads that changed. Fifty managers
/// refreshing the exchange while others take from it then cost one small query each, not a
/// read and an encoding of the whole list.
final class ExchangeListCache: Sendable {
    private struct Document {
        var generation: UInt64
        var pipeline: Pipeline
        var madeAt: ContinuousClock.Instant
        var body: ByteBuffer
    }

    private struct Fragments {
        var pipeline: Pipeline?
        var byLead: [LeadID: (version: LeadVersion, json: [UInt8])] = [:]
    }

    private let document = Mutex<Document?>(nil)
    private let fragments = Mutex(Fragments())
    private let lifetime: Duration

    init(lifetime: Duration = .seconds(1)) { self.lifetime = lifetime }

    /// The exchange as `store` has it now; `wording` gives the titles people read (sources).
    func body(from store: ExchangeStore, wording: Wording? = nil) async throws -> ByteBuffer {
        let (generation, pipeline, now) = (store.leadsGeneration, store.policy.pipeline, ContinuousClock.now)
        let kept = document.withLock { document -> ByteBuffer? in
            guard let document, document.generation == generation, document.pipeline == pipeline, now - document.madeAt < lifetime
            else { return nil }
            return document.body
        }
        if let kept { return kept }
        let body = try await rebuild(from: store, pipeline: pipeline, wording: wording)
        document.withLock { document in
            if let current = document, current.generation > generation { return }
            document = Document(generation: generation, pipeline: pipeline, madeAt: now, body: body)
        }
        return body
    }

    private func rebuild(from store: ExchangeStore, pipeline: Pipeline, wording: Wording?) async throws -> ByteBuffer {
        let known = fragments.withLock { fragments -> [LeadID: LeadVersion] in
            // Stage titles come from the config: a reload renders everything again.
            if fragments.pipeline != pipeline { fragments = Fragments(pipeline: pipeline) }
            return fragments.byLead.mapValues(\.version)
        }
        let (order, changed, contacts) = try await store.exchangeSnapshot { id, version in known[id] != version }
        let mapping = WireMapping(pipeline: pipeline, wording: wording)
        let fresh = changed.map { lead in (lead.id!, LeadVersion(lead), LeadSummary.jsonObject(mapping.summary(lead, client: contacts[lead.contactID]))) }
        return fragments.withLock { fragments in
            if fragments.pipeline != pipeline { fragments = Fragments(pipeline: pipeline) }
            for (id, version, json) in fresh { fragments.byLead[id] = (version, json) }
            var body = ByteBuffer()
            body.reserveCapacity(order.count * 320 + 2)
            body.writeInteger(UInt8(ascii: "["))
            var listed: [LeadID: (version: LeadVersion, json: [UInt8])] = [:]
            for (id, version) in order {
                // Another request may have rendered a newer version meanwhile: this snapshot's
                // list leaves such a lead out rather than show it as it no longer is.
                guard let fragment = fragments.byLead[id], fragment.version == version else { continue }
                if !listed.isEmpty { body.writeInteger(UInt8(ascii: ",")) }
                body.writeBytes(fragment.json)
                listed[id] = fragment
            }
            body.writeInteger(UInt8(ascii: "]"))
            // Only what is on the exchange now stays.
            fragments.byLead = listed
            return body
        }
    }
}
