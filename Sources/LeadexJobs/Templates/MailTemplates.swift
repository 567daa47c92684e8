internal import Foundation
public import LeadexConfig
internal import Mustache

/// The mail templates in force: the built-in ones for the configured language, each replaceable
/// by a file in the admin's template directory. Parsed once at load, so that a broken template
/// fails `--check-config` and the reload, not a reminder at night.
public struct MailTemplates: Sendable {
    public struct Problem: Error, CustomStringConvertible, Sendable {
        public let description: String
    }

    /// A rendered mail: subject line and bodies.
    public struct Rendered: Sendable, Hashable {
        public var subject: String
        public var text: String
        public var html: String?
    }

    public static let names = [
        "reminder", "stage_alert_owner", "stage_alert_head", "untaken_alert", "sweep_notice", "weekly_report", "admin_alert",
        "invitation", "password_reset",
    ]

    private let library: MustacheLibrary
    /// The registered template files (`reminder.txt`, …).
    private let files: Set<String>

    public init(language: Language, directory: String?) throws(Problem) {
        var sources = DefaultTemplates.all(language).merging(AccountTemplates.all(language)) { builtIn, _ in builtIn }
        if let directory {
            let files = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
            for file in files where file.hasSuffix(".mustache") && !MailSettings.workspaceTemplates.contains(file) {
                let name = String(file.dropLast(".mustache".count))
                guard sources[name] != nil else {
                    throw Problem(description: "\(directory)/\(file): unknown template (known: \(Self.names.joined(separator: ", ")), each as NAME.txt.mustache or NAME.html.mustache)")
                }
                guard let data = FileManager.default.contents(atPath: "\(directory)/\(file)") else {
                    throw Problem(description: "\(directory)/\(file): cannot be read")
                }
                if let invalid = UTF8Check.firstInvalid(data) {
                    throw Problem(description: "\(directory)/\(file):\(invalid.line): \(invalid)")
                }
                guard let text = String(data: data, encoding: .utf8) else {
                    throw Problem(description: "\(directory)/\(file): not readable as UTF-8")
                }
                sources[name] = text
            }
        }
        var library = MustacheLibrary()
        for (name, source) in sources {
            // Plain-text templates must not HTML-escape a client's "ООО «Ромашка» & Co".
            let text = name.hasSuffix(".txt") ? "{{% CONTENT_TYPE: TEXT}}" + source : source
            do {
                try library.register(text, named: name)
            } catch {
                throw Problem(description: "template \(name).mustache\(directory.map { " (in \($0))" } ?? ""): \(error)")
            }
            if name.hasSuffix(".txt"), !source.hasPrefix("Subject:") {
                throw Problem(description: "template \(name).mustache must start with a 'Subject: …' line")
            }
        }
        self.library = library
        self.files = Set(sources.keys)
    }

    /// Renders `name` (`reminder`, …): its `.txt` template gives the subject and text, its
    /// `.html` template, if there is one, the HTML alternative.
    public func render(_ name: String, _ context: [String: Any]) -> Rendered {
        let full = library.render(context, withTemplate: name + ".txt") ?? "Subject: \(name)\n\n"
        var lines = full.split(separator: "\n", maxSplits: 1, omittingEmptySubsequences: false)
        // Trimmed by hand: Foundation's trimmingCharacters bridges through NSString, a visible cost
        // when 10,000 reminders are rendered at once.
        var subject = Substring(lines.removeFirst().dropFirst("Subject:".count))
        while subject.first == " " || subject.first == "\t" { subject.removeFirst() }
        while subject.last == " " || subject.last == "\t" || subject.last == "\r" { subject.removeLast() }
        var text = lines.first.map(String.init) ?? ""
        while text.hasPrefix("\n") { text.removeFirst() }
        let html = library.render(context, withTemplate: name + ".html")
        return Rendered(subject: String(subject), text: text, html: html)
    }

    /// Renders `name` like ``render(_:_:)``, for a name read back from the outbox rather than
    /// written in the code: throws when there is no such template (a mail enqueued by a version
    /// of Leadex that had one) instead of rendering a placeholder.
    public func renderChecked(_ name: String, _ context: [String: Any]) throws(Problem) -> Rendered {
        guard files.contains(name + ".txt") else {
            throw Problem(description: "no template \(name).txt.mustache (known: \(Self.names.joined(separator: ", ")))")
        }
        return render(name, context)
    }
}
