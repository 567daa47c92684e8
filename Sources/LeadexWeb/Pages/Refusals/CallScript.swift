internal import Foundation
public import LeadexConfig
internal import Mustache

/// The verification call the sales method prescribes for a conditional refusal, filled in for
/// one deal: QA's name, the company (`[web] company`), when the client spoke to the manager, the
/// reason. Built in for each language; an admin replaces it with `call_script.txt.mustache` in
/// the mail templates' directory (`[mail] templates`), parsed at load like the mail templates so
/// that a broken one fails `--check-config`, not a QA call.
struct CallScript: Sendable {
    static let fileName = MailSettings.workspaceTemplates.first { $0.hasPrefix("call_script") }!

    /// What the template gets.
    struct Values {
        var qa: String
        var company: String
        var client: String
        var manager: String
        /// When the manager recorded the refusal, as people say it ("вчера 18:30").
        var when: String
        var reason: String
        var note: String?
    }

    private let library: MustacheLibrary

    init(language: Language, directory: String?) throws(WebTemplateProblem) {
        var source = Self.builtIn(language)
        let path = directory.map { "\($0)/\(Self.fileName)" }
        if let path, FileManager.default.fileExists(atPath: path) {
            guard let data = FileManager.default.contents(atPath: path) else { throw WebTemplateProblem(description: "\(path): cannot be read") }
            if let invalid = UTF8Check.firstInvalid(data) { throw WebTemplateProblem(description: "\(path):\(invalid.line): \(invalid)") }
            guard let text = String(data: data, encoding: .utf8) else { throw WebTemplateProblem(description: "\(path): not readable as UTF-8") }
            source = text
        }
        var library = MustacheLibrary()
        do {
            // Plain text: the page escapes it once, where it is shown.
            try library.register("{{% CONTENT_TYPE: TEXT}}" + source, named: "call_script")
        } catch {
            throw WebTemplateProblem(description: "template \(Self.fileName)\(path.map { " (\($0))" } ?? ""): \(error)")
        }
        self.library = library
    }

    func render(_ values: Values) -> String {
        var context: [String: Any] = [
            "qa": values.qa, "company": values.company, "client": values.client, "manager": values.manager, "when": values.when,
            "reason": values.reason,
        ]
        if let note = values.note, !note.isEmpty { context["note"] = note }
        return (library.render(context, withTemplate: "call_script") ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
    }

    static func builtIn(_ language: Language) -> String {
        switch language {
        case .ru:
            """
            Добрый день, это {{qa}}, компания {{company}}. Я сотрудник службы качества и вижу, что вы общались {{when}} с нашим менеджером и отказались от покупки по причине «{{reason}}», это так?
            …
            Скажите, что можно предпринять, чтобы вы сделали выбор в пользу покупки у нас?
            """
        case .en:
            """
            Good afternoon, this is {{qa}} from {{company}}. I work in quality control and I see that you spoke with our manager {{when}} and decided not to buy because of “{{reason}}”, is that right?
            …
            Tell me, what could we do so that you would choose to buy from us?
            """
        }
    }
}

/// A web template of the admin's that cannot be used; `--check-config` and the start say which.
public struct WebTemplateProblem: Error, CustomStringConvertible, Sendable {
    public let description: String
}

/// The workspace's templates an admin may override, checked at load.
public enum WebTemplates {
    /// Throws when an override in `directory` cannot be parsed.
    public static func check(language: Language, directory: String?) throws(WebTemplateProblem) {
        _ = try CallScript(language: language, directory: directory)
    }
}
