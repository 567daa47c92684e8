import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import LeadexConfig
import LeadexCore
import LeadexJobs
import LeadexStore
import LeadexTesting
@testable import LeadexWeb
import NIOCore
import Testing

/// QA's and the head's pages: who may open them is the core's rule; anyone else gets exactly
/// what a page that does not exist gives, and the journal records the refusal with its RULE=.
@Suite struct OversightAccessTests {
    static let headPages = ["/head/now", "/head/now/figures", "/head/now/events", "/head/reports", "/head/reports?from=2026-11-01&to=2026-11-07"]

    @Test func aManagerAndQAOpeningTheHeadsPagesByURLGetWhatAMissingPageGets() async throws {
        let web = try await WebFixture()
        try await web.test { client in
            for login in [SamplePolicy.ivanov, SamplePolicy.qa] {
                let session = try await client.logIn(login)
                let missing = try await client.get("/head/no-such-page", cookie: session.cookie)
                #expect(missing.status == .notFound)
                for page in Self.headPages {
                    let response = try await client.get(page, cookie: session.cookie)
                    #expect(response.status == missing.status, "\(login) \(page)")
                    #expect(String(buffer: response.body) == String(buffer: missing.body), "\(login) \(page)")
                    #expect(response.headers[.contentType] == missing.headers[.contentType], "\(login) \(page)")
                }
            }
        }
        let refusals = web.store.logs.entries.filter { $0.metadata["rule"] == "role" && $0.metadata["action"]?.hasPrefix("web.") == true }
        #expect(Set(refusals.compactMap { $0.metadata["user"] }) == ["ivanov", "okk"])
        #expect(Set(refusals.compactMap { $0.metadata["action"] }) == ["web.now", "web.reports"])
    }

    @Test func aManagerOpeningTheRefusalQueueOrActingOnItGetsWhatAMissingPageGets() async throws {
        let web = try await WebFixture()
        let id = try await web.store.incoming()
        try await web.store.store.perform(.take, on: id, by: SamplePolicy.ivanov)
        try await web.store.store.perform(.refuse(reason: "expensive", note: nil), on: id, by: SamplePolicy.ivanov)
        try await web.test { client in
            let ivanov = try await client.logIn(SamplePolicy.ivanov)
            let missing = try await client.get("/qa/no-such-page", cookie: ivanov.cookie)
            let queue = try await client.get("/qa/refusals", cookie: ivanov.cookie)
            #expect(queue.status == missing.status)
            #expect(String(buffer: queue.body) == String(buffer: missing.body))
            let reopen = try await client.post(
                "/qa/refusals/\(id)", ["csrf": ivanov.csrf, "decision": "exchange", "note": "сам себе"], cookie: ivanov.cookie)
            #expect(reopen.status == .notFound)
        }
        #expect(try await web.store.store.lead(id, as: SamplePolicy.head).status.kind == .conditionalRefusal)
        #expect(web.store.logs.entries.contains { $0.metadata["rule"] == "refusal.review" && $0.metadata["user"] == "ivanov" })
    }

    @Test func theHeaderShowsEachRoleThePagesItOpens() async throws {
        let web = try await WebFixture()
        try await web.test { client in
            for (login, expected) in [
                (SamplePolicy.ivanov, [false, false, false]), (SamplePolicy.qa, [true, false, false]), (SamplePolicy.head, [true, true, true]),
            ] {
                let session = try await client.logIn(login)
                let page = String(buffer: try await client.get("/deals", cookie: session.cookie).body)
                let nav = page.between("<nav>", "</nav>") ?? ""
                #expect([nav.contains(#"href="/qa/refusals""#), nav.contains(#"href="/head/now""#), nav.contains(#"href="/head/reports""#)] == expected, "\(login)")
                #expect(nav.contains(#"href="/exchange""#))
            }
            let head = try await client.logIn(SamplePolicy.head)
            let now = String(buffer: try await client.get("/head/now", cookie: head.cookie).body)
            #expect(now.contains(#"<a href="/head/now" class="now-nav" aria-current="page">Сейчас</a>"#))
        }
    }
}
