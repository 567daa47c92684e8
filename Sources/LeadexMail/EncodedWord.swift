/// Header text decoding: unfolding, RFC 2047 encoded words and raw 8-bit bytes.
public enum EncodedWord {
    /// Decodes a raw header value to text; malformed encoded words are kept as they are.
    public static func decodeHeader(_ bytes: some Collection<UInt8>) -> String {
        Array(bytes).withUnsafeBufferPointer { decode($0).text }
    }

    /// `fallback` is true when raw 8-bit bytes had to be guessed or an encoded word named an unknown charset.
    static func decode(_ buf: UnsafeBufferPointer<UInt8>) -> (text: String, fallback: Bool) {
        var out = [UInt8]()
        out.reserveCapacity(buf.count)
        var fallback = false
        var runCharset: Charset?
        var runBytes = [UInt8]()
        var plainStart = 0
        var lastWasEncoded = false
        let n = buf.count

        func flushRun() {
            guard let cs = runCharset else { return }
            // Adjacent words of one charset are joined before decoding: mailers split multibyte characters between them.
            let d = runBytes.withUnsafeBufferPointer { Charset.decode($0, declared: cs) }
            if d.isFallback { fallback = true }
            out.append(contentsOf: d.text.utf8)
            runCharset = nil
            runBytes.removeAll(keepingCapacity: true)
        }
        func flushPlain(_ r: Range<Int>) {
            guard !r.isEmpty else { return }
            var seg = [UInt8]()
            seg.reserveCapacity(r.count)
            var high = false
            var k = r.lowerBound
            while k < r.upperBound {
                let b = buf[k]
                if b == Byte.cr || b == Byte.lf {
                    // Unfolding removes the line break; a folding tab reads better as a space.
                    if k + 1 < r.upperBound, buf[k + 1] == Byte.tab { seg.append(Byte.space); k += 2; continue }
                    k += 1
                    continue
                }
                if b >= 0x80 { high = true }
                seg.append(b)
                k += 1
            }
            if !high {
                if let jis = seg.withUnsafeBufferPointer(Charset.decodeISO2022JP) {
                    fallback = true
                    out.append(contentsOf: jis.utf8)
                } else {
                    out.append(contentsOf: seg)
                }
                return
            }
            if String(validating: seg, as: UTF8.self) != nil { out.append(contentsOf: seg); return }
            let d = seg.withUnsafeBufferPointer { Charset.guess($0) }
            fallback = true
            out.append(contentsOf: d.text.utf8)
        }

        var i = 0
        while i < n {
            if buf[i] == Byte.equals, i + 1 < n, buf[i + 1] == Byte.question, let w = parseWord(buf, at: i) {
                var onlySpace = lastWasEncoded
                if onlySpace {
                    for k in plainStart..<i where !isSpaceOrNewline(buf[k]) { onlySpace = false; break }
                }
                if !onlySpace {
                    flushRun()
                    flushPlain(plainStart..<i)
                }
                let cs = Charset(label: w.charset)
                if let rc = runCharset, rc != cs { flushRun() }
                runCharset = cs
                runBytes.append(contentsOf: w.decoded)
                i = w.end
                plainStart = i
                lastWasEncoded = true
                continue
            }
            i += 1
        }
        flushRun()
        flushPlain(plainStart..<n)
        return (trimmedString(out), fallback)
    }

    static func trimmedString(_ out: [UInt8]) -> String {
        var lo = 0, hi = out.count
        while lo < hi, isSpaceOrNewline(out[lo]) { lo += 1 }
        while hi > lo, isSpaceOrNewline(out[hi - 1]) { hi -= 1 }
        return String(decoding: out[lo..<hi], as: UTF8.self)
    }

    /// Longest encoded word we try; bounds the work per "=?" so hostile headers stay linear.
    static let maxWordLength = 2048

    static func parseWord(_ buf: UnsafeBufferPointer<UInt8>, at start: Int) -> (charset: String, decoded: [UInt8], end: Int)? {
        let limit = min(buf.count, start + maxWordLength)
        var i = start + 2
        let csStart = i
        while i < limit, buf[i] != Byte.question {
            let b = buf[i]
            if isSpaceOrNewline(b) || b == Byte.equals || b >= 0x80 || b < 0x20 { return nil }
            i += 1
        }
        guard i < limit, i > csStart else { return nil }
        var csEnd = i
        i += 1
        guard i + 1 < limit, buf[i + 1] == Byte.question else { return nil }
        let enc = asciiLower(buf[i])
        guard enc == UInt8(ascii: "b") || enc == UInt8(ascii: "q") else { return nil }
        i += 2
        let textStart = i
        while true {
            guard i + 1 < limit else { return nil }
            if buf[i] == Byte.question {
                guard buf[i + 1] == Byte.equals else { return nil }
                break
            }
            if isSpaceOrNewline(buf[i]) { return nil }
            i += 1
        }
        let text = UnsafeBufferPointer(rebasing: buf[textStart..<i])
        // RFC 2231 §5 allows "charset*lang"; the language is of no use to us.
        for k in csStart..<csEnd where buf[k] == Byte.star { csEnd = k; break }
        let charset = String(decoding: UnsafeBufferPointer(rebasing: buf[csStart..<csEnd]), as: UTF8.self)
        let decoded = enc == UInt8(ascii: "b")
            ? Base64Decoder.decode(text).bytes
            : QuotedPrintable.decode(text, underscoreIsSpace: true).bytes
        return (charset, decoded, i + 2)
    }
}
