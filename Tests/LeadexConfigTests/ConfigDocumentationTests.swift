import Foundation
@testable import LeadexConfig
import LeadexTesting
import Testing

/// docs/configuration.md against the config reader, both ways: every key the reader asks for is
/// documented, and every documented key is one the reader accepts. The accepted set is what the
/// reader itself asks for (`ConfigReader.keysAsked`), not a list kept by hand beside it.
@Suite struct ConfigDocumentationTests {
    /// The documented keys: tables from headings like "### `[jobs.sweep]`" or "### `[[inbox]]`",
    /// keys from the first cell of the table rows under them ("| `schedule` | …"); "Top-level
    /// keys" lists the keys outside any table. A table heading without key rows is a table of
    /// free names (`[form.probe.fields]`).
    struct Documented {
        struct Table {
            var name: String
            var isArray: Bool
            var keys: [String] = []
        }

        var rootKeys: [String] = []
        var tables: [Table] = []

        init(markdown: String) {
            var current: Int?  // index into tables; nil with inRoot: top level
            var inRoot = false
            for line in markdown.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) {
                if line.hasPrefix("#") {
                    inRoot = false
                    current = nil
                    let text = line.drop(while: { $0 == "#" }).trimmingCharacters(in: .whitespaces)
                    if text == "Top-level keys" {
                        inRoot = true
                    } else if text.hasPrefix("`[") {
                        let inner = text.dropFirst().prefix(while: { $0 != "`" })
                        let isArray = inner.hasPrefix("[[")
                        let name = inner.trimmingCharacters(in: CharacterSet(charactersIn: "[]"))
                        tables.append(Table(name: name, isArray: isArray))
                        current = tables.count - 1
                    }
                    continue
                }
                guard inRoot || current != nil, line.hasPrefix("| `") else { continue }
                let key = line.dropFirst(3).prefix(while: { $0 != "`" })
                guard !key.isEmpty, key.allSatisfy({ $0.isLowercase || $0 == "_" }) else { continue }
                if let current { tables[current].keys.append(String(key)) } else { rootKeys.append(String(key)) }
            }
        }

        /// Qualified as the reader names them: `inbox.url`, and the tables themselves with their parents.
        var qualifiedKeys: Set<String> {
            var keys = Set(rootKeys)
            for table in tables {
                let parts = table.name.split(separator: ".")
                for end in 1...parts.count { keys.insert(parts[..<end].joined(separator: ".")) }
                for key in table.keys { keys.insert("\(table.name).\(key)") }
            }
            return keys
        }

        /// A config holding every documented key, in the documentation's order (which is TOML's:
        /// `[form.fields]` after its `[[form]]`). Values are all strings: a wrong type is a
        /// problem of its own, never an unknown key, and every table is entered.
        var everyKeyConfig: String {
            var lines = rootKeys.map { "\($0) = \"x\"" }
            for table in tables {
                lines.append(table.isArray ? "[[\(table.name)]]" : "[\(table.name)]")
                if table.keys.isEmpty { lines.append("any-name = \"x {token}\"") }
                lines += table.keys.map { "\($0) = \"x\"" }
            }
            return lines.joined(separator: "\n") + "\n"
        }
    }

    let documented: Documented

    init() throws {
        documented = Documented(markdown: try String(contentsOfFile: RepositoryPaths.file("docs/configuration.md"), encoding: .utf8))
    }

    /// The keys the reader asks for while reading `text`, and the problems it reports.
    func read(_ text: String) throws -> (keys: Set<String>, problems: [ConfigProblem]) {
        let directory = try TemporaryDirectory()
        return try LeadexConfiguration.keysAsked(path: try directory.write("leadex.toml", text))
    }

    @Test func theDocumentationListsTables() {
        // A parser that found nothing would pass every check below.
        #expect(documented.rootKeys == ["language", "timezone"])
        #expect(documented.tables.count > 20)
        #expect(documented.tables.first { $0.name == "inbox" }?.isArray == true)
        #expect(documented.qualifiedKeys.contains("form.probe.fields"))
        #expect(documented.qualifiedKeys.contains("jobs.untaken_alerts.working_hours"))
    }

    @Test func everyKeyTheReaderAcceptsIsDocumented() throws {
        var asked = try read(documented.everyKeyConfig).keys
        // The shipped configs too: a key they use is one a newcomer reads about.
        for file in ["config/leadex.toml", "config/dev.toml"] {
            asked.formUnion(try LeadexConfiguration.keysAsked(path: RepositoryPaths.file(file), dropInDirectory: "/nonexistent").keys)
        }
        let undocumented = asked.subtracting(documented.qualifiedKeys).sorted()
        #expect(undocumented.isEmpty, "accepted by the config reader, missing in docs/configuration.md: \(undocumented)")
    }

    @Test func everyDocumentedKeyIsAccepted() throws {
        let (asked, problems) = try read(documented.everyKeyConfig)
        let unknown = problems.filter { $0.message.hasPrefix("unknown key") }.map(\.message)
        #expect(unknown.isEmpty, "documented in docs/configuration.md, refused by the config reader: \(unknown)")
        let neverAsked = documented.qualifiedKeys.subtracting(asked).sorted()
        #expect(neverAsked.isEmpty, "documented in docs/configuration.md, never read: \(neverAsked)")
    }

    /// The check itself: an undocumented key and a documented one the reader does not know are both caught.
    @Test func theCheckCatchesBothKindsOfDrift() throws {
        var missing = documented
        missing.tables[missing.tables.firstIndex { $0.name == "backup" }!].keys.removeAll { $0 == "keep" }
        #expect(!(try read(missing.everyKeyConfig).keys.subtracting(missing.qualifiedKeys)).isEmpty)
        var extra = documented
        extra.tables[extra.tables.firstIndex { $0.name == "backup" }!].keys.append("compress")
        #expect(try read(extra.everyKeyConfig).problems.contains { $0.message == "unknown key 'backup.compress'" })
    }
}
