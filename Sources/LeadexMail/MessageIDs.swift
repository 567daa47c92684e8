/// Message-ID lists of Message-ID, In-Reply-To and References (RFC 5322 §3.6.4).
public enum MessageIDs {
    /// The ids inside angle brackets, brackets removed; a bare id without brackets is taken whole.
    public static func parse(_ raw: some Collection<UInt8>) -> [String] {
        let bytes = Array(raw)
        var ids: [String] = []
        var i = 0
        let n = bytes.count
        var sawBracket = false
        while i < n {
            if bytes[i] == Byte.lt {
                sawBracket = true
                var j = i + 1
                while j < n, bytes[j] != Byte.gt, bytes[j] != Byte.lt { j += 1 }
                if j < n, bytes[j] == Byte.gt {
                    let id = bytes[(i + 1)..<j].filter { !isSpaceOrNewline($0) }
                    if !id.isEmpty { ids.append(String(decoding: id, as: UTF8.self)) }
                    i = j + 1
                    continue
                }
                i = j
                continue
            }
            i += 1
        }
        if !sawBracket {
            // Some mailers drop the brackets: split on whitespace and commas.
            for token in bytes.split(whereSeparator: { isSpaceOrNewline($0) || $0 == Byte.comma }) where token.contains(Byte.at) {
                ids.append(String(decoding: token, as: UTF8.self))
            }
        }
        return ids
    }
}
