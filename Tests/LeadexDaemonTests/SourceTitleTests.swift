import Foundation
import LeadexTesting
import Testing

/// A form's configured `display_name` is what people read for it: in `exchange`, `show` and
/// `status`, on the real daemon, in Russian; `--json` keeps the source code.
@Suite(.serialized) struct SourceTitleTests {
    @Test func aFormsDisplayNameIsShownWhereverItsLeadsAre() async throws {
        let leadex = try await ControlDaemon.start(language: "ru") { directory in
            try directory.write("feed.json", #"[{"id": "1", "name": "Анна", "phone": "+7 912 555-00-01"}]"#)
            return """
                [[form]]
                name = "site"
                display_name = "Сайт: форма обратного звонка"
                url = "file://\(directory.file("feed.json"))"
                format = "json"
                id_field = "id"
                [form.fields]
                name = "name"
                phone = "phone"
                """
        }
        var exchange = ""
        let deadline = Date().addingTimeInterval(30)
        repeat {
            try await Task.sleep(for: .milliseconds(200))
            exchange = try await leadex.ctl("lxivanov", "exchange").output
        } while !exchange.contains("Анна") && Date() < deadline
        #expect(exchange.contains("Сайт: форма обратного звонка"), "\(exchange)")
        #expect(!exchange.contains("Форма site"), "\(exchange)")
        let show = try await leadex.ctl("lxivanov", "show", "1").output
        #expect(show.contains("источник: Сайт: форма обратного звонка"), "\(show)")
        let json = try await leadex.ctl("lxivanov", "show", "1", "--json").output
        #expect(json.contains("\"form:site\""), "the code stays in JSON: \(json)")
        let status = try await leadex.ctl("lxokk", "status").output
        #expect(status.split(separator: "\n").contains { $0.hasPrefix("Сайт: форма обратного звонка") }, "\(status)")
        _ = await leadex.stop()
    }
}
