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
        default: self = .other(label.trimmingASCIIQuotesAndSpaces())
        }
    }

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
        if isASCII(buf) {
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
        case .other(let name):
            if let s = IconvConverter.convert(buf, from: name) { return DecodedText(text: s, charset: cs, isFallback: false) }
            return guess(buf)
        }
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
