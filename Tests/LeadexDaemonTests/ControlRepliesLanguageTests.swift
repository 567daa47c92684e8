import Foundation
import LeadexTesting
import Testing

/// Every reply of the control socket that leadexctl prints is in the department's language:
/// malformed JSON, import failures, a body over the limit, a wrong path or method, HTTP that is
/// not HTTP. Russian here; ControlHTTPErrorTests reads the English ones.
@Suite(.serialized, .enabled(if: LocalAccounts.available, "creates Unix users with useradd: run as root (CI does)"))
struct ControlRepliesLanguageTests {
    @Test func aRussianDepartmentReadsEveryRequestErrorInRussian() async throws {
        let leadex = try await ControlDaemon.start(language: "ru")
        let lead = try await leadex.addLead(name: "Сидоров", phone: "8 (912) 000-00-01")
        let http = RawHTTP(socket: leadex.socket, timeout: 5)
        func expectRussian(_ reply: RawHTTP.Reply, _ status: Int, _ words: String..., sourceLocation: SourceLocation = #_sourceLocation) {
            let message = reply.json?["message"] as? String ?? ""
            #expect(reply.status == status, "\(reply.status) \(message)", sourceLocation: sourceLocation)
            #expect(words.allSatisfy(message.contains), "\(message)", sourceLocation: sourceLocation)
            #expect(message.contains { ("а"..."я").contains($0) }, "Russian: \(message)", sourceLocation: sourceLocation)
        }

        expectRussian(try http.request("POST", "/v1/leads", body: Array("{\"name\": 5}".utf8)), 422, "тело запроса — не тот JSON")
        expectRussian(try http.request("POST", "/v1/leads/\(lead)/stage", body: Array("{}".utf8)), 422, "нужен этап")
        expectRussian(try http.request("POST", "/v1/leads/\(lead)/fly", body: Array("{}".utf8)), 404, "нет запроса /v1/leads/\(lead)/fly")
        let big = [UInt8](repeating: 0x20, count: (64 << 20) + 10)
        expectRussian(try http.request("POST", "/v1/leads", body: big), 413, "64 МБ")
        expectRussian(try http.request("POST", "/v1/import?file=clients.csv", body: big), 413, "clients.csv слишком велик", "64 МБ")
        expectRussian(try http.request("POST", "/v1/import?file=empty.csv", body: []), 422, "empty.csv не импортирован: файл пуст")
        expectRussian(
            try http.request("POST", "/v1/import?file=bad.csv", body: Array("Имя;Телефон\nАнна;12\n".utf8)), 422,
            "(строка 2: «12» — не номер телефона, а почты нет)", "--dry-run")
        expectRussian(try http.request("GET", "/v1/leads/\(lead)/take"), 405, "принимает POST, а не GET")
        expectRussian(try http.request("GET", "/v1/no-such-thing"), 404, "нет запроса /v1/no-such-thing")
        expectRussian(try http.request("GET", "/v1/ignored?since=yesterday"), 422, "дата и время ISO 8601")
        expectRussian(try http.request("POST", "/v1/leads", body: Array("{\"name\":".utf8), contentLength: 500), 400, "не HTTP/1.1")
        expectRussian(try http.request("GET", "/v1/exchange", headers: [("X-Filler", String(repeating: "a", count: 1 << 20))]), 431, "заголовок запроса")

        // What leadexctl itself prints of them, with the rejected rows' reasons in Russian.
        let file = try leadex.directory.write("clients.csv", "Имя;Телефон\nАнна;12\nБорис;8 912 000-00-05\n")
        chmod(file, 0o644)
        let dry = try await leadex.ctl(nil, "import", file, "--dry-run")
        #expect(dry.status == 0 && dry.output.contains("строка 2: «12» — не номер телефона, а почты нет"), "\(dry)")
        let refused = try await leadex.ctl(nil, "import", file)
        #expect(refused.status == 5 && refused.error.contains("ничего не импортировано"), "\(refused)")
        _ = await leadex.stop()
    }
}
