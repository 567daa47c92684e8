import Glibc

/// Byte constants and ASCII helpers shared by the scanners; everything works on raw bytes so
/// that no `String` is created before the final decode.
enum Byte {
    static let tab: UInt8 = 0x09
    static let lf: UInt8 = 0x0A
    static let cr: UInt8 = 0x0D
    static let space: UInt8 = 0x20
    static let quote: UInt8 = 0x22
    static let hash: UInt8 = 0x23
    static let amp: UInt8 = 0x26
    static let apostrophe: UInt8 = 0x27
    static let lparen: UInt8 = 0x28
    static let rparen: UInt8 = 0x29
    static let star: UInt8 = 0x2A
    static let plus: UInt8 = 0x2B
    static let comma: UInt8 = 0x2C
    static let dash: UInt8 = 0x2D
    static let dot: UInt8 = 0x2E
    static let slash: UInt8 = 0x2F
    static let colon: UInt8 = 0x3A
    static let semicolon: UInt8 = 0x3B
    static let lt: UInt8 = 0x3C
    static let equals: UInt8 = 0x3D
    static let gt: UInt8 = 0x3E
    static let question: UInt8 = 0x3F
    static let at: UInt8 = 0x40
    static let backslash: UInt8 = 0x5C
    static let underscore: UInt8 = 0x5F
    static let percent: UInt8 = 0x25
}

@inline(__always) func asciiLower(_ b: UInt8) -> UInt8 { (b &- 0x41) < 26 ? b | 0x20 : b }
@inline(__always) func isWSP(_ b: UInt8) -> Bool { b == Byte.space || b == Byte.tab }
@inline(__always) func isSpaceOrNewline(_ b: UInt8) -> Bool {
    b == Byte.space || b == Byte.tab || b == Byte.lf || b == Byte.cr
}
@inline(__always) func isDigit(_ b: UInt8) -> Bool { (b &- 0x30) < 10 }
@inline(__always) func isASCIILetter(_ b: UInt8) -> Bool { (asciiLower(b) &- 0x61) < 26 }

@inline(__always) func hexValue(_ b: UInt8) -> UInt8? {
    if (b &- 0x30) < 10 { return b &- 0x30 }
    let l = b | 0x20
    if (l &- 0x61) < 6 { return l &- 0x61 &+ 10 }
    return nil
}

/// Appends the UTF-8 encoding of a scalar value; invalid values become U+FFFD.
@inline(__always) func appendUTF8(_ v: UInt32, to out: inout [UInt8]) {
    switch v {
    case 0..<0x80:
        out.append(UInt8(v))
    case 0x80..<0x800:
        out.append(UInt8(0xC0 | (v >> 6)))
        out.append(UInt8(0x80 | (v & 0x3F)))
    case 0x800..<0xD800, 0xE000..<0x10000:
        out.append(UInt8(0xE0 | (v >> 12)))
        out.append(UInt8(0x80 | ((v >> 6) & 0x3F)))
        out.append(UInt8(0x80 | (v & 0x3F)))
    case 0x10000...0x10FFFF:
        out.append(UInt8(0xF0 | (v >> 18)))
        out.append(UInt8(0x80 | ((v >> 12) & 0x3F)))
        out.append(UInt8(0x80 | ((v >> 6) & 0x3F)))
        out.append(UInt8(0x80 | (v & 0x3F)))
    default:
        out.append(contentsOf: [0xEF, 0xBF, 0xBD])
    }
}

extension UnsafeBufferPointer where Element == UInt8 {
    /// memchr is vectorised in glibc; line scanning dominates parse time on big bodies.
    @inline(__always) func index(of byte: UInt8, from: Int, to: Int) -> Int? {
        guard from < to, let base = baseAddress else { return nil }
        guard let p = memchr(base + from, Int32(byte), to - from) else { return nil }
        return base.distance(to: p.assumingMemoryBound(to: UInt8.self))
    }

    /// Case-insensitive comparison against a lowercase ASCII needle at `i`.
    @inline(__always) func matchesLowercase(_ needle: [UInt8], at i: Int, end: Int) -> Bool {
        guard i >= 0, end - i >= needle.count else { return false }
        for k in 0..<needle.count where asciiLower(self[i + k]) != needle[k] { return false }
        return true
    }

    func trimmed(_ r: Range<Int>) -> Range<Int> {
        var lo = r.lowerBound, hi = r.upperBound
        while lo < hi, isSpaceOrNewline(self[lo]) { lo += 1 }
        while hi > lo, isSpaceOrNewline(self[hi - 1]) { hi -= 1 }
        return lo..<hi
    }

    func hasHighBytes(_ r: Range<Int>) -> Bool {
        for i in r where self[i] >= 0x80 { return true }
        return false
    }
}

extension Collection where Element == UInt8 {
    /// Lowercased ASCII string of a short token (header names, parameters, MIME types).
    func asciiLowercasedString() -> String {
        String(decoding: self.map(asciiLower), as: UTF8.self)
    }

    func firstRange(of needle: [UInt8]) -> Range<Index>? {
        guard !needle.isEmpty, count >= needle.count else { return nil }
        var i = startIndex
        while i != endIndex {
            var j = i, k = 0
            while k < needle.count, j != endIndex, self[j] == needle[k] { j = index(after: j); k += 1 }
            if k == needle.count { return i..<j }
            i = index(after: i)
        }
        return nil
    }
}

extension String {
    /// The string without leading and trailing whitespace (ASCII spaces, line ends, NBSP).
    var trimmedWhitespace: String { self[...].trimmedWhitespace }
}

extension Substring {
    /// The string without leading and trailing whitespace (ASCII spaces, line ends, NBSP); works on UTF-8 only.
    var trimmedWhitespace: String {
        let u = utf8
        var lo = u.startIndex, hi = u.endIndex
        while lo < hi {
            let b = u[lo]
            if isSpaceOrNewline(b) || b == 0x0B || b == 0x0C { lo = u.index(after: lo); continue }
            if b == 0xC2, u.index(after: lo) < hi, u[u.index(after: lo)] == 0xA0 { lo = u.index(lo, offsetBy: 2); continue }
            break
        }
        while hi > lo {
            let p = u.index(before: hi)
            let b = u[p]
            if isSpaceOrNewline(b) || b == 0x0B || b == 0x0C { hi = p; continue }
            if b == 0xA0, p > lo, u[u.index(before: p)] == 0xC2 { hi = u.index(before: p); continue }
            break
        }
        return String(self[lo..<hi])
    }
}

extension UnsafeBufferPointer where Element == UInt8 {
    /// Calls `body` with each line (without its LF, CR or surrounding spaces) and its index.
    func forEachTrimmedLine(_ body: (Range<Int>) -> Void) {
        var start = 0
        while start <= count {
            let end = index(of: Byte.lf, from: start, to: count) ?? count
            body(trimmed(start..<end))
            start = end + 1
        }
    }

    func string(_ r: Range<Int>) -> String { String(decoding: UnsafeBufferPointer(rebasing: self[r]), as: UTF8.self) }

    func contains(_ byte: UInt8, in r: Range<Int>) -> Bool { index(of: byte, from: r.lowerBound, to: r.upperBound) != nil }
}

extension String {
    /// Runs `body` over the contiguous UTF-8 of the string; native strings never copy here.
    func withUTF8Buffer<R>(_ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
        var s = self
        return s.withUTF8(body)
    }
}
