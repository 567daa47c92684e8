internal import Foundation
internal import TOMLKit

/// The main config file and its drop-ins, parsed and merged into one located tree.
///
/// Merging follows the drop-in convention of systemd: files are read in order (the main file,
/// then `leadex.d/*.toml` sorted by name) and a later value replaces an earlier one; tables merge
/// key by key. Arrays of tables listed in ``appendedArrays`` (users, mailboxes, forms) add up across files instead,
/// so that a drop-in can bring a team's users or a mailbox; every other array is replaced whole.
struct ConfigDocument {
    static let appendedArrays: Set<String> = ["user", "inbox", "form"]

    var root = TOMLNode.Table()
    var files: [String] = []

    /// Reads `path` and, next to it, `leadex.d/*.toml` (or the directory named by `dropInDirectory`).
    static func load(path: String, dropInDirectory: String? = nil) throws(ConfigError) -> ConfigDocument {
        var document = ConfigDocument()
        var problems: [ConfigProblem] = []
        let directory = dropInDirectory ?? ((path as NSString).deletingLastPathComponent as NSString)
            .appendingPathComponent("leadex.d")
        let dropIns = ((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? [])
            .filter { $0.hasSuffix(".toml") }
            .sorted()
            .map { (directory as NSString).appendingPathComponent($0) }

        for file in [path] + dropIns {
            do {
                let table = try parse(file: file)
                document.files.append(file)
                document.merge(table)
            } catch {
                problems.append(contentsOf: error.problems)
            }
        }
        guard problems.isEmpty else { throw ConfigError(problems: problems) }
        return document
    }

    static func parse(file: String) throws(ConfigError) -> TOMLNode.Table {
        guard let data = FileManager.default.contents(atPath: file) else {
            let reason = FileManager.default.fileExists(atPath: file) ? "cannot be read" : "does not exist"
            throw ConfigError(problems: [ConfigProblem(SourceLocation(file: file, line: 0), "config file \(reason)")])
        }
        if let invalid = UTF8Check.firstInvalid(data) {
            throw ConfigError(problems: [ConfigProblem(SourceLocation(file: file, line: invalid.line), invalid.description)])
        }
        guard let source = String(data: data, encoding: .utf8) else {
            throw ConfigError(problems: [ConfigProblem(SourceLocation(file: file, line: 0), "config file is not UTF-8")])
        }
        return try parse(source: source, file: file)
    }

    static func parse(source: String, file: String) throws(ConfigError) -> TOMLNode.Table {
        let table: TOMLTable
        do {
            table = try TOMLTable(string: source)
        } catch let error as TOMLParseError {
            throw ConfigError(problems: [
                ConfigProblem(SourceLocation(file: file, line: error.source.begin.line), "syntax error: \(error.description)")
            ])
        } catch {
            throw ConfigError(problems: [ConfigProblem(SourceLocation(file: file, line: 0), "syntax error: \(error)")])
        }
        let locator = TOMLLocator(source: source)
        return convert(table, path: [], file: file, locator: locator)
    }

    private static func convert(_ table: TOMLTable, path: [String], file: String, locator: TOMLLocator) -> TOMLNode.Table {
        var result = TOMLNode.Table()
        for key in table.keys {
            guard let value = table[key] else { continue }
            result[key] = convert(value, path: path + [key], file: file, locator: locator)
        }
        return result
    }

    private static func convert(
        _ value: any TOMLValueConvertible, path: [String], file: String, locator: TOMLLocator
    ) -> TOMLNode.Located {
        let location = SourceLocation(file: file, line: locator.line(of: path))
        let node: TOMLNode
        switch value.type {
        case .string: node = .string(value.string ?? "")
        case .int: node = .integer(value.int ?? 0)
        case .double: node = .float(value.double ?? 0)
        case .bool: node = .boolean(value.bool ?? false)
        case .table:
            node = .table(value.table.map { convert($0, path: path, file: file, locator: locator) } ?? .init())
        case .array:
            let array = value.array.map { Array($0) } ?? []
            node = .array(
                array.enumerated().map { index, element in
                    // Elements of an array of tables are located by their [[header]].
                    convert(element, path: path + ["#\(index)"], file: file, locator: locator)
                }
            )
        default: node = .other(value.debugDescription)
        }
        return TOMLNode.Located(node: node, location: location)
    }

    private mutating func merge(_ table: TOMLNode.Table) {
        root = Self.merge(root, table, path: [])
    }

    private static func merge(_ base: TOMLNode.Table, _ overlay: TOMLNode.Table, path: [String]) -> TOMLNode.Table {
        var merged = base
        for (key, value) in overlay.entries {
            switch (merged[key]?.node, value.node) {
            case (.table(let old)?, .table(let new)):
                merged[key] = TOMLNode.Located(node: .table(merge(old, new, path: path + [key])), location: value.location)
            case (.array(let old)?, .array(let new)) where path.isEmpty && appendedArrays.contains(key):
                merged[key] = TOMLNode.Located(node: .array(old + new), location: value.location)
            default:
                merged[key] = value
            }
        }
        return merged
    }
}
