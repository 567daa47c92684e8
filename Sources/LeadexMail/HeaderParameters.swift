/// Parses `value; name=value; name*0*=charset'lang'%XX` header values (RFC 2045, RFC 2231).
struct HeaderParameters {
    /// The part before the first ';', trimmed and lowercased.
    var value: String
    /// Parameters by lowercased name, decoded.
    var parameters: [String: String]
    /// True when a value had to be decoded by charset guessing.
    var fallback = false

    init(_ raw: ArraySlice<UInt8>) {
        (value, parameters, fallback) = raw.withUnsafeBufferPointer { HeaderParameters.parse($0) }
    }

    private struct Piece {
        var index: Int
        var extended: Bool
        var bytes: [UInt8]
    }

    private static func parse(_ buf: UnsafeBufferPointer<UInt8>) -> (String, [String: String], Bool) {
        let n = buf.count
        var i = 0
        var valueBytes = [UInt8]()
        while i < n, buf[i] != Byte.semicolon {
            let b = buf[i]
            if b == Byte.lparen { i = skipComment(buf, i); continue }
            if !isSpaceOrNewline(b) && b != Byte.quote { valueBytes.append(asciiLower(b)) }
            i += 1
        }
        let value = String(decoding: valueBytes, as: UTF8.self)
        var simple: [String: [UInt8]] = [:]
        var pieces: [String: [Piece]] = [:]
        var order: [String] = []

        while i < n {
            i += 1 // past ';'
            while i < n, isSpaceOrNewline(buf[i]) || buf[i] == Byte.semicolon || buf[i] == Byte.lparen {
                if buf[i] == Byte.lparen { i = skipComment(buf, i) } else { i += 1 }
            }
            let nameStart = i
            while i < n, buf[i] != Byte.equals, buf[i] != Byte.semicolon, !isSpaceOrNewline(buf[i]) { i += 1 }
            var name = UnsafeBufferPointer(rebasing: buf[nameStart..<i]).asciiLowercasedString()
            while i < n, isSpaceOrNewline(buf[i]) { i += 1 }
            guard i < n, buf[i] == Byte.equals else {
                while i < n, buf[i] != Byte.semicolon { i += 1 }
                continue
            }
            i += 1
            while i < n, isSpaceOrNewline(buf[i]) { i += 1 }
            var raw = [UInt8]()
            if i < n, buf[i] == Byte.quote {
                i += 1
                while i < n, buf[i] != Byte.quote {
                    if buf[i] == Byte.backslash, i + 1 < n { i += 1 }
                    if buf[i] != Byte.cr && buf[i] != Byte.lf { raw.append(buf[i]) }
                    i += 1
                }
                if i < n { i += 1 }
                while i < n, buf[i] != Byte.semicolon { i += 1 }
            } else {
                // Unquoted values may wrongly hold spaces or 8-bit bytes: take everything up to ';'.
                let s = i
                while i < n, buf[i] != Byte.semicolon { i += 1 }
                let r = buf.trimmed(s..<i)
                raw = Array(UnsafeBufferPointer(rebasing: buf[r]))
            }
            guard !name.isEmpty else { continue }

            var extended = false
            if name.hasSuffix("*") { extended = true; name.removeLast() }
            var index = -1
            if let star = name.lastIndex(of: "*"), let k = Int(name[name.index(after: star)...]) {
                index = k
                name = String(name[..<star])
            }
            if index < 0 && !extended {
                if simple[name] == nil { simple[name] = raw; order.append(name) }
            } else {
                if pieces[name] == nil { order.append(name) }
                pieces[name, default: []].append(Piece(index: max(index, 0), extended: extended, bytes: raw))
            }
        }

        var fallback = false
        var result: [String: String] = [:]
        for name in order where result[name] == nil {
            if let ps = pieces[name] {
                let (text, fb) = assemble(ps.sorted { $0.index < $1.index })
                result[name] = text
                fallback = fallback || fb
            } else if let raw = simple[name] {
                // Encoded words inside quoted values are illegal but what most mailers send for filenames.
                let d = raw.withUnsafeBufferPointer { EncodedWord.decode($0) }
                result[name] = d.text
                fallback = fallback || d.fallback
            }
        }
        return (value, result, fallback)
    }

    private static func assemble(_ pieces: [Piece]) -> (String, Bool) {
        var charset: String?
        var bytes = [UInt8]()
        for (k, p) in pieces.enumerated() {
            var body = p.bytes[...]
            if p.extended && k == 0 {
                // charset'language'value
                if let q1 = body.firstIndex(of: Byte.apostrophe) {
                    let rest = body[(q1 + 1)...]
                    if let q2 = rest.firstIndex(of: Byte.apostrophe) {
                        charset = String(decoding: body[..<q1], as: UTF8.self)
                        body = rest[(q2 + 1)...]
                    }
                }
            }
            if p.extended { bytes.append(contentsOf: percentDecode(body)) } else { bytes.append(contentsOf: body) }
        }
        let label = (charset?.isEmpty ?? true) ? nil : charset
        let d = bytes.withUnsafeBufferPointer { Charset.decode($0, declared: label.map(Charset.init(label:))) }
        return (d.text, d.isFallback && bytes.contains { $0 >= 0x80 })
    }

    private static func percentDecode(_ s: ArraySlice<UInt8>) -> [UInt8] {
        var out = [UInt8]()
        out.reserveCapacity(s.count)
        var i = s.startIndex
        while i < s.endIndex {
            if s[i] == Byte.percent, i + 2 < s.endIndex, let h = hexValue(s[i + 1]), let l = hexValue(s[i + 2]) {
                out.append(h << 4 | l)
                i += 3
            } else {
                out.append(s[i])
                i += 1
            }
        }
        return out
    }

    static func skipComment(_ buf: UnsafeBufferPointer<UInt8>, _ start: Int) -> Int {
        var depth = 0
        var i = start
        while i < buf.count {
            let b = buf[i]
            if b == Byte.backslash { i += 2; continue }
            if b == Byte.lparen { depth += 1 } else if b == Byte.rparen { depth -= 1; if depth == 0 { return i + 1 } }
            i += 1
        }
        return buf.count
    }
}

/// A parsed Content-Type.
public struct ContentType: Sendable, Hashable {
    /// Lowercased top-level type, e.g. "text".
    public var type: String
    /// Lowercased subtype, e.g. "plain".
    public var subtype: String
    /// Parameters by lowercased name, RFC 2231 and encoded words decoded.
    public var parameters: [String: String]

    public init(type: String, subtype: String, parameters: [String: String] = [:]) {
        self.type = type
        self.subtype = subtype
        self.parameters = parameters
    }

    /// Parses a raw Content-Type value; a missing or broken type becomes text/plain.
    public init(parsing raw: ArraySlice<UInt8>) {
        let p = HeaderParameters(raw)
        if let slash = p.value.firstIndex(of: "/") {
            type = String(p.value[..<slash])
            subtype = String(p.value[p.value.index(after: slash)...])
        } else {
            type = p.value
            subtype = ""
        }
        if type.isEmpty || subtype.isEmpty {
            // "text" alone or garbage: RFC 2045 §5.2 says treat as text/plain.
            type = "text"
            subtype = "plain"
        }
        parameters = p.parameters
    }

    /// "type/subtype".
    public var mimeType: String { "\(type)/\(subtype)" }
    /// The charset parameter.
    public var charset: String? { parameters["charset"] }
    /// The multipart boundary parameter.
    public var boundary: String? { parameters["boundary"] }
    /// The `name` parameter (old-style attachment filename).
    public var name: String? { parameters["name"] }
    public var isMultipart: Bool { type == "multipart" }

    static let textPlain = ContentType(type: "text", subtype: "plain")
    static let messageRFC822 = ContentType(type: "message", subtype: "rfc822")
}

/// A parsed Content-Disposition.
public struct ContentDisposition: Sendable, Hashable {
    /// Lowercased disposition type: "inline", "attachment", …
    public var type: String
    /// Parameters by lowercased name, decoded.
    public var parameters: [String: String]

    /// Parses a raw Content-Disposition value.
    public init(parsing raw: ArraySlice<UInt8>) {
        let p = HeaderParameters(raw)
        type = p.value
        parameters = p.parameters
    }

    public var isAttachment: Bool { type == "attachment" }
    /// The filename parameter, RFC 2231 and encoded words decoded.
    public var filename: String? { parameters["filename"] }
}

/// Content-Transfer-Encoding.
public enum TransferEncoding: Sendable, Hashable {
    case sevenBit, eightBit, binary, base64, quotedPrintable
    case other(String)

    /// Parses a raw Content-Transfer-Encoding value; absent means 7bit.
    public init(parsing raw: ArraySlice<UInt8>?) {
        guard let raw else { self = .sevenBit; return }
        let v = HeaderParameters(raw).value
        switch v {
        case "7bit", "", "7-bit": self = .sevenBit
        case "8bit", "8-bit": self = .eightBit
        case "binary": self = .binary
        case "base64", "base-64": self = .base64
        case "quoted-printable", "quotedprintable", "qp": self = .quotedPrintable
        default: self = .other(v)
        }
    }
}
