internal import Glibc

/// The unique mark a health-check probe carries through the site's form, so that its submission
/// is recognised wherever it comes back (the form's feed, a mailbox) and never becomes a lead.
public enum ProbeToken {
    /// Every token starts with this; the rest is 20 lower-case hex digits.
    public static let prefix = "LEADEX-PROBE-"
    private static let marker = Array(prefix.utf8)
    static let digits = 20

    /// A fresh token.
    public static func make() -> String {
        var generator = SystemRandomNumberGenerator()
        let hex = Array("0123456789abcdef")
        return prefix + String((0..<digits).map { _ in hex[Int(generator.next() % 16)] })
    }

    /// The first token in `text`, if any. A plain byte scan: intake runs it over every field of
    /// every submission and every mail text.
    public static func find(in text: String) -> String? {
        var text = text
        return text.withUTF8 { find(in: $0) }
    }

    static func find(in bytes: UnsafeBufferPointer<UInt8>) -> String? {
        guard let base = bytes.baseAddress, bytes.count >= marker.count + digits else { return nil }
        let last = bytes.count - marker.count - digits
        var index = 0
        while index <= last {
            // memchr to the next 'L': mail text is mostly Cyrillic, where it is rare.
            guard let hit = memchr(base + index, Int32(marker[0]), last - index + 1) else { return nil }
            index = base.distance(to: hit.assumingMemoryBound(to: UInt8.self))
            if (1..<marker.count).allSatisfy({ bytes[index + $0] == marker[$0] }) {
                let start = index + marker.count
                let hex = (start..<start + digits).allSatisfy { position in
                    let byte = bytes[position]
                    return (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) || (UInt8(ascii: "a")...UInt8(ascii: "f")).contains(byte)
                }
                if hex {
                    return prefix + String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<start + digits]), as: UTF8.self)
                }
            }
            index += 1
        }
        return nil
    }
}
