public import Foundation
internal import LeadexMail

/// One submission as the feed lists it: every field as text. Nested JSON objects are
/// flattened to dotted names (`contact.phone`), lists of values joined with ", ".
public struct FeedItem: Sendable, Hashable {
    /// Where it is in the feed ("item 3", "line 7"), for messages that must not show its data.
    public var position: String
    public var fields: [String: String]

    public init(position: String, fields: [String: String]) {
        self.position = position
        self.fields = fields
    }
}

/// What one fetch of a feed holds: the items that could be read and what was wrong with the rest.
public struct FeedPage: Sendable {
    public var items: [FeedItem]
    /// CSV: the header, the order extra fields are written in. JSON: nil (keys are sorted).
    public var columns: [String]?
    /// Items that could not be read at all ("line 12 has 9 cells, the header 8").
    public var problems: [String]

    public init(items: [FeedItem], columns: [String]? = nil, problems: [String] = []) {
        self.items = items
        self.columns = columns
        self.problems = problems
    }

    /// The feed as a whole cannot be read: nothing in it is taken.
    public struct Unreadable: Error, Sendable, CustomStringConvertible {
        public var message: String
        public var description: String { message }
    }

    /// A JSON document whose submissions are the list at `path` (the document itself when empty).
    public static func json(_ data: Data, items path: [String]) throws(Unreadable) -> FeedPage {
        let document: Any
        do {
            document = try JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed])
        } catch {
            throw Unreadable(message: "not valid JSON (\(data.count) bytes): \(Self.describe(error))")
        }
        var node = document
        for (depth, key) in path.enumerated() {
            guard let object = node as? [String: Any] else {
                throw Unreadable(message: "'\(path[..<depth].joined(separator: "."))' is not an object: the feed's layout changed?")
            }
            guard let next = object[key] else {
                let known = object.keys.sorted().prefix(8).joined(separator: ", ")
                throw Unreadable(message: "no '\(path[...depth].joined(separator: "."))' in the document (it has: \(known)): the feed's layout changed?")
            }
            node = next
        }
        guard let list = node as? [Any] else {
            let what = path.isEmpty ? "the document" : "'\(path.joined(separator: "."))'"
            throw Unreadable(message: "\(what) is not a list of submissions")
        }
        var items: [FeedItem] = []
        items.reserveCapacity(list.count)
        var problems: [String] = []
        for (index, element) in list.enumerated() {
            guard let object = element as? [String: Any] else {
                problems.append("item \(index + 1) is not an object")
                continue
            }
            var fields: [String: String] = [:]
            fields.reserveCapacity(object.count)
            flatten(object, prefix: "", into: &fields)
            items.append(FeedItem(position: "item \(index + 1)", fields: fields))
        }
        return FeedPage(items: items, problems: problems)
    }

    private static func flatten(_ object: [String: Any], prefix: String, into fields: inout [String: String]) {
        for (key, value) in object {
            let name = prefix.isEmpty ? key : prefix + "." + key
            if let nested = value as? [String: Any] {
                flatten(nested, prefix: name, into: &fields)
            } else if let text = scalar(value) {
                fields[name] = text
            } else if let list = value as? [Any] {
                fields[name] = list.compactMap(scalar).joined(separator: ", ")
            }
        }
    }

    private static func scalar(_ value: Any) -> String? {
        switch value {
        case let text as String: return text
        // A null field is present but empty: only an absent field means a changed schema.
        case is NSNull: return ""
        // Phones posted as numbers (79161234567) must stay digits, never 7.9161234567e10.
        case let integer as Int64: return String(integer)
        case let double as Double:
            return double == double.rounded() && abs(double) < 1e15 ? String(Int64(double)) : String(double)
        default: return nil
        }
    }

    /// A CSV table with a header row; `charset` other than UTF-8 (a Windows-1251 export) is
    /// converted first. Without `idColumn` a row is identified by a hash of its cells.
    public static func csv(_ data: Data, delimiter: UInt8, charset: String, idColumn: String?) throws(Unreadable) -> FeedPage {
        var bytes = [UInt8](data)
        let label = charset.lowercased()
        if label != "utf-8" && label != "utf8" {
            bytes = Array(Charset.decode(bytes, label: charset).text.utf8)
        }
        let table: CSVTable
        do {
            table = try CSVTable.parse(bytes, delimiter: delimiter)
        } catch {
            throw Unreadable(message: "not valid CSV: \(error)")
        }
        guard !table.header.isEmpty else { return FeedPage(items: [], columns: [], problems: []) }
        if bytes.first == UInt8(ascii: "<") || table.header.first?.lowercased().hasPrefix("<!doctype") == true {
            throw Unreadable(message: "an HTML page instead of CSV (a login page?)")
        }
        let header = table.header.map { $0.trimmingCharacters(in: .whitespaces) }
        var items: [FeedItem] = []
        items.reserveCapacity(table.rows.count)
        var problems: [String] = []
        for row in table.rows {
            guard row.cells.count == header.count else {
                problems.append("line \(row.line) has \(row.cells.count) cells, the header \(header.count)")
                continue
            }
            var fields: [String: String] = [:]
            fields.reserveCapacity(header.count)
            for (name, cell) in zip(header, row.cells) where fields[name] == nil {
                fields[name] = cell
            }
            if idColumn == nil {
                // A published sheet has no ids: the row's content is its identity (a row sent
                // twice is one submission).
                fields[FeedPage.rowHashField] = "sha256:" + SHA256.hexDigest(Array(row.cells.joined(separator: "\u{1F}").utf8))
            }
            items.append(FeedItem(position: "line \(row.line)", fields: fields))
        }
        return FeedPage(items: items, columns: header, problems: problems)
    }

    /// The field holding a CSV row's content hash when the sheet has no id column.
    public static let rowHashField = "\u{1F}row-sha256"

    private static func describe(_ error: any Error) -> String {
        let nsError = error as NSError
        if let detail = nsError.userInfo[NSDebugDescriptionErrorKey] as? String { return detail }
        return nsError.localizedDescription
    }
}
