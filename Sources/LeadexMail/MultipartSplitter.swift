/// Finds the body parts of a multipart entity (RFC 2046 §5.1) by scanning line starts once.
enum MultipartSplitter {
    struct Result {
        var parts: [Range<Int>] = []
        /// The closing delimiter was seen.
        var closed = false
        /// At least one delimiter was seen.
        var found = false
        /// Splitting stopped at the part limit.
        var limitHit = false
    }

    static func split(_ buf: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, boundary: [UInt8], maxParts: Int) -> Result {
        var result = Result()
        guard !boundary.isEmpty else { return result }
        let end = range.upperBound
        var partStart: Int?
        var i = range.lowerBound
        let blen = boundary.count
        while i < end {
            let lineEnd = buf.index(of: Byte.lf, from: i, to: end) ?? end
            let next = lineEnd < end ? lineEnd + 1 : end
            if lineEnd - i >= 2 + blen, buf[i] == Byte.dash, buf[i + 1] == Byte.dash, matches(buf, i + 2, boundary) {
                var j = i + 2 + blen
                var isClose = false
                if j + 1 < lineEnd, buf[j] == Byte.dash, buf[j + 1] == Byte.dash { isClose = true; j += 2 }
                // Only transport padding may follow; "--b1x" is another boundary, not ours.
                while j < lineEnd, isSpaceOrNewline(buf[j]) { j += 1 }
                if j == lineEnd {
                    if let s = partStart { result.parts.append(s..<contentEnd(buf, before: i, notBelow: s)) }
                    result.found = true
                    if isClose { result.closed = true; return result }
                    if result.parts.count >= maxParts { result.limitHit = true; return result }
                    partStart = next
                }
            }
            i = next
        }
        if let s = partStart { result.parts.append(s..<end) }
        return result
    }

    /// The CRLF before a delimiter belongs to the delimiter (RFC 2046 §5.1.1).
    @inline(__always) static func contentEnd(_ buf: UnsafeBufferPointer<UInt8>, before i: Int, notBelow s: Int) -> Int {
        var e = i
        if e > s, buf[e - 1] == Byte.lf { e -= 1 }
        if e > s, buf[e - 1] == Byte.cr { e -= 1 }
        return e
    }

    @inline(__always) static func matches(_ buf: UnsafeBufferPointer<UInt8>, _ at: Int, _ b: [UInt8]) -> Bool {
        for k in 0..<b.count where buf[at + k] != b[k] { return false }
        return true
    }

    /// When the declared boundary is wrong or missing: the first "--token" line followed by a header line.
    static func guessBoundary(_ buf: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> [UInt8]? {
        var i = range.lowerBound
        let end = range.upperBound
        while i < end {
            let lineEnd = buf.index(of: Byte.lf, from: i, to: end) ?? end
            let next = lineEnd < end ? lineEnd + 1 : end
            if lineEnd - i > 2, buf[i] == Byte.dash, buf[i + 1] == Byte.dash {
                let r = buf.trimmed((i + 2)..<lineEnd)
                var ok = !r.isEmpty
                var allDashes = true
                for k in r {
                    if isSpaceOrNewline(buf[k]) { ok = false; break }
                    if buf[k] != Byte.dash { allDashes = false }
                }
                if ok, !allDashes, next < end, HeaderParser.isHeaderLineOrFold(buf, next, end) {
                    return Array(UnsafeBufferPointer(rebasing: buf[r]))
                }
            }
            i = next
        }
        return nil
    }
}
