import Foundation
import LeadexTesting
import Testing

/// What the socket answers to HTTP that is wrong as HTTP: a status that says what is wrong, a
/// JSON body that says why, at once, never a 500 "internal".
@Suite(.serialized, .enabled(if: LocalAccounts.available, "creates Unix users with useradd: run as root (CI does)"))
struct ControlHTTPErrorTests {
    @Test func malformedRequestsGetTheirOwnStatusAndAJSONReasonAtOnce() async throws {
        let leadex = try await ControlDaemon.start()
        let lead = try await leadex.addLead(name: "Сидоров", phone: "8 (912) 000-00-01")
        let http = RawHTTP(socket: leadex.socket, timeout: 5)
        func expectError(_ reply: RawHTTP.Reply, _ status: Int, _ words: String..., sourceLocation: SourceLocation = #_sourceLocation) {
            let message = reply.json?["message"] as? String ?? ""
            #expect(reply.status == status, "\(reply.status) \(String(decoding: reply.body, as: UTF8.self))", sourceLocation: sourceLocation)
            #expect(reply.json?["kind"] is String && words.allSatisfy(message.contains), "\(message)", sourceLocation: sourceLocation)
        }

        // Over the limit: 413 naming it.
        let big = [UInt8](repeating: 0x20, count: (64 << 20) + 10)
        expectError(try http.request("POST", "/v1/leads", body: big), 413, "64 MB")
        expectError(try http.request("POST", "/v1/import?file=clients.csv", body: big), 413, "clients.csv is too large", "64 MB")

        // A body shorter than its Content-Length, a broken chunk: 400.
        expectError(try http.request("POST", "/v1/leads", body: Array("{\"name\":".utf8), contentLength: 500), 400, "not valid HTTP")
        let chunked = Array("zz\r\n{}\r\n0\r\n\r\n".utf8)
        expectError(try http.request("POST", "/v1/leads/\(lead)/take", body: chunked, headers: [("Transfer-Encoding", "chunked")]), 400, "not valid HTTP")

        // A path asked with a method it does not take: 405 with Allow.
        let wrong = try http.request("GET", "/v1/leads/\(lead)/take")
        expectError(wrong, 405, "takes POST")
        #expect(wrong.headers["allow"] == "POST")
        expectError(try http.request("DELETE", "/v1/exchange"), 405, "takes GET")
        expectError(try http.request("GET", "/v1/no-such-thing"), 404)

        // A header over the limit: 431 at once, not after the idle timeout.
        let huge = try http.request("GET", "/v1/exchange", headers: [("X-Filler", String(repeating: "a", count: 1 << 20))])
        expectError(huge, 431, "header")
        #expect(huge.seconds < 2, "answered in \(huge.seconds) s")
        // As curl sends it: no half-close, the client waits for the answer with its side open.
        let head = "GET /v1/exchange HTTP/1.1\r\nHost: leadexd\r\nX-Filler: \(String(repeating: "a", count: 200_000))\r\n\r\n"
        let open = try http.exchange(Array(head.utf8), halfClose: false)
        expectError(open, 431, "header")
        #expect(open.seconds < 2, "answered in \(open.seconds) s")

        // leadexctl says the file is too large and what the limit is, before sending it.
        let file = leadex.directory.file("clients.csv")
        FileManager.default.createFile(atPath: file, contents: Data("Name;Phone\n".utf8) + Data(repeating: 0x41, count: 65 << 20))
        chmod(file, 0o644)
        let imported = try await leadex.ctl(nil, "import", file)
        #expect(imported.status == 5 && imported.error.contains("clients.csv is too large") && imported.error.contains("64 MB"), "\(imported.error)")

        // Heads that are not HTTP/1.1 as it is written: a 4xx with a JSON reason each, at once.
        let heads = [
            "POST /v1/leads HTTP/1.1\r\nContent-Length: -1\r\n\r\n", "POST /v1/leads HTTP/1.1\r\nContent-Length: 99999999999999999999999\r\n\r\n",
            "POST /v1/leads HTTP/1.1\r\nContent-Length: 5\r\nContent-Length: 7\r\n\r\n{}",
            "POST /v1/leads HTTP/1.1\r\nContent-Length: 2\r\nTransfer-Encoding: chunked\r\n\r\n{}",
            "POST /v1/leads HTTP/1.1\r\nTransfer-Encoding: gzip\r\n\r\n{}", "GET /v1/exchange HTTP/9.9\r\n\r\n", "GET\r\n\r\n",
            "GET /v1/exchange HTTP/1.1\r\nNo colon here\r\n\r\n", "GET /v1/exchange HTTP/1.1\r\nX: a\u{0}b\r\n\r\n", "\u{16}\u{3}\u{1}\u{0}\u{a5}\u{1}",
            "GET /v1/ex change HTTP/1.1\r\n\r\n", "GET /v1/exchange HTTP/1.1\r\n" + String(repeating: "X-A: b\r\n", count: 2000) + "\r\n",
        ]
        for head in heads {
            let reply = try http.exchange(Array(head.utf8))
            #expect((400..<500).contains(reply.status) && reply.json?["message"] is String, "\(head.prefix(80).debugDescription): \(reply.status)")
            #expect(reply.seconds < 2, "\(head.prefix(80).debugDescription): \(reply.seconds) s")
        }

        #expect(try http.request("GET", "/v1/whoami").status == 200, "still serving")
        let log = await leadex.stop()
        #expect(!log.contains("control request failed"), "no request was an internal failure: \(log.suffix(2000))")
    }
}
