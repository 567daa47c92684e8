public import Foundation

/// Where a file stops being UTF-8, for a `FILE:LINE` problem instead of a bare "not UTF-8"
/// (the config and its drop-ins, mail templates).
public enum UTF8Check {
    public struct Invalid: Equatable, Sendable, CustomStringConvertible {
        /// 1-based line, and column in bytes, of the first byte that is not UTF-8.
        public var line: Int
        public var column: Int
        public var byte: UInt8

        public var description: String {
            "not UTF-8: byte 0x\(String(byte, radix: 16, uppercase: true)) at column \(column) (save the file as UTF-8)"
        }
    }

    /// The first invalid sequence in `data`, or nil when it is all UTF-8.
    public static func firstInvalid(_ data: Data) -> Invalid? {
        var parser = Unicode.UTF8.ForwardParser()
        var iterator = data.makeIterator()
        var line = 1
        var column = 1
        var offset = 0
        while true {
            switch parser.parseScalar(from: &iterator) {
            case .valid(let scalar):
                offset += scalar.count
                if scalar.count == 1 && scalar.first == UInt8(ascii: "\n") {
                    line += 1
                    column = 1
                } else {
                    column += scalar.count
                }
            case .error:
                return Invalid(line: line, column: column, byte: data[data.startIndex + offset])
            case .emptyInput:
                return nil
            }
        }
    }
}
