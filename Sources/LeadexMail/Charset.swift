import Glibc

/// A character set named in a mail, normalised from its many spellings.
public enum Charset: Sendable, Hashable, CustomStringConvertible {
    case utf8
    case windows1251
    case koi8r
    case koi8u
    case iso88595
    case cp866
    case macCyrillic
    case latin1
    case windows1252
    case usASCII
    /// A label we have no table for; decoded through iconv when iconv knows it.
    case other(String)

    /// Normalises a charset label (case, punctuation and common aliases such as `cp1251`, `win-1251`, `koi8r`).
    public init(label: String) {
        var key = [UInt8]()
        key.reserveCapacity(label.utf8.count)
        for b in label.utf8 where b != Byte.dash && b != Byte.underscore && b != Byte.space
            && b != Byte.dot && b != Byte.quote && b != Byte.apostrophe {
            key.append(asciiLower(b))
        }
        switch String(decoding: key, as: UTF8.self) {
        case "utf8", "unicode11utf8", "xunicode20utf8", "utf", "unicodeutf8": self = .utf8
        case "windows1251", "cp1251", "win1251", "xcp1251", "1251", "ms1251", "windowscyrillic", "ansi1251", "cswindows1251":
            self = .windows1251
        case "koi8r", "koi8", "cskoi8r", "koi8ru", "koi": self = .koi8r
        case "koi8u": self = .koi8u
        case "iso88595", "iso885951988", "isoir144", "cyrillic", "csisolatincyrillic", "l5cyrillic", "iso8859cyrillic":
            self = .iso88595
        case "cp866", "ibm866", "866", "csibm866", "dos866", "xcp866", "cp866ru": self = .cp866
        case "xmaccyrillic", "maccyrillic", "xmacukrainian", "macukrainian", "cp10007", "xmaccyr": self = .macCyrillic
        case "iso88591", "latin1", "l1", "iso885911987", "isoir100", "cp819", "ibm819", "csisolatin1", "88591":
            self = .latin1
        case "windows1252", "cp1252", "win1252", "xcp1252": self = .windows1252
        case "usascii", "ascii", "ansix3.41968", "ansix341968", "us", "iso646us", "csascii", "7bit", "":
            self = .usASCII
        case let key:
            if let name = Charset.iconvAliases[key] {
                self = .other(name)
            } else if Charset.undeclaredLabels.contains(key) {
                self = .usASCII
            } else {
                // iconv reads suffixes such as "//IGNORE" and slashes as options: such a label is no name.
                let trimmed = label.trimmingASCIIQuotesAndSpaces()
                self = .other(trimmed.utf8.contains(Byte.slash) ? "" : trimmed)
            }
        }
    }

    /// Labels mailers write that iconv does not know by that spelling (keys as normalised above),
    /// mapped as the WHATWG Encoding Standard reads them: the "-i"/"-e" bidi variants of
    /// ISO-8859-6/-8 are the plain code pages, and labels of a code page read as its superset.
    static let iconvAliases: [String: String] = [
        "iso88598i": "ISO-8859-8", "iso88598e": "ISO-8859-8", "csiso88598i": "ISO-8859-8", "csiso88598e": "ISO-8859-8",
        "logical": "ISO-8859-8", "visual": "ISO-8859-8",
        "iso88596i": "ISO-8859-6", "iso88596e": "ISO-8859-6", "csiso88596i": "ISO-8859-6", "csiso88596e": "ISO-8859-6",
        "ksc56011987": "CP949", "ksc56011989": "CP949", "ksc5601": "CP949", "windows949": "CP949",
        "korean": "CP949", "csksc56011987": "CP949", "isoir149": "CP949", "euckr": "CP949", "cseuckr": "CP949",
        "xsjis": "CP932", "sjis": "CP932", "shiftjis": "CP932", "mskanji": "CP932", "windows31j": "CP932", "csshiftjis": "CP932",
        "xmscp932": "CP932", "cp932": "CP932",
        "gb2312": "GB18030", "gbk": "GB18030", "xgbk": "GB18030", "cp936": "GB18030", "windows936": "GB18030",
        "chinese": "GB18030", "csgb2312": "GB18030", "isoir58": "GB18030", "gb231280": "GB18030", "xeuccn": "GB18030",
        "euccn": "GB18030",
        "big5": "BIG5-HKSCS", "big5hkscs": "BIG5-HKSCS", "cnbig5": "BIG5-HKSCS", "csbig5": "BIG5-HKSCS", "xxbig5": "BIG5-HKSCS",
        "iso2022jp": "ISO-2022-JP-2", "csiso2022jp": "ISO-2022-JP-2",
        "unicode11utf7": "UTF-7", "xutf7": "UTF-7", "csunicode11utf7": "UTF-7",
        "xmacroman": "MACINTOSH", "macroman": "MACINTOSH", "mac": "MACINTOSH", "csmacintosh": "MACINTOSH",
        "windows874": "CP874", "xwindows874": "CP874", "dos874": "CP874", "tis620": "CP874", "iso885911": "CP874",
        "unicode": "UTF-16LE", "utf16": "UTF-16", "ucs2": "UTF-16",
    ]

    /// Labels that name no charset at all: the bytes are read as undeclared.
    static let undeclaredLabels: Set<String> = ["unknown8bit", "xunknown", "unknown", "default", "xuserdefined", "8bit", "binary"]

    /// The name iconv knows this charset by.
    public var iconvName: String {
        switch self {
        case .utf8: "UTF-8"
        case .windows1251: "CP1251"
        case .koi8r: "KOI8-R"
        case .koi8u: "KOI8-U"
        case .iso88595: "ISO-8859-5"
        case .cp866: "CP866"
        case .macCyrillic: "MACCYRILLIC"
        case .latin1: "ISO-8859-1"
        case .windows1252: "CP1252"
        case .usASCII: "US-ASCII"
        case .other(let name): name
        }
    }

    public var description: String { iconvName.lowercased() }
}

/// The result of turning bytes into text.
public struct DecodedText: Sendable, Hashable {
    /// The decoded text.
    public var text: String
    /// The charset actually used.
    public var charset: Charset
    /// True when the declared charset was missing, wrong or unknown and a guess was used.
    public var isFallback: Bool
}

extension Charset {
    /// Decodes bytes declared as `label` (nil = undeclared); never fails, guesses and flags when needed.
    public static func decode(_ bytes: some Collection<UInt8>, label: String?) -> DecodedText {
        let array = Array(bytes)
        return array.withUnsafeBufferPointer { decode($0, declared: label.map(Charset.init(label:))) }
    }

    static func decode(_ buf: UnsafeBufferPointer<UInt8>, declared: Charset?) -> DecodedText {
        if case .other(let name)? = declared {
            // Not every charset is a superset of ASCII: ISO-2022-*, UTF-7 and HZ write everything
            // in 7-bit bytes, UTF-16 and UTF-32 in NULs and ASCII. iconv alone can read them.
            if let s = IconvConverter.convert(buf, from: name) { return DecodedText(text: s, charset: .other(name), isFallback: false) }
            if isASCII(buf) { return DecodedText(text: String(decoding: buf, as: UTF8.self), charset: .usASCII, isFallback: false) }
            return guess(buf)
        }
        if isASCII(buf) {
            if declared == nil || declared == .usASCII, let s = decodeISO2022JP(buf) {
                return DecodedText(text: s, charset: .other("ISO-2022-JP-2"), isFallback: true)
            }
            return DecodedText(text: String(decoding: buf, as: UTF8.self), charset: declared ?? .usASCII, isFallback: false)
        }
        guard let cs = declared else { return guess(buf) }
        switch cs {
        case .utf8:
            if let s = String(validating: buf, as: UTF8.self) { return DecodedText(text: s, charset: .utf8, isFallback: false) }
            // A mail labelled utf-8 but written in cp1251 is common with old PHP forms.
            if looksCyrillicSingleByte(buf) { return guess(buf) }
            return DecodedText(text: String(decoding: buf, as: UTF8.self), charset: .utf8, isFallback: false)
        case .usASCII:
            return guess(buf)
        case .latin1:
            return DecodedText(text: decodeLatin1(buf), charset: .latin1, isFallback: false)
        case .windows1251, .koi8r, .koi8u, .iso88595, .cp866, .macCyrillic, .windows1252:
            return DecodedText(text: SingleByteTable.table(for: cs).decode(buf), charset: cs, isFallback: false)
        case .other:
            return guess(buf)
        }
    }

    /// Japanese mailers long sent ISO-2022-JP undeclared (raw in headers, or labelled us-ascii):
    /// 7-bit bytes that switch to JIS X 0208 with ESC $ B or ESC $ @. nil when there is no such switch.
    static func decodeISO2022JP(_ buf: UnsafeBufferPointer<UInt8>) -> String? {
        var from = 0
        while let esc = buf.index(of: 0x1B, from: from, to: buf.count) {
            if esc + 2 < buf.count, buf[esc + 1] == UInt8(ascii: "$"),
               buf[esc + 2] == UInt8(ascii: "B") || buf[esc + 2] == UInt8(ascii: "@") || buf[esc + 2] == UInt8(ascii: "(") {
                return IconvConverter.convert(buf, from: "ISO-2022-JP-2", strict: true)
            }
            from = esc + 1
        }
        return nil
    }

    /// Used for undeclared or unknown charsets: valid UTF-8 wins, then the likeliest Cyrillic code page, else latin-1.
    static func guess(_ buf: UnsafeBufferPointer<UInt8>) -> DecodedText {
        if let s = String(validating: buf, as: UTF8.self) { return DecodedText(text: s, charset: .utf8, isFallback: true) }
        let cs = guessSingleByte(buf)
        let text = cs == .latin1 ? decodeLatin1(buf) : SingleByteTable.table(for: cs).decode(buf)
        return DecodedText(text: text, charset: cs, isFallback: true)
    }

    /// Scores how many high bytes map to frequent lowercase Russian letters in each code page.
    static func guessSingleByte(_ buf: UnsafeBufferPointer<UInt8>) -> Charset {
        var high = 0, cp1251 = 0, koi8 = 0, cp866 = 0
        for b in buf where b >= 0x80 {
            high += 1
            if b >= 0xE0 { cp1251 += 1 }           // cp1251 lowercase а..я
            if b >= 0xC0 && b < 0xE0 { koi8 += 1 }  // koi8-r lowercase
            if (b >= 0xA0 && b < 0xB0) || (b >= 0xE0 && b < 0xF0) { cp866 += 1 }
        }
        let best = max(cp1251, koi8, cp866)
        if best * 2 < high { return .latin1 }
        if best == cp1251 { return .windows1251 }
        if best == koi8 { return .koi8r }
        return .cp866
    }

    static func looksCyrillicSingleByte(_ buf: UnsafeBufferPointer<UInt8>) -> Bool {
        guessSingleByte(buf) != .latin1
    }

    @inline(__always) static func isASCII(_ buf: UnsafeBufferPointer<UInt8>) -> Bool {
        // Word-at-a-time check: most mail text bodies are mostly ASCII.
        var i = 0
        let n = buf.count
        if let base = buf.baseAddress {
            let raw = UnsafeRawPointer(base)
            while i + 8 <= n {
                if raw.loadUnaligned(fromByteOffset: i, as: UInt64.self) & 0x8080_8080_8080_8080 != 0 { return false }
                i += 8
            }
        }
        while i < n { if buf[i] >= 0x80 { return false }; i += 1 }
        return true
    }

    static func decodeLatin1(_ buf: UnsafeBufferPointer<UInt8>) -> String {
        var out = [UInt8]()
        out.reserveCapacity(buf.count + buf.count / 4)
        for b in buf { appendUTF8(UInt32(b), to: &out) }
        return String(decoding: out, as: UTF8.self)
    }
}

/// A 128-entry table for the upper half of a single-byte charset, built once through iconv.
struct SingleByteTable: Sendable {
    /// UTF-8 bytes of each upper-half code point packed little-endian, length in the top byte.
    let packed: [UInt32]

    init(iconvName: String) {
        var packed = [UInt32](repeating: 0x03BD_BFEF, count: 128) // U+FFFD
        for b in 0x80...0xFF {
            let input: [UInt8] = [UInt8(b)]
            if let s = input.withUnsafeBufferPointer({ IconvConverter.convert($0, from: iconvName, strict: true) }) {
                let u = Array(s.utf8)
                if !u.isEmpty && u.count <= 3 {
                    var v = UInt32(u.count) << 24
                    for (k, byte) in u.enumerated() { v |= UInt32(byte) << (8 * UInt32(k)) }
                    packed[b - 0x80] = v
                }
            }
        }
        self.packed = packed
    }

    static let cp1251 = SingleByteTable(iconvName: "CP1251")
    static let koi8r = SingleByteTable(iconvName: "KOI8-R")
    static let koi8u = SingleByteTable(iconvName: "KOI8-U")
    static let iso88595 = SingleByteTable(iconvName: "ISO-8859-5")
    static let cp866 = SingleByteTable(iconvName: "CP866")
    static let macCyrillic = SingleByteTable(iconvName: "MACCYRILLIC")
    static let cp1252 = SingleByteTable(iconvName: "CP1252")

    static func table(for cs: Charset) -> SingleByteTable {
        switch cs {
        case .koi8r: koi8r
        case .koi8u: koi8u
        case .iso88595: iso88595
        case .cp866: cp866
        case .macCyrillic: macCyrillic
        case .windows1252: cp1252
        default: cp1251
        }
    }

    func decode(_ buf: UnsafeBufferPointer<UInt8>) -> String {
        var out = [UInt8]()
        out.reserveCapacity(buf.count * 2)
        packed.withUnsafeBufferPointer { t in
            for b in buf {
                if b < 0x80 { out.append(b); continue }
                let v = t[Int(b &- 0x80)]
                let n = Int(v >> 24)
                out.append(UInt8(truncatingIfNeeded: v))
                if n > 1 { out.append(UInt8(truncatingIfNeeded: v >> 8)) }
                if n > 2 { out.append(UInt8(truncatingIfNeeded: v >> 16)) }
            }
        }
        return String(decoding: out, as: UTF8.self)
    }
}

/// Thin wrapper over glibc iconv for charsets without a table.
enum IconvConverter {
    /// Converts to UTF-8; nil when iconv does not know `name` (or, when strict, on any invalid byte).
    static func convert(_ buf: UnsafeBufferPointer<UInt8>, from name: String, strict: Bool = false) -> String? {
        // An empty name would mean the locale's charset to iconv.
        guard !name.isEmpty else { return nil }
        let cd = iconv_open("UTF-8", name)
        // iconv_open reports failure as (iconv_t)-1, not NULL.
        guard let handle = cd, handle != UnsafeMutableRawPointer(bitPattern: -1) else { return nil }
        defer { iconv_close(handle) }
        guard let base = buf.baseAddress, !buf.isEmpty else { return "" }
        var out = [UInt8](repeating: 0, count: buf.count * 4 + 16)
        var inPtr = UnsafeMutablePointer(mutating: UnsafeRawPointer(base).assumingMemoryBound(to: CChar.self))
        var inLeft = buf.count
        var produced = 0
        var result: [UInt8] = []
        result.reserveCapacity(buf.count * 2)
        out.withUnsafeMutableBufferPointer { ob in
            let obase = UnsafeMutableRawPointer(ob.baseAddress!).assumingMemoryBound(to: CChar.self)
            while inLeft > 0 {
                var outPtr: UnsafeMutablePointer<CChar>? = obase
                var outLeft = ob.count
                var inOpt: UnsafeMutablePointer<CChar>? = inPtr
                let rc = iconv(handle, &inOpt, &inLeft, &outPtr, &outLeft)
                produced = ob.count - outLeft
                result.append(contentsOf: UnsafeBufferPointer(start: ob.baseAddress, count: produced))
                inPtr = inOpt!
                if rc == -1 {
                    if errno == E2BIG { continue }
                    if strict { result.removeAll(); inLeft = -1; return }
                    // Invalid or truncated input: emit U+FFFD and resynchronise one byte later.
                    result.append(contentsOf: [0xEF, 0xBF, 0xBD])
                    inPtr += 1
                    inLeft -= 1
                }
            }
            // Stateful converters hold back output until told the input ended: CP1255 keeps the
            // last letter in case a combining mark follows, ISO-2022 returns to its initial state.
            var outPtr: UnsafeMutablePointer<CChar>? = obase
            var outLeft = ob.count
            _ = iconv(handle, nil, nil, &outPtr, &outLeft)
            result.append(contentsOf: UnsafeBufferPointer(start: ob.baseAddress, count: ob.count - outLeft))
        }
        if inLeft < 0 { return nil }
        return String(decoding: result, as: UTF8.self)
    }
}

extension String {
    func trimmingASCIIQuotesAndSpaces() -> String {
        let u = Array(utf8)
        var lo = 0, hi = u.count
        while lo < hi, u[lo] == Byte.quote || u[lo] == Byte.apostrophe || isSpaceOrNewline(u[lo]) { lo += 1 }
        while hi > lo, u[hi - 1] == Byte.quote || u[hi - 1] == Byte.apostrophe || isSpaceOrNewline(u[hi - 1]) { hi -= 1 }
        return String(decoding: u[lo..<hi], as: UTF8.self)
    }
}
