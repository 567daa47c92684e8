internal import Foundation

/// Template data as the outbox keeps it for a mail the sender renders: a JSON object, read back
/// into the values swift-mustache renders (strings, booleans, numbers, lists, `[String: Any]`).
/// Not through JSONSerialization: on Linux it gives NSNumber for booleans and numbers alike, and
/// any NSNumber passes `is Bool`. A JSON null becomes an absent key, as ``Mailer/context(_:)``
/// drops nils: a section over it is skipped rather than rendering "nil".
enum TemplateData {
    struct NotAnObject: Error, CustomStringConvertible {
        var description: String { "the template data is not a JSON object" }
    }

    static func context(fromJSON json: String) throws -> [String: Any] {
        guard case .object(let object) = try JSONDecoder().decode(Value.self, from: Data(json.utf8)) else { throw NotAnObject() }
        return object.compactMapValues(\.mustache)
    }

    private enum Value: Decodable {
        case string(String), object([String: Value]), array([Value]), null, bool(Bool), int(Int), double(Double)

        init(from decoder: any Decoder) throws {
            let container = try decoder.singleValueContainer()
            // Most likely first: each miss costs a thrown DecodingError.
            if let string = try? container.decode(String.self) {
                self = .string(string)
            } else if let object = try? container.decode([String: Value].self) {
                self = .object(object)
            } else if let array = try? container.decode([Value].self) {
                self = .array(array)
            } else if container.decodeNil() {
                self = .null
            } else if let bool = try? container.decode(Bool.self) {
                self = .bool(bool)
            } else if let int = try? container.decode(Int.self) {
                self = .int(int)
            } else {
                self = .double(try container.decode(Double.self))
            }
        }

        var mustache: Any? {
            switch self {
            case .string(let string): string
            case .object(let object): object.compactMapValues(\.mustache)
            case .array(let array): array.compactMap(\.mustache)
            case .null: nil
            case .bool(let bool): bool
            case .int(let int): int
            case .double(let double): double
            }
        }
    }
}
