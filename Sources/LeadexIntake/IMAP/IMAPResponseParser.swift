/// Turns the bytes a server sends into complete responses. Feed it whatever `recv` returned, in
/// any split; `next()` hands out each response once its last line, and every `{n}` literal inside
/// it, has arrived. Literal content is never searched for line ends, so a message body holding
/// `a1 OK` or `* 99 EXISTS` lines stays body. Lines have no length limit short of
/// `maximumResponseBytes` (a `UID SEARCH` over 100,000 messages is one line).
struct IMAPResponseParser: Sendable {
    /// A response larger than this is refused rather than buffered (a broken or hostile server).
    var maximumResponseBytes: Int

    private var buffer: [UInt8] = []
    /// Where the response being assembled starts in `buffer`.
    private var start = 0
    /// Where to continue looking for the next line end, so bytes are scanned once.
    private var scanPosition = 0
    /// The end of a literal announced but not yet complete.
    private var literalEnd: Int?

    init(maximumResponseBytes: Int = 1 << 30) {
        self.maximumResponseBytes = maximumResponseBytes
    }

    mutating func append(_ bytes: some Collection<UInt8>) {
        buffer.append(contentsOf: bytes)
    }

    /// Bytes received but not yet handed out as a response.
    var pendingByteCount: Int { buffer.count - start }

    /// The next complete response, or `nil` until more bytes arrive.
    mutating func next() throws(IntakeError) -> IMAPResponse? {
        while true {
            if let end = literalEnd {
                guard buffer.count >= end else { return nil }
                scanPosition = end
                literalEnd = nil
            }
            guard let lineFeed = buffer[scanPosition...].firstIndex(of: UInt8(ascii: "\n")) else {
                scanPosition = buffer.count
                guard buffer.count - start <= maximumResponseBytes else {
                    throw IntakeError(.protocolError, "IMAP response longer than \(maximumResponseBytes) bytes")
                }
                return nil
            }
            if let length = try literalLength(beforeLineFeedAt: lineFeed) {
                guard length <= maximumResponseBytes - (lineFeed + 1 - start) else {
                    throw IntakeError(.protocolError, "IMAP literal of \(length) bytes is larger than allowed")
                }
                literalEnd = lineFeed + 1 + length
                continue
            }
            let raw = Array(buffer[start...lineFeed])
            start = lineFeed + 1
            scanPosition = start
            // Dropping consumed bytes costs a copy: do it rarely, when they are most of the buffer.
            // Once everything is consumed, a buffer grown for a big message is let go instead:
            // kept, it would hold up to max_message_mb for the rest of the session.
            if start == buffer.count && buffer.capacity > 8 << 20 {
                buffer = []
                start = 0
                scanPosition = 0
            } else if start > 1 << 16 && start * 2 > buffer.count {
                buffer.removeFirst(start)
                start = 0
                scanPosition = 0
            }
            return try Self.parse(raw)
        }
    }

    /// The `n` of a line ending in `{n}` or `{n+}` (RFC 7888), before its CRLF.
    private func literalLength(beforeLineFeedAt lineFeed: Int) throws(IntakeError) -> Int? {
        var index = lineFeed
        if index > start && buffer[index - 1] == UInt8(ascii: "\r") { index -= 1 }
        guard index > start, buffer[index - 1] == UInt8(ascii: "}") else { return nil }
        index -= 1
        if index > start && buffer[index - 1] == UInt8(ascii: "+") { index -= 1 }
        let digitsEnd = index
        while index > start, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(buffer[index - 1]) { index -= 1 }
        guard index < digitsEnd, index > start, buffer[index - 1] == UInt8(ascii: "{") else { return nil }
        guard digitsEnd - index <= 12, let length = Int(String(decoding: buffer[index..<digitsEnd], as: UTF8.self)) else {
            throw IntakeError(.protocolError, "IMAP literal length is not a number")
        }
        return length
    }

    /// Parses one complete response (its lines and literals, ending in CRLF).
    static func parse(_ raw: [UInt8]) throws(IntakeError) -> IMAPResponse {
        var cursor = IMAPCursor(raw)
        if cursor.skip("+") {
            _ = cursor.skip(" ")
            return .continuation(cursor.restOfLine())
        }
        if cursor.skip("*") {
            try cursor.expect(" ")
            return .untagged(try parseUntagged(&cursor))
        }
        let tag = cursor.atom()
        guard !tag.isEmpty else { throw cursor.error("a response starts with neither a tag, * nor +") }
        try cursor.expect(" ")
        let condition = cursor.atom().uppercased()
        guard let status = IMAPStatus.Condition(rawValue: condition), status != .preauth, status != .bye else {
            throw cursor.error("tagged response with status \(condition)")
        }
        return .tagged(tag, try parseStatus(status, &cursor))
    }

    private static func parseUntagged(_ cursor: inout IMAPCursor) throws(IntakeError) -> IMAPUntagged {
        if let number = cursor.number() {
            try cursor.expect(" ")
            let name = cursor.atom().uppercased()
            guard let count = Int(exactly: number) else { throw cursor.error("message number out of range") }
            switch name {
            case "EXISTS": return .exists(count)
            case "RECENT": return .recent(count)
            case "EXPUNGE": return .expunge(count)
            case "FETCH":
                try cursor.expect(" ")
                return .fetch(sequence: count, try parseFetchItems(&cursor))
            default: return .other(name: name, line: cursor.line)
            }
        }
        let name = cursor.atom().uppercased()
        if let condition = IMAPStatus.Condition(rawValue: name) {
            return .status(try parseStatus(condition, &cursor))
        }
        switch name {
        case "CAPABILITY":
            return .capability(cursor.capabilities())
        case "SEARCH":
            var uids: [Int64] = []
            while cursor.skip(" ") {
                if let uid = cursor.number() {
                    uids.append(uid)
                } else {
                    _ = try cursor.value()  // `(MODSEQ n)` from CONDSTORE
                }
            }
            return .search(uids)
        case "ESEARCH":
            return .esearch(try parseESearch(&cursor))
        case "STATUS":
            try cursor.expect(" ")
            let mailbox = String(decoding: try cursor.astring(), as: UTF8.self)
            _ = cursor.skip(" ")
            guard case .list(let values) = try cursor.value() else { throw cursor.error("STATUS without a list") }
            var result: [String: Int64] = [:]
            var index = 0
            while index + 1 < values.count {
                if case .atom(let key) = values[index], case .atom(let number) = values[index + 1], let value = Int64(number) {
                    result[key.uppercased()] = value
                }
                index += 2
            }
            return .mailboxStatus(mailbox: mailbox, values: result)
        default:
            return .other(name: name, line: cursor.line)
        }
    }

    private static func parseStatus(_ condition: IMAPStatus.Condition, _ cursor: inout IMAPCursor) throws(IntakeError) -> IMAPStatus {
        _ = cursor.skip(" ")
        var code: IMAPResponseCode?
        if cursor.skip("[") {
            let name = cursor.atom().uppercased()
            let arguments = cursor.skip(" ") ? cursor.text(until: UInt8(ascii: "]")) : ""
            try cursor.expect("]")
            _ = cursor.skip(" ")
            code = switch name {
            case "UIDVALIDITY": Int64(arguments).map(IMAPResponseCode.uidValidity) ?? .other(name, arguments)
            case "UIDNEXT": Int64(arguments).map(IMAPResponseCode.uidNext) ?? .other(name, arguments)
            case "TRYCREATE": .tryCreate
            case "ALREADYEXISTS": .alreadyExists
            case "CAPABILITY": .capability(IMAPCursor.capabilities(in: arguments))
            default: .other(name, arguments)
            }
        }
        return IMAPStatus(condition: condition, code: code, text: cursor.restOfLine())
    }

    private static func parseFetchItems(_ cursor: inout IMAPCursor) throws(IntakeError) -> IMAPFetchItems {
        try cursor.expect("(")
        var items = IMAPFetchItems()
        while true {
            _ = cursor.skip(" ")
            if cursor.skip(")") { return items }
            let name = try cursor.fetchItemName()
            try cursor.expect(" ")
            items.items[name] = try cursor.value()
        }
    }

    private static func parseESearch(_ cursor: inout IMAPCursor) throws(IntakeError) -> IMAPESearch {
        var result = IMAPESearch()
        while cursor.skip(" ") {
            if cursor.peek == UInt8(ascii: "(") {
                // The correlator: (TAG "a3").
                if case .list(let values) = try cursor.value(), values.count == 2, case .string(let tag) = values[1] {
                    result.tag = String(decoding: tag, as: UTF8.self)
                }
                continue
            }
            let name = cursor.atom().uppercased()
            if name == "UID" {
                result.isUID = true
                continue
            }
            guard cursor.skip(" ") else { throw cursor.error("ESEARCH \(name) without a value") }
            let value = try cursor.value()
            guard case .atom(let text) = value else { continue }
            switch name {
            case "ALL": result.all = try IMAPSequenceSet.expand(text)
            case "MIN": result.min = Int64(text)
            case "MAX": result.max = Int64(text)
            case "COUNT": result.count = Int(text)
            default: break
            }
        }
        return result
    }
}

/// Reads tokens from one complete response.
struct IMAPCursor {
    private let bytes: [UInt8]
    private var position = 0

    init(_ bytes: [UInt8]) {
        self.bytes = bytes
    }

    var peek: UInt8? { position < bytes.count ? bytes[position] : nil }

    /// The first line as text, for messages and `.other` responses.
    var line: String {
        let end = bytes.firstIndex(of: UInt8(ascii: "\r")) ?? bytes.firstIndex(of: UInt8(ascii: "\n")) ?? bytes.count
        return String(decoding: bytes[..<end], as: UTF8.self)
    }

    func error(_ what: String) -> IntakeError {
        IntakeError(.protocolError, "unreadable IMAP response (\(what)): \(line.prefix(120))")
    }

    mutating func skip(_ character: Unicode.Scalar) -> Bool {
        guard peek == UInt8(ascii: character) else { return false }
        position += 1
        return true
    }

    mutating func expect(_ character: Unicode.Scalar) throws(IntakeError) {
        guard skip(character) else { throw error("expected \"\(character)\" at byte \(position)") }
    }

    /// An atom: up to a space, a parenthesis, a bracket, a quote or the line end.
    mutating func atom() -> String {
        let begin = position
        while let byte = peek, !Self.atomEnds.contains(byte) { position += 1 }
        return String(decoding: bytes[begin..<position], as: UTF8.self)
    }

    private static let atomEnds: Set<UInt8> = Set(" ()[]\"\r\n".utf8)

    mutating func number() -> Int64? {
        let begin = position
        while let byte = peek, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) { position += 1 }
        guard position > begin, let value = Int64(String(decoding: bytes[begin..<position], as: UTF8.self)) else {
            position = begin
            return nil
        }
        return value
    }

    /// Text up to `end` (not consumed) or the line end.
    mutating func text(until end: UInt8) -> String {
        let begin = position
        while let byte = peek, byte != end, byte != UInt8(ascii: "\r"), byte != UInt8(ascii: "\n") { position += 1 }
        return String(decoding: bytes[begin..<position], as: UTF8.self)
    }

    mutating func restOfLine() -> String { text(until: UInt8(ascii: "\n")) }

    /// Space-separated atoms to the end of the line, upper-cased.
    mutating func capabilities() -> Set<String> { Self.capabilities(in: restOfLine()) }

    static func capabilities(in text: String) -> Set<String> {
        Set(text.split(separator: " ").map { $0.uppercased() })
    }

    /// A FETCH item name: `UID`, `BODY[HEADER.FIELDS (FROM TO)]`, `BODY[]<0>` (the origin is dropped).
    mutating func fetchItemName() throws(IntakeError) -> String {
        var name = atom().uppercased()
        if skip("[") {
            let begin = position
            var depth = 1
            while let byte = peek {
                if byte == UInt8(ascii: "[") { depth += 1 }
                if byte == UInt8(ascii: "]") {
                    depth -= 1
                    if depth == 0 { break }
                }
                if byte == UInt8(ascii: "\n") { break }
                position += 1
            }
            let section = String(decoding: bytes[begin..<position], as: UTF8.self).uppercased()
            try expect("]")
            name += "[\(section)]"
            if skip("<") {
                _ = number()
                try expect(">")
            }
        }
        guard !name.isEmpty else { throw error("empty FETCH item name") }
        return name
    }

    /// A string where an atom is also allowed (mailbox names).
    mutating func astring() throws(IntakeError) -> [UInt8] {
        switch peek {
        case UInt8(ascii: "\""), UInt8(ascii: "{"), UInt8(ascii: "~"): return try string()
        default: return Array(atom().utf8)
        }
    }

    /// A quoted string or a literal (`{n}`, `{n+}`, or `~{n}` from BINARY).
    mutating func string() throws(IntakeError) -> [UInt8] {
        if skip("\"") {
            var result: [UInt8] = []
            while let byte = peek {
                position += 1
                switch byte {
                case UInt8(ascii: "\""): return result
                case UInt8(ascii: "\\"):
                    guard let escaped = peek else { throw error("quoted string ends in a backslash") }
                    result.append(escaped)
                    position += 1
                case UInt8(ascii: "\r"), UInt8(ascii: "\n"): throw error("line break inside a quoted string")
                default: result.append(byte)
                }
            }
            throw error("unterminated quoted string")
        }
        _ = skip("~")
        try expect("{")
        guard let length = number(), let count = Int(exactly: length) else { throw error("literal without a length") }
        _ = skip("+")
        try expect("}")
        _ = skip("\r")
        try expect("\n")
        guard count <= bytes.count - position else { throw error("literal longer than the response") }
        defer { position += count }
        return Array(bytes[position..<position + count])
    }

    /// Any value: `NIL`, an atom or number, a string, a literal or a parenthesized list.
    mutating func value() throws(IntakeError) -> IMAPValue {
        switch peek {
        case UInt8(ascii: "("):
            position += 1
            var values: [IMAPValue] = []
            while true {
                _ = skip(" ")
                if skip(")") { return .list(values) }
                guard let byte = peek, byte != UInt8(ascii: "\r"), byte != UInt8(ascii: "\n") else {
                    throw error("unterminated list")
                }
                values.append(try value())
            }
        case UInt8(ascii: "\""), UInt8(ascii: "{"), UInt8(ascii: "~"):
            return .string(try string())
        default:
            let begin = position
            // Flags such as `\Seen` and section names such as `BODY[TEXT]` inside BODYSTRUCTURE.
            while let byte = peek, !Self.valueEnds.contains(byte) {
                if byte == UInt8(ascii: "[") {
                    while let inner = peek, inner != UInt8(ascii: "]"), inner != UInt8(ascii: "\n") { position += 1 }
                }
                position += 1
            }
            let atom = String(decoding: bytes[begin..<position], as: UTF8.self)
            guard !atom.isEmpty else { throw error("expected a value at byte \(position)") }
            return atom.uppercased() == "NIL" ? .absent : .atom(atom)
        }
    }

    private static let valueEnds: Set<UInt8> = Set(" ()\"\r\n".utf8)
}
