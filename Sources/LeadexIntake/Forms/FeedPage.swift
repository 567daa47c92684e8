internal import LeadexCore
public import Foundation
internal import LeadexMail

/// The field names of one page, shared by its items: an item holds only its values, in this
/// order (a 10,000-item feed in a dictionary per item cost more memory than the rest of intake).
public final class FeedColumns: Sendable {
    /// In the order the feed first names them (the CSV header, the JSON keys as written).
    public let names: [String]
    let index: [String: Int]
    /// What an item is called in messages: "item" (JSON) or "line" (CSV).
    let unit: String

    init(names: [String], unit: String) {
        self.names = names
        var index: [String: Int] = [:]
        for (position, name) in names.enumerated() where index[name] == nil { index[name] = position }
        self.index = index
        self.unit = unit
    }
}

/// One submission as the feed lists it: every field as text. Nested JSON objects are
/// flattened to dotted names (`contact.phone`), lists of values joined with ", ", numbers kept
/// as written (a phone posted as 79161234567 stays digits), null as an empty field.
public struct FeedItem: Sendable {
    let columns: FeedColumns
    var values: [String?]
    /// The item's number (JSON) or line (CSV).
    let number: Int

    init(columns: FeedColumns, values: [String?], number: Int) {
        self.columns = columns
        self.values = values
        self.number = number
    }

    /// A field's value; `nil` when the item does not have the field at all.
    public subscript(name: String) -> String? {
        guard let position = columns.index[name], position < values.count else { return nil }
        return values[position]
    }

    /// The fields the item has, in the feed's order.
    public var fields: [(name: String, value: String)] {
        zip(columns.names, values).compactMap { name, value in value.map { (name, $0) } }
    }

    /// Where it is in the feed ("item 3", "line 7"), for messages that must not show its data.
    public var position: String { "\(columns.unit) \(number)" }
}

/// What one fetch of a feed holds: the items that could be read and what was wrong with the rest.
public struct FeedPage: Sendable {
    public var items: [FeedItem]
    /// Items that could not be read at all ("line 12 has 9 cells, the header 8").
    public var problems: [String]

    /// The feed as a whole cannot be read: nothing in it is taken.
    public struct Unreadable: Error, Sendable, CustomStringConvertible {
        public var message: String
        public var description: String { message }
    }

    /// A JSON document whose submissions are the list at `path` (the document itself when empty).
    public static func json(_ data: Data, items path: [String]) throws(Unreadable) -> FeedPage {
        let result = data.withUnsafeBytes { raw -> Result<FeedPage, Unreadable> in
            var reader = JSONFeedReader(bytes: raw.bindMemory(to: UInt8.self), path: path)
            do throws(Unreadable) {
                return .success(try reader.read())
            } catch {
                return .failure(error)
            }
        }
        return try result.get()
    }

    /// A CSV table with a header row; `charset` other than UTF-8 (a Windows-1251 export) is
    /// converted first. Without `idColumn` a row is identified by a hash of its cells.
    public static func csv(_ data: Data, delimiter: UInt8, charset: String, idColumn: String?) throws(Unreadable) -> FeedPage {
        let label = charset.lowercased()
        if label != "utf-8" && label != "utf8" {
            let converted = Array(Charset.decode(data, label: charset).text.utf8)
            return try converted.withUnsafeBufferPointer { bytes throws(Unreadable) in try csv(bytes, delimiter: delimiter, idColumn: idColumn) }
        }
        let result = data.withUnsafeBytes { raw -> Result<FeedPage, Unreadable> in
            do throws(Unreadable) {
                return .success(try csv(raw.bindMemory(to: UInt8.self), delimiter: delimiter, idColumn: idColumn))
            } catch {
                return .failure(error)
            }
        }
        return try result.get()
    }

    private static func csv(_ bytes: UnsafeBufferPointer<UInt8>, delimiter: UInt8, idColumn: String?) throws(Unreadable) -> FeedPage {
        let start = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        if bytes.dropFirst(start).first == UInt8(ascii: "<") {
            throw Unreadable(message: "an HTML page instead of CSV (a login page?)")
        }
        var columns: FeedColumns?
        var width = 0
        var items: [FeedItem] = []
        var problems: [String] = []
        do {
            try CSVTable.scan(bytes, delimiter: delimiter) { line, cells in
                guard let shared = columns else {
                    var names = cells.map { $0.trimmingCharacters(in: .whitespaces) }
                    width = names.count
                    // A published sheet has no ids: the row's content is its identity (a row
                    // sent twice is one submission).
                    if idColumn == nil { names.append(rowHashField) }
                    columns = FeedColumns(names: names, unit: "line")
                    return
                }
                guard cells.count == width else {
                    problems.append("line \(line) has \(cells.count) cells, the header \(width)")
                    return
                }
                var values = cells.map { Optional($0) }
                if idColumn == nil {
                    values.append("sha256:" + SHA256.hexDigest(Array(cells.joined(separator: "\u{1F}").utf8)))
                }
                items.append(FeedItem(columns: shared, values: values, number: line))
            }
        } catch {
            throw Unreadable(message: "not valid CSV: \(error)")
        }
        return FeedPage(items: items, problems: problems)
    }

    /// The field holding a CSV row's content hash when the sheet has no id column.
    public static let rowHashField = "\u{1F}row-sha256"
}

/// Reads the submissions of a JSON feed in one pass over its bytes, straight into compact
/// items: no tree of the whole document (JSONSerialization's cost several times the feed's size).
struct JSONFeedReader {
    private let bytes: UnsafeBufferPointer<UInt8>
    private let path: [String]
    private var position = 0
    private var names: [String] = []
    private var index: [String: Int] = [:]
    private var rows: [(number: Int, values: [String?])] = []
    private var problems: [String] = []
    private var found = false

    init(bytes: UnsafeBufferPointer<UInt8>, path: [String]) {
        self.bytes = bytes
        self.path = path
    }

    typealias Unreadable = FeedPage.Unreadable

    mutating func read() throws(Unreadable) -> FeedPage {
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { position = 3 }
        skipSpace()
        if position < bytes.count && bytes[position] == UInt8(ascii: "<") {
            throw Unreadable(message: "an HTML page instead of JSON (a login page?)")
        }
        try value(depth: 0)
        skipSpace()
        guard position == bytes.count else { throw invalid("text after the end of the document") }
        guard found else { throw Unreadable(message: "no submissions list found") }
        let columns = FeedColumns(names: names, unit: "item")
        return FeedPage(items: rows.map { FeedItem(columns: columns, values: $0.values, number: $0.number) }, problems: problems)
    }

    /// A value at `depth` of the path to the list: objects are followed along the path, the
    /// rest skipped.
    private mutating func value(depth: Int) throws(Unreadable) {
        if depth == path.count {
            try submissions()
            return
        }
        guard peek() == UInt8(ascii: "{") else {
            if peek() == nil { throw invalid("the document ends early") }
            throw Unreadable(message: "'\(path[..<depth].joined(separator: "."))' is not an object: the feed's layout changed?")
        }
        position += 1
        var keys: [String] = []
        var first = true
        while true {
            skipSpace()
            if peek() == UInt8(ascii: "}") {
                position += 1
                break
            }
            if !first { try expect(UInt8(ascii: ",")); skipSpace() }
            first = false
            let key = try string()
            skipSpace()
            try expect(UInt8(ascii: ":"))
            skipSpace()
            if key == path[depth] && !found {
                try value(depth: depth + 1)
            } else {
                keys.append(key)
                try skipValue()
            }
        }
        if !found {
            let known = keys.prefix(8).joined(separator: ", ")
            throw Unreadable(message: "no '\(path[...depth].joined(separator: "."))' in the document (it has: \(known)): the feed's layout changed?")
        }
    }

    /// The list of submissions: each object becomes an item.
    private mutating func submissions() throws(Unreadable) {
        guard peek() == UInt8(ascii: "[") else {
            if peek() == nil { throw invalid("the document ends early") }
            let what = path.isEmpty ? "the document" : "'\(path.joined(separator: "."))'"
            throw Unreadable(message: "\(what) is not a list of submissions")
        }
        found = true
        position += 1
        var number = 0
        while true {
            skipSpace()
            if peek() == UInt8(ascii: "]") {
                position += 1
                return
            }
            if number > 0 { try expect(UInt8(ascii: ",")); skipSpace() }
            number += 1
            if peek() == UInt8(ascii: "{") {
                var values: [String?] = []
                values.reserveCapacity(names.count)
                try object(prefix: "", into: &values)
                rows.append((number, values))
            } else {
                problems.append("item \(number) is not an object")
                try skipValue()
            }
        }
    }

    /// The fields of one submission, nested objects flattened under `prefix`.
    private mutating func object(prefix: String, into values: inout [String?]) throws(Unreadable) {
        position += 1
        var first = true
        while true {
            skipSpace()
            if peek() == UInt8(ascii: "}") {
                position += 1
                return
            }
            if !first { try expect(UInt8(ascii: ",")); skipSpace() }
            first = false
            let key = try string()
            let name = prefix.isEmpty ? key : prefix + "." + key
            skipSpace()
            try expect(UInt8(ascii: ":"))
            skipSpace()
            if peek() == UInt8(ascii: "{") {
                try object(prefix: name, into: &values)
                continue
            }
            let text: String
            if peek() == UInt8(ascii: "[") {
                text = try list()
            } else {
                text = try scalar()
            }
            let column: Int
            if let known = index[name] {
                column = known
            } else {
                column = names.count
                names.append(name)
                index[name] = column
            }
            if column >= values.count { values.append(contentsOf: repeatElement(nil, count: column - values.count + 1)) }
            values[column] = text
        }
    }

    /// A list's scalars joined with ", " (objects and lists inside are skipped).
    private mutating func list() throws(Unreadable) -> String {
        position += 1
        var parts: [String] = []
        var first = true
        while true {
            skipSpace()
            if peek() == UInt8(ascii: "]") {
                position += 1
                return parts.joined(separator: ", ")
            }
            if !first { try expect(UInt8(ascii: ",")); skipSpace() }
            first = false
            if peek() == UInt8(ascii: "{") || peek() == UInt8(ascii: "[") {
                try skipValue()
            } else {
                let text = try scalar()
                if !text.isEmpty { parts.append(text) }
            }
        }
    }

    /// A string, number (as written), true/false, or null (empty).
    private mutating func scalar() throws(Unreadable) -> String {
        guard let byte = peek() else { throw invalid("the document ends early") }
        switch byte {
        case UInt8(ascii: "\""):
            return try string()
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            let start = position
            while let next = peek(), Self.isNumberByte(next) { position += 1 }
            return String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<position]), as: UTF8.self)
        case UInt8(ascii: "t"):
            try literal("true")
            return "true"
        case UInt8(ascii: "f"):
            try literal("false")
            return "false"
        case UInt8(ascii: "n"):
            try literal("null")
            // A null field is present but empty: only an absent field means a changed schema.
            return ""
        default:
            throw invalid("unexpected '\(Self.show(byte))'")
        }
    }

    private mutating func skipValue() throws(Unreadable) {
        guard let byte = peek() else { throw invalid("the document ends early") }
        switch byte {
        case UInt8(ascii: "{"), UInt8(ascii: "["):
            // Nesting counted; strings skipped whole, so brackets inside them do not count.
            var depth = 0
            repeat {
                guard let next = peek() else { throw invalid("the document ends early") }
                switch next {
                case UInt8(ascii: "\""): _ = try string(); continue
                case UInt8(ascii: "{"), UInt8(ascii: "["): depth += 1
                case UInt8(ascii: "}"), UInt8(ascii: "]"): depth -= 1
                default: break
                }
                position += 1
            } while depth > 0
        default:
            _ = try scalar()
        }
    }

    private mutating func string() throws(Unreadable) -> String {
        guard peek() == UInt8(ascii: "\"") else {
            if let byte = peek() { throw invalid("expected a string, found '\(Self.show(byte))'") }
            throw invalid("the document ends early")
        }
        position += 1
        let start = position
        // Fast path: no escapes, the bytes are the string.
        while position < bytes.count {
            let byte = bytes[position]
            if byte == UInt8(ascii: "\"") {
                defer { position += 1 }
                return String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<position]), as: UTF8.self)
            }
            if byte == UInt8(ascii: "\\") { break }
            if byte < 0x20 { throw invalid("a control character inside a string") }
            position += 1
        }
        var decoded = Array(bytes[start..<position])
        while position < bytes.count {
            let byte = bytes[position]
            position += 1
            switch byte {
            case UInt8(ascii: "\""):
                return String(decoding: decoded, as: UTF8.self)
            case UInt8(ascii: "\\"):
                guard let escape = peek() else { throw invalid("the document ends early") }
                position += 1
                switch escape {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): decoded.append(escape)
                case UInt8(ascii: "b"): decoded.append(0x08)
                case UInt8(ascii: "f"): decoded.append(0x0C)
                case UInt8(ascii: "n"): decoded.append(0x0A)
                case UInt8(ascii: "r"): decoded.append(0x0D)
                case UInt8(ascii: "t"): decoded.append(0x09)
                case UInt8(ascii: "u"):
                    var scalar = try hex4()
                    if (0xD800..<0xDC00).contains(scalar), peek() == UInt8(ascii: "\\"), position + 1 < bytes.count,
                        bytes[position + 1] == UInt8(ascii: "u")
                    {
                        position += 2
                        let low = try hex4()
                        if (0xDC00..<0xE000).contains(low) { scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00) }
                    }
                    decoded.append(contentsOf: Array(String(Unicode.Scalar(scalar).map(Character.init) ?? "\u{FFFD}").utf8))
                default:
                    throw invalid("an unknown escape '\\\(Self.show(escape))'")
                }
            default:
                if byte < 0x20 { throw invalid("a control character inside a string") }
                decoded.append(byte)
            }
        }
        throw invalid("a string never closes")
    }

    private mutating func hex4() throws(Unreadable) -> UInt32 {
        guard position + 4 <= bytes.count else { throw invalid("the document ends early") }
        var value: UInt32 = 0
        for _ in 0..<4 {
            let byte = bytes[position]
            let digit: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
            default: throw invalid("a bad \\u escape")
            }
            value = value << 4 | UInt32(digit)
            position += 1
        }
        return value
    }

    private mutating func literal(_ word: StaticString) throws(Unreadable) {
        let expected = UnsafeBufferPointer(start: word.utf8Start, count: word.utf8CodeUnitCount)
        guard position + expected.count <= bytes.count, bytes[position..<position + expected.count].elementsEqual(expected) else {
            throw invalid("unexpected '\(Self.show(bytes[position]))'")
        }
        position += expected.count
    }

    private mutating func expect(_ byte: UInt8) throws(Unreadable) {
        guard let next = peek() else { throw invalid("the document ends early") }
        guard next == byte else { throw invalid("expected '\(Self.show(byte))', found '\(Self.show(next))'") }
        position += 1
    }

    private func peek() -> UInt8? { position < bytes.count ? bytes[position] : nil }

    private mutating func skipSpace() {
        while position < bytes.count, Self.isSpace(bytes[position]) { position += 1 }
    }

    private static func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09 }

    private static func isNumberByte(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "+")
            || byte == UInt8(ascii: ".") || byte == UInt8(ascii: "e") || byte == UInt8(ascii: "E")
    }

    private static func show(_ byte: UInt8) -> String {
        (0x20..<0x7F).contains(byte) ? String(UnicodeScalar(byte)) : "\\u{\(String(byte, radix: 16))}"
    }

    private func invalid(_ what: String) -> Unreadable {
        Unreadable(message: "not valid JSON (\(bytes.count) bytes): \(what) at byte \(position)")
    }
}
