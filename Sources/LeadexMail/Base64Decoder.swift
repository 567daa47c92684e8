/// Tolerant base64 decoding: skips whitespace and garbage, survives missing or early padding.
public enum Base64Decoder {
    /// 0..63 for alphabet bytes (both standard and URL-safe), 64 for '=', 0xFF otherwise.
    static let table: [UInt8] = {
        var t = [UInt8](repeating: 0xFF, count: 256)
        for (i, c) in "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8.enumerated() {
            t[Int(c)] = UInt8(i)
        }
        t[Int(UInt8(ascii: "-"))] = 62
        t[Int(UInt8(ascii: "_"))] = 63
        t[Int(Byte.equals)] = 64
        return t
    }()

    /// Decodes base64; never fails.
    public static func decode(_ bytes: some Collection<UInt8>) -> [UInt8] {
        Array(bytes).withUnsafeBufferPointer { decode($0).bytes }
    }

    /// Decodes and counts bytes that were neither alphabet, padding nor whitespace.
    static func decode(_ buf: UnsafeBufferPointer<UInt8>) -> (bytes: [UInt8], garbage: Int) {
        var out = [UInt8]()
        out.reserveCapacity(buf.count / 4 * 3 + 3)
        var acc: UInt32 = 0
        var n = 0
        var garbage = 0
        table.withUnsafeBufferPointer { t in
            for b in buf {
                let v = t[Int(b)]
                if v < 64 {
                    acc = (acc << 6) | UInt32(v)
                    n += 1
                    if n == 4 {
                        out.append(UInt8(truncatingIfNeeded: acc >> 16))
                        out.append(UInt8(truncatingIfNeeded: acc >> 8))
                        out.append(UInt8(truncatingIfNeeded: acc))
                        acc = 0
                        n = 0
                    }
                } else if v == 64 {
                    // Padding ends a quantum; concatenated base64 chunks continue after it.
                    flush(&acc, &n, &out)
                } else if !isSpaceOrNewline(b) {
                    garbage += 1
                }
            }
        }
        flush(&acc, &n, &out)
        return (out, garbage)
    }

    @inline(__always) private static func flush(_ acc: inout UInt32, _ n: inout Int, _ out: inout [UInt8]) {
        switch n {
        case 2:
            out.append(UInt8(truncatingIfNeeded: acc >> 4))
        case 3:
            out.append(UInt8(truncatingIfNeeded: acc >> 10))
            out.append(UInt8(truncatingIfNeeded: acc >> 2))
        default:
            break // a lone sextet carries no full byte
        }
        acc = 0
        n = 0
    }

    /// Size of the decoded data without decoding it (used for attachment sizes).
    static func decodedLength(_ buf: UnsafeBufferPointer<UInt8>) -> (length: Int, garbage: Int) {
        var sextets = 0, garbage = 0
        var run = 0
        table.withUnsafeBufferPointer { t in
            for b in buf {
                let v = t[Int(b)]
                if v < 64 { run += 1 } else if v == 64 { sextets += run / 4 * 4 + (run % 4 == 1 ? 0 : run % 4); run = 0 } else if !isSpaceOrNewline(b) { garbage += 1 }
            }
        }
        sextets += run / 4 * 4 + (run % 4 == 1 ? 0 : run % 4)
        return (sextets * 6 / 8, garbage)
    }
}
