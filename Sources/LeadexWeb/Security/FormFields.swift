internal import Hummingbird
internal import NIOCore

/// An `application/x-www-form-urlencoded` body as name → value, through Hummingbird's decoder;
/// a body it cannot read has no fields (and every route then finds what it needs missing).
struct FormFields: Sendable {
    var values: [String: String]

    init(_ body: ByteBuffer) {
        values = (try? URLEncodedFormDecoder().decode([String: String].self, from: String(buffer: body))) ?? [:]
    }

    subscript(_ name: String) -> String? { values[name] }
}
