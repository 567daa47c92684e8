internal import LeadexCore

/// Reads typed settings out of a located table, collecting every problem instead of stopping at
/// the first, and noticing keys nobody asked for (usually a typo, which must not pass silently).
final class ConfigReader {
    private(set) var problems: [ConfigProblem] = []
    /// Every key any section asked for, present or not, qualified (`inbox.url`, `form.fields.phone`;
    /// tables too: `jobs.reminders`): the set of keys this reader accepts, which the documentation
    /// test compares with docs/configuration.md.
    private(set) var keysAsked: Set<String> = []

    /// One table being read: the keys asked for are remembered so the rest can be reported.
    final class Section {
        let reader: ConfigReader
        let table: TOMLNode.Table
        let location: SourceLocation
        let name: String
        private var used: Set<String> = []

        init(reader: ConfigReader, table: TOMLNode.Table, location: SourceLocation, name: String) {
            self.reader = reader
            self.table = table
            self.location = location
            self.name = name
        }

        private func value(_ key: String) -> TOMLNode.Located? {
            used.insert(key)
            reader.keysAsked.insert(qualified(key))
            return table[key]
        }

        func location(of key: String) -> SourceLocation { table[key]?.location ?? location }

        func problem(_ key: String?, _ message: String) {
            reader.problems.append(ConfigProblem(key.map(location(of:)) ?? location, message))
        }

        private func mismatch(_ key: String, _ found: TOMLNode.Located, expected: String) {
            reader.problems.append(
                ConfigProblem(found.location, "'\(qualified(key))' must be \(expected), found \(found.node.typeName)"))
        }

        func qualified(_ key: String) -> String { name.isEmpty ? key : "\(name).\(key)" }

        func string(_ key: String) -> String? {
            guard let found = value(key) else { return nil }
            guard case .string(let string) = found.node else { mismatch(key, found, expected: "a string"); return nil }
            return string
        }

        func requiredString(_ key: String) -> String? {
            guard let string = string(key) else {
                if table[key] == nil { problem(nil, "'\(qualified(key))' is required") }
                return nil
            }
            guard !string.isEmpty else { problem(key, "'\(qualified(key))' must not be empty"); return nil }
            return string
        }

        func integer(_ key: String, in range: ClosedRange<Int>? = nil) -> Int? {
            guard let found = value(key) else { return nil }
            guard case .integer(let integer) = found.node else { mismatch(key, found, expected: "an integer"); return nil }
            if let range, !range.contains(integer) {
                problem(key, "'\(qualified(key))' must be between \(range.lowerBound) and \(range.upperBound)")
                return nil
            }
            return integer
        }

        func boolean(_ key: String) -> Bool? {
            guard let found = value(key) else { return nil }
            guard case .boolean(let boolean) = found.node else { mismatch(key, found, expected: "true or false"); return nil }
            return boolean
        }

        func strings(_ key: String) -> [String]? {
            guard let found = value(key) else { return nil }
            guard case .array(let items) = found.node else { mismatch(key, found, expected: "an array of strings"); return nil }
            var result: [String] = []
            for item in items {
                guard case .string(let string) = item.node else {
                    mismatch(key, item, expected: "an array of strings")
                    return nil
                }
                result.append(string)
            }
            return result
        }

        /// One string or an array of strings (`phone = "tel"` or `phone = ["tel", "phone2"]`).
        func stringList(_ key: String) -> [String]? {
            guard let found = table[key] else {
                reader.keysAsked.insert(qualified(key))
                return nil
            }
            if case .string = found.node { return string(key).map { [$0] } }
            guard case .array = found.node else {
                _ = value(key)
                mismatch(key, found, expected: "a string or an array of strings")
                return nil
            }
            return strings(key)
        }

        /// A table of string values in file order (`[form.probe.fields]`: names as the site spells them).
        func stringTable(_ key: String) -> [(String, String)]? {
            guard let found = value(key) else { return nil }
            guard case .table(let inner) = found.node else { mismatch(key, found, expected: "a table"); return nil }
            var result: [(String, String)] = []
            // TOMLKit hands keys over sorted; the order written is the order a form posts them.
            for (name, item) in inner.entries.sorted(by: { $0.value.location.line < $1.value.location.line }) {
                guard case .string(let text) = item.node else {
                    reader.problems.append(
                        ConfigProblem(item.location, "'\(qualified(key)).\(name)' must be a string, found \(item.node.typeName)"))
                    continue
                }
                result.append((name, text))
            }
            return result
        }

        /// A value from a fixed set, named in the message when it is something else.
        func choice<T: RawRepresentable>(_ key: String, _ type: T.Type) -> T? where T.RawValue == String, T: CaseIterable {
            guard let raw = string(key) else { return nil }
            guard let value = T(rawValue: raw) else {
                let allowed = T.allCases.map { "'\($0.rawValue)'" }.joined(separator: ", ")
                problem(key, "'\(qualified(key))' must be one of \(allowed), found '\(raw)'")
                return nil
            }
            return value
        }

        func duration(_ key: String) -> Duration? {
            guard let raw = string(key) else { return nil }
            guard let duration = DurationText.parse(raw) else {
                problem(key, "'\(qualified(key))' is not a duration like \"90s\", \"15m\", \"2h\", \"3d\" or \"1h30m\": '\(raw)'")
                return nil
            }
            return duration
        }

        func section(_ key: String) -> Section? {
            guard let found = value(key) else { return nil }
            guard case .table(let table) = found.node else { mismatch(key, found, expected: "a table"); return nil }
            return Section(reader: reader, table: table, location: found.location, name: qualified(key))
        }

        /// An array of tables (`[[user]]`), each as a section.
        func sections(_ key: String) -> [Section]? {
            guard let found = value(key) else { return nil }
            guard case .array(let items) = found.node else { mismatch(key, found, expected: "an array of tables ([[\(key)]])"); return nil }
            var result: [Section] = []
            for item in items {
                guard case .table(let table) = item.node else {
                    mismatch(key, item, expected: "an array of tables ([[\(key)]])")
                    continue
                }
                result.append(Section(reader: reader, table: table, location: item.location, name: qualified(key)))
            }
            return result
        }

        /// Reports keys that were never asked for: call once the section has been read.
        func finish() {
            for (key, found) in table.entries where !used.contains(key) {
                reader.problems.append(ConfigProblem(found.location, "unknown key '\(qualified(key))'"))
            }
        }
    }

    func root(_ document: ConfigDocument) -> Section {
        Section(reader: self, table: document.root, location: SourceLocation(file: document.files.first ?? "", line: 0), name: "")
    }
}
