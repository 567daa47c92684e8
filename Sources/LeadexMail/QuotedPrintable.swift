/// Tolerant quoted-printable decoding (RFC 2045 §6.7) and the Q variant of RFC 2047.
public enum QuotedPrintable {
    /// Decodes quoted-printable; bad escapes are kept literally, soft breaks removed.
    public static func decode(_ bytes: some Collection<UInt8>) -> [UInt8] {
        Array(bytes).withUnsafeBufferPointer { decode($0).bytes }
    }

    static func decode(_ buf: UnsafeBufferPointer<UInt8>, underscoreIsSpace: Bool = false) -> (bytes: [UInt8], badEscapes: Int) {
        var out = [UInt8]()
        out.reserveCapacity(buf.count)
        var bad = 0
        var i = 0
        let n = buf.count
        while i < n {
            let b = buf[i]
            if b == Byte.equals {
                // "=XX" escape
                if i + 2 < n, let h = hexValue(buf[i + 1]), let l = hexValue(buf[i + 2]) {
                    out.append(h << 4 | l)
                    i += 3
                    continue
                }
                // Soft line break, tolerating trailing whitespace after '=' and CR-only / LF-only ends.
                var j = i + 1
                while j < n, isWSP(buf[j]) { j += 1 }
                if j == n { i = j; continue }
                if buf[j] == Byte.cr {
                    j += 1
                    if j < n, buf[j] == Byte.lf { j += 1 }
                    i = j
                    continue
                }
                if buf[j] == Byte.lf { i = j + 1; continue }
                bad += 1
                out.append(b)
                i += 1
                continue
            }
            if underscoreIsSpace && b == Byte.underscore {
                out.append(Byte.space)
            } else {
                out.append(b)
            }
            i += 1
        }
        return (out, bad)
    }
}
