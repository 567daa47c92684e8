/// One message in a POP3 mailbox: its number in this session, and the UIDL that stays the same
/// across sessions.
public struct POP3Listing: Sendable, Equatable {
    /// Valid only within the connection that listed it.
    public var number: Int
    public var uidl: String
    /// Octets as the server counts them (LIST); `nil` when the server did not say.
    public var size: Int?

    public init(number: Int, uidl: String, size: Int? = nil) {
        self.number = number
        self.uidl = uidl
        self.size = size
    }

    /// Pairs the lines of UIDL (`1 000000016b02a4a0`) with those of LIST (`1 156`), by number.
    static func parse(uidl: [UInt8], list: [UInt8]) throws(IntakeError) -> [POP3Listing] {
        let sizes = Dictionary(try pairs(list).compactMap { pair in Int(pair.value).map { (pair.number, $0) } }) { first, _ in first }
        return try pairs(uidl).map { POP3Listing(number: $0.number, uidl: $0.value, size: sizes[$0.number]) }
            .sorted { $0.number < $1.number }
    }

    /// `number value` lines; curl has already removed the `+OK` line and the closing `.`.
    private static func pairs(_ bytes: [UInt8]) throws(IntakeError) -> [(number: Int, value: String)] {
        var result: [(number: Int, value: String)] = []
        for line in bytes.split(separator: UInt8(ascii: "\n")) {
            let text = String(decoding: line, as: UTF8.self).trimmingCharacters(in: "\r ")
            guard !text.isEmpty else { continue }
            let fields = text.split(separator: " ", maxSplits: 1)
            guard fields.count == 2, let number = Int(fields[0]), number > 0 else {
                throw IntakeError(.protocolError, "unreadable POP3 listing line: \(text.prefix(80))")
            }
            result.append((number, String(fields[1])))
        }
        return result
    }
}

extension String {
    fileprivate func trimmingCharacters(in set: String) -> String {
        let characters = Set(set)
        var scalars = Substring(self)
        while let last = scalars.last, characters.contains(last) { scalars.removeLast() }
        while let first = scalars.first, characters.contains(first) { scalars.removeFirst() }
        return String(scalars)
    }
}
