import Foundation
import LeadexConfig
import LeadexJobs
import LeadexTesting
import Testing

/// A custom template saved in a legacy encoding fails `--check-config` at its line, like the config.
@Suite("Mail templates: invalid UTF-8 is reported at FILE:LINE")
struct TemplateEncodingTests {
    @Test("a Windows-1251 line in a custom template names the file, line and byte")
    func invalidUTF8NamesItsLine() throws {
        let directory = try TemporaryDirectory()
        let bytes = Array("Subject: Напоминание\n\n".utf8) + [0xC7, 0xE2, 0xEE, 0xED, 0xEE, 0xEA] + Array("\n".utf8)
        try Data(bytes).write(to: URL(fileURLWithPath: directory.file("reminder.txt.mustache")))
        let problem = try #require(throws: MailTemplates.Problem.self) { try MailTemplates(language: .ru, directory: directory.path) }
        #expect(problem.description.hasSuffix("reminder.txt.mustache:3: not UTF-8: byte 0xC7 at column 1 (save the file as UTF-8)"))
    }
}
