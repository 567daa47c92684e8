/// A TOML value with the place it was written, so that every later check can name `FILE:LINE`.
/// TOMLKit parses; it does not say where values came from, so ``TOMLLocator`` adds that.
indirect enum TOMLNode: Sendable {
    case string(String)
    case integer(Int)
    case float(Double)
    case boolean(Bool)
    /// Dates and times: kept as written, Leadex has no setting of these types.
    case other(String)
    case array([Located])
    case table(Table)

    struct Located: Sendable {
        var node: TOMLNode
        var location: SourceLocation
    }

    /// Keys in file order, so that problems are reported top to bottom.
    struct Table: Sendable {
        var entries: [(key: String, value: Located)] = []

        subscript(key: String) -> Located? {
            get { entries.first { $0.key == key }?.value }
            set {
                if let index = entries.firstIndex(where: { $0.key == key }) {
                    if let newValue { entries[index].value = newValue } else { entries.remove(at: index) }
                } else if let newValue {
                    entries.append((key, newValue))
                }
            }
        }
    }

    /// How the value's type is named in messages ("expected a string, found an integer").
    var typeName: String {
        switch self {
        case .string: "a string"
        case .integer: "an integer"
        case .float: "a number"
        case .boolean: "a boolean"
        case .other: "a date or time"
        case .array: "an array"
        case .table: "a table"
        }
    }
}
