/// One header field; the value keeps its raw bytes (folding included) and is decoded on access.
public struct MIMEHeaderField: Sendable, Hashable {
    /// The field name as written.
    public let name: String
    /// Lowercased name used for lookups.
    let key: String
    /// The raw bytes after the colon, leading whitespace removed, line folding kept.
    public let rawValue: ArraySlice<UInt8>

    public init(name: String, rawValue: ArraySlice<UInt8>) {
        self.name = name
        self.key = name.lowercased()
        self.rawValue = rawValue
    }

    /// The unfolded value with encoded words and 8-bit bytes decoded.
    public var value: String { decoded.text }

    var decoded: (text: String, fallback: Bool) {
        rawValue.withUnsafeBufferPointer { EncodedWord.decode($0) }
    }
}

/// The header fields of a message or part, in order.
public struct MIMEHeaders: Sendable, Hashable {
    /// All fields in the order they appear.
    public let fields: [MIMEHeaderField]

    public init(fields: [MIMEHeaderField]) { self.fields = fields }

    /// The first field with this name (case-insensitive).
    public func field(_ name: String) -> MIMEHeaderField? {
        let key = name.lowercased()
        return fields.first { $0.key == key }
    }

    /// All fields with this name (case-insensitive).
    public func fields(named name: String) -> [MIMEHeaderField] {
        let key = name.lowercased()
        return fields.filter { $0.key == key }
    }

    /// The decoded value of the first field with this name.
    public subscript(name: String) -> String? { field(name)?.value }

    /// True when a field with this name exists.
    public func contains(_ name: String) -> Bool { field(name) != nil }
}
