import Foundation
import LeadexTesting
import Testing

/// Every route of the real daemon, over the real socket, under a seeded stream of extreme and
/// malformed values: ids past Int64, years 0 and 99999, wrong JSON types, invalid UTF-8, control
/// characters, broken and oversized bodies. Each answer must be a clean 4xx with a JSON error
/// (or a 2xx where the value is one the route may take), nothing may change, and the daemon must
/// still serve afterwards. `LEADEX_FUZZ_SEED` replays a run; `LEADEX_FUZZ_COUNT` sets its length.
@Suite(.serialized, .enabled(if: LocalAccounts.available, "creates Unix users with useradd: run as root (CI does)"))
struct ControlFuzzTests {
    @Test func extremeAndMalformedValuesOnEveryRouteGetA4xxAndTheDaemonKeepsServing() async throws {
        let leadex = try await ControlDaemon.start()
        let lead = try await leadex.addLead(name: "Сидоров", phone: "8 (912) 000-00-01")
        let seed = ProcessInfo.processInfo.environment["LEADEX_FUZZ_SEED"].flatMap { UInt64($0) } ?? 20_261_204
        let count = ProcessInfo.processInfo.environment["LEADEX_FUZZ_COUNT"].flatMap { Int($0) } ?? 1500
        var generator = FuzzValues(seed: seed, lead: lead)
        let http = RawHTTP(socket: leadex.socket)
        var failures: [String] = []
        var answered: [Int: Int] = [:]

        func check(_ request: FuzzValues.Request) {
            let reply: RawHTTP.Reply
            do {
                reply = try http.request(request.method, request.path, body: request.body)
            } catch {
                failures.append("\(request): \(error)")
                return
            }
            answered[reply.status, default: 0] += 1
            let clean = (400..<500).contains(reply.status) && reply.json?["kind"] is String && reply.json?["message"] is String
            let allowed = clean || (!request.mustFail && (200..<300).contains(reply.status))
            if !allowed {
                failures.append("\(request) → \(reply.status) \(String(decoding: reply.body.prefix(300), as: UTF8.self))")
            }
        }

        for request in generator.everyRouteWithEveryMethod() { check(request) }
        for _ in 0..<count { check(generator.next()) }
        for request in generator.oversizedBodies() { check(request) }
        #expect(failures.isEmpty, "seed \(seed): \(failures.count) bad answers, first: \(failures.prefix(5))")

        // Still alive, still serving, and nothing was added or changed.
        #expect(leadex.isRunning, "seed \(seed): leadexd died: \(leadex.log.suffix(2000))")
        let whoami = try http.request("GET", "/v1/whoami")
        #expect(whoami.status == 200)
        let exchange = try http.request("GET", "/v1/exchange")
        let leads = try JSONSerialization.jsonObject(with: exchange.body) as? [[String: Any]]
        #expect(leads?.count == 1 && leads?.first?["title"] as? String == "Сидоров", "no request changed the exchange")
        let shown = try await leadex.ctl(nil, "show", "\(lead)")
        #expect(shown.status == 0 && !shown.output.contains("reminder"), "no reminder was set: \(shown.output)")
        let log = await leadex.stop()
        #expect(!log.contains("Fatal error") && !log.contains("control request failed"), "\(log.suffix(3000))")
        #expect(answered.keys.allSatisfy { $0 < 500 }, "\(answered)")
    }
}

/// The seeded source of requests: routes, and values for each field that no route may accept.
struct FuzzValues {
    struct Request: CustomStringConvertible {
        var method: String
        var path: String
        var body: [UInt8]
        /// False where the value may be one the route takes (a search for anything, an id-less list).
        var mustFail: Bool
        var description: String {
            let shown = body.count > 200 ? "\(body.count) bytes" : String(decoding: body, as: UTF8.self).debugDescription
            return "\(method) \(path) \(shown)"
        }
    }

    private var random: SplitMix
    let lead: Int64

    init(seed: UInt64, lead: Int64) {
        random = SplitMix(seed: seed)
        self.lead = lead
    }

    static let actions = ["take", "return", "keep", "stage", "win", "refuse", "disqualify", "close-lost", "reopen"]
    static let lists = ["/v1/whoami", "/v1/exchange", "/v1/mine", "/v1/refusals", "/v1/users", "/v1/status", "/v1/export", "/v1/ignored"]

    /// Ids no lead has or no parser should take.
    static let badIDs = [
        "0", "-1", "-9223372036854775808", "9223372036854775807", "9223372036854775808", "18446744073709551616",
        "99999999999999999999999999", "1e3", "1.5", "NaN", "inf", "-0", "0x10", "%00", "%FF%FE", "abc", "%20 1", "1%0A",
        String(repeating: "9", count: 5000),
    ]

    /// Times no reminder may be for and no report may start at.
    static let badTimes = [
        "\"0000-01-01T00:00:00Z\"", "\"-0001-01-01T00:00:00Z\"", "\"99999-01-01T00:00:00Z\"", "\"1969-12-31T23:59:59Z\"",
        "\"1900-01-01T00:00:00Z\"", "\"9999-12-31T23:59:59Z\"", "\"2026-13-45T25:61:61Z\"", "\"NaN\"", "\"\"", "\"now\"",
        "1e308", "-1e308", "0", "-62167219200", "null", "true", "[]", "{}", "\"2000-01-01T00:00:00Z\"",
    ]
    /// Starts no report or list may have: before 1970, past 9999, or not a time.
    static let badSince = badTimes.filter { $0.hasPrefix("\"") && !$0.hasPrefix("\"2000") && !$0.hasPrefix("\"9999") }

    /// Strings no name, note or id may be: control characters, or not strings at all (`null` is
    /// left out: it is what an optional field may be).
    static let badText = [
        "\"\\u001b[2J\\u001b[H\"", "\"ring\\u0007\"", "\"back\\b\\b\"", "\"cr\\rlf\"", "\"nul\\u0000\"", "\"del\\u007f\"", "\"c1\\u009b31m\"",
        "5", "-1", "1e309", "true", "[]", "{\"a\":1}",
    ]

    static let malformedBodies: [[UInt8]] = [
        Array("{".utf8), Array("[]".utf8), Array("null".utf8), Array("\"x\"".utf8), Array("{\"note\": }".utf8),
        Array("{\"name\": \"".utf8) + [0xFF, 0xFE, 0xC3] + Array("\"}".utf8), [0xEF, 0xBB, 0xBF, 0x7B],
        Array(String(repeating: "[", count: 100_000).utf8), Array(String(repeating: "{\"a\":", count: 50_000).utf8),
        [0, 0, 0, 0],
    ]

    /// Each route once with each method it does not take, and with each bad id.
    mutating func everyRouteWithEveryMethod() -> [Request] {
        var all: [Request] = []
        let routes: [(String, String)] =
            Self.lists.map { ("GET", $0) } + [("GET", "/v1/leads/\(lead)"), ("POST", "/v1/leads"), ("GET", "/v1/contacts?q=x"),
                ("GET", "/v1/report"), ("POST", "/v1/import?dry_run=1"), ("POST", "/v1/leads/\(lead)/reminders"),
                ("POST", "/v1/ignored/1/restore")]
            + Self.actions.map { ("POST", "/v1/leads/\(lead)/\($0)") }
        for (taken, path) in routes {
            for method in ["GET", "POST", "PUT", "PATCH", "DELETE"] where method != taken {
                all.append(Request(method: method, path: path, body: [], mustFail: true))
            }
        }
        for id in Self.badIDs {
            all.append(Request(method: "GET", path: "/v1/leads/\(id)", body: [], mustFail: true))
            all.append(Request(method: "POST", path: "/v1/leads/\(id)/reminders", body: Array("{\"at\":\"2027-01-01T10:00:00Z\",\"note\":\"x\"}".utf8), mustFail: true))
            for action in Self.actions { all.append(Request(method: "POST", path: "/v1/leads/\(id)/\(action)", body: [], mustFail: true)) }
            all.append(Request(method: "POST", path: "/v1/ignored/\(id)/restore", body: [], mustFail: true))
        }
        all.append(Request(method: "GET", path: "/v1/nothing-here", body: [], mustFail: true))
        return all
    }

    /// One random request with at least one value the route must refuse.
    mutating func next() -> Request {
        let id = pick(0..<4) == 0 ? pick(Self.badIDs) : "\(lead)"
        let badID = id != "\(lead)"
        switch pick(0..<8) {
        case 0:
            return Request(method: "GET", path: "/v1/leads/\(id)", body: [], mustFail: badID)
        case 1, 2:
            let action = pick(Self.actions)
            let body = pick(0..<3) == 0 ? pick(Self.malformedBodies) : object(["note": "\"n\"", "stage": "\"call\"", "reason": "\"other\"", "to": "\"petrov\"", "keep": "true"], bad: ["keep": ["\"yes\"", "2", "[]"]])
            return Request(method: "POST", path: "/v1/leads/\(id)/\(action)", body: body, mustFail: true)
        case 3:
            let body = pick(0..<4) == 0 ? pick(Self.malformedBodies) : object(["at": "\"2027-01-01T10:00:00Z\"", "note": "\"перезвонить\""], bad: ["at": Self.badTimes, "note": Self.badText + ["\"\"", "\"  \"", "null"]])
            return Request(method: "POST", path: "/v1/leads/\(id)/reminders", body: body, mustFail: true)
        case 4:
            let body = pick(0..<4) == 0 ? pick(Self.malformedBodies) : object(
                ["name": "\"Клиент\"", "phone": "\"+7 912 000-00-99\"", "email": "\"client@firm.ru\"", "note": "\"с выставки\"", "take": "false"],
                bad: [
                    "name": Self.badText + ["\"\"", "\"   \"", "null"], "phone": Self.badText + ["null", "\"12\"", "\"\"", "\"NaN\"", "\"" + String(repeating: "9", count: 3000) + "\""],
                    "email": Self.badText + ["\"x@\"", "\"a@b@c\"", "\"a@b@c.ru\"", "\"@firm.ru\"", "\"a b@firm.ru\""], "take": ["\"yes\"", "2", "null", "[]"],
                ])
            return Request(method: "POST", path: "/v1/leads", body: body, mustFail: true)
        case 5:
            let since = pick(Self.badSince).dropFirst().dropLast()
            let route = pick(["/v1/report", "/v1/ignored"])
            if pick(0..<3) == 0 {
                return Request(method: "POST", path: "/v1/ignored/\(pick(Self.badIDs))/restore", body: pick(Self.malformedBodies), mustFail: true)
            }
            return Request(method: "GET", path: "\(route)?since=\(escaped(String(since)))", body: [], mustFail: true)
        case 6:
            let file = pick(["clients.csv", "esc%1B%5B2J.csv", "bell%07.csv", "cr%0Dlf%0A.csv", "%FF%FE.csv"])
            let dryRun = pick(["", "&dry_run=1", "&skip_rejected=1", "&dry_run=true&skip_rejected=1"])
            let body = pick([
                [], Array("Товар;Цена\nСтул;1500\n".utf8), Array("Name,Phone\nA,\"8 912 000 00 00\nB,1\n".utf8), [0xFF, 0xFE, 0x00, 0x41],
                Array(String(repeating: ";", count: 100_000).utf8), randomBytes(pick(1..<2000)),
            ])
            return Request(method: "POST", path: "/v1/import?file=\(file)\(dryRun)", body: body, mustFail: true)
        default:
            // Routes that take any value or none: they may answer 2xx, never 5xx.
            let path = pick([
                "/v1/contacts?q=\(pick(["%00", "%FF", "%1B%5B2J", "9999999999999999999999", "%25", "", "'%20OR%201=1--"]))",
                pick(Self.lists) + "?junk=\(pick(["%00", "%FF", "1e309"]))", "/v1/contacts",
            ])
            return Request(method: "GET", path: path, body: pick(Self.malformedBodies), mustFail: false)
        }
    }

    /// Bodies over the 64 MB limit, to each route that reads one.
    func oversizedBodies() -> [Request] {
        let big = [UInt8](repeating: 0x20, count: (64 << 20) + 1)
        return ["/v1/leads", "/v1/leads/\(lead)/reminders", "/v1/leads/\(lead)/take", "/v1/import?file=big.csv"].map {
            Request(method: "POST", path: $0, body: big, mustFail: true)
        }
    }

    /// A JSON object of `valid` fields with at least one replaced by one of its `bad` values.
    private mutating func object(_ valid: [String: String], bad: [String: [String]]) -> [UInt8] {
        var fields = valid
        let candidates = Array(valid.keys.sorted())
        var corrupted = false
        for key in candidates {
            let values = bad[key] ?? Self.badText
            if pick(0..<3) == 0 {
                fields[key] = pick(values)
                corrupted = true
            } else if pick(0..<6) == 0 {
                fields[key] = nil
            }
        }
        if !corrupted {
            let key = pick(candidates)
            fields[key] = pick(bad[key] ?? Self.badText)
        }
        let text = "{" + fields.sorted { $0.key < $1.key }.map { "\"\($0.key)\": \($0.value)" }.joined(separator: ", ") + "}"
        return Array(text.utf8)
    }

    private func escaped(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? text
    }

    private mutating func pick<T>(_ values: [T]) -> T { values[Int(random.next() % UInt64(values.count))] }
    private mutating func pick(_ range: Range<Int>) -> Int { range.lowerBound + Int(random.next() % UInt64(range.count)) }
    private mutating func randomBytes(_ count: Int) -> [UInt8] { (0..<count).map { _ in UInt8(truncatingIfNeeded: random.next()) } }
}
