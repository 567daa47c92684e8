import CCurl
import Foundation
import LeadexCurl
import LeadexTesting
import Testing

@Suite struct CurlEasyTests {
    @Test func fetchesAFileURLThroughTheTypedShim() throws {
        let directory = try TemporaryDirectory()
        let path = try directory.write("feed.json", #"{"items": [{"id": 1, "name": "Иван"}]}"#)
        let curl = try CurlEasy()
        let body = try curl.perform(url: "file://\(path)")
        #expect(String(decoding: body, as: UTF8.self).contains("Иван"))
        // A second transfer on the same handle starts from an empty body.
        #expect(try curl.perform(url: "file://\(path)").count == body.count)
    }

    @Test func failuresCarryCurlsCodeAndMessage() throws {
        let curl = try CurlEasy()
        do {
            _ = try curl.perform(url: "file:///nonexistent/feed.json")
            Issue.record("expected a failure")
        } catch {
            #expect(error.code == Int(CURLE_FILE_COULDNT_READ_FILE.rawValue))
            #expect(error.description.contains("/nonexistent/feed.json"))
            #expect(!error.isTransient)
        }
    }

    @Test func aRefusedConnectionIsTransient() throws {
        let curl = try CurlEasy()
        try curl.set(CURLOPT_CONNECTTIMEOUT, 2)
        do {
            // Port 9 (discard) on loopback: nothing listens there in the test environment.
            _ = try curl.perform(url: "http://127.0.0.1:9/")
            Issue.record("expected a failure")
        } catch {
            #expect(error.code == Int(CURLE_COULDNT_CONNECT.rawValue))
            #expect(error.isTransient)
        }
    }
}
