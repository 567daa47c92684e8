/// A CSV document as RFC 4180 describes it, and as spreadsheets publish form answers: a header
/// row, fields separated by a delimiter (`,`, or `;` in Russian Excel exports), quoted fields
/// with `""` for a quote and line breaks inside, CRLF or LF line ends, an optional UTF-8 BOM.
///
/// Written here rather than taken from SwiftCSV: that one parses `Character` by `Character`
/// over a `String` (grapheme breaking on every byte, several times slower on a 10,000-row
/// sheet), has no way to say "this quote never closes", and would be one more dependency for
/// sixty lines. Bytes are scanned once; cells are decoded as UTF-8 one at a time.
public struct CSVTable: Sendable, Hashable {
    public struct Row: Sendable, Hashable {
        /// Where the row starts in the file (1-based), for messages.
        public var line: Int
        public var cells: [String]
    }

    public var header: [String]
    public var rows: [Row]

    public struct ParseError: Error, Sendable, Hashable, CustomStringConvertible {
        public var line: Int
        public var message: String
        public var description: String { "line \(line): \(message)" }
    }

    /// Parses `bytes` (UTF-8). Blank lines are skipped; an unterminated quote is an error.
    public static func parse(_ bytes: [UInt8], delimiter: UInt8 = UInt8(ascii: ",")) throws(ParseError) -> CSVTable {
        var records: [Row] = []
        try bytes.withUnsafeBufferPointer { buffer throws(ParseError) in
            try scan(buffer, delimiter: delimiter) { line, cells in records.append(Row(line: line, cells: cells)) }
        }
        guard let header = records.first else { return CSVTable(header: [], rows: []) }
        return CSVTable(header: header.cells, rows: Array(records.dropFirst()))
    }

    /// Calls `record` with each record (the header first) and the line it starts on, without
    /// keeping the table: a feed turns rows into items as they come.
    static func scan(
        _ bytes: UnsafeBufferPointer<UInt8>, delimiter: UInt8, record emit: (Int, [String]) -> Void
    ) throws(ParseError) {
        let quote = UInt8(ascii: "\""), cr = UInt8(ascii: "\r"), lf = UInt8(ascii: "\n")
        var record: [String] = []
        var field: [UInt8] = []
        var index = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        var line = 1
        var recordLine = 1
        var quoted = false
        var quoteLine = 0
        var fieldStarted = false

        func endField() {
            record.append(String(decoding: field, as: UTF8.self))
            field.removeAll(keepingCapacity: true)
            fieldStarted = false
        }
        func endRecord() {
            // A line with nothing on it is no record.
            if !(record.isEmpty && field.isEmpty && !fieldStarted) {
                endField()
                emit(recordLine, record)
            }
            record = []
        }

        while index < bytes.count {
            let byte = bytes[index]
            if quoted {
                if byte == quote {
                    if index + 1 < bytes.count && bytes[index + 1] == quote {
                        field.append(quote)
                        index += 2
                        continue
                    }
                    quoted = false
                } else {
                    if byte == lf { line += 1 }
                    field.append(byte)
                }
                index += 1
                continue
            }
            switch byte {
            case quote where field.isEmpty && !fieldStarted:
                quoted = true
                fieldStarted = true
                quoteLine = line
            case delimiter:
                endField()
            case cr where index + 1 < bytes.count && bytes[index + 1] == lf:
                break
            case lf, cr:
                endRecord()
                line += 1
                recordLine = line
            default:
                // Text after a closing quote (`"a"b`) is kept, as spreadsheets do.
                field.append(byte)
            }
            index += 1
        }
        if quoted { throw ParseError(line: quoteLine, message: "a quoted field never closes") }
        endRecord()
    }
}
