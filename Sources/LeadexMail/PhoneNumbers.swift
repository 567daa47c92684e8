internal import LeadexCore

/// Digits (0...9 values) as their decimal text.
func digitString(_ d: ArraySlice<UInt8>) -> String {
    String(decoding: d.map { $0 &+ 0x30 }, as: UTF8.self)
}

/// Finds Russian-format phone numbers in free text without mistaking dates, INN or order numbers for them.
public enum PhoneExtractor {
    /// E.164 numbers in order of appearance, without duplicates.
    public static func phones(in text: String) -> [String] {
        text.withUTF8Buffer { scan($0) }
    }

    struct Group {
        var start: Int
        var end: Int
        var parenBefore: Bool
    }

    static func scan(_ buf: UnsafeBufferPointer<UInt8>) -> [String] {
        var found: [String] = []
        let n = buf.count
        var i = 0
        var groups: [Group] = []
        while i < n {
            guard isDigit(buf[i]) else { i += 1; continue }
            // Collect a chain of digit groups joined by short runs of phone separators.
            groups.removeAll(keepingCapacity: true)
            var j = i
            var paren = i > 0 && buf[i - 1] == Byte.lparen
            var total = 0
            while true {
                let s = j
                while j < n, isDigit(buf[j]) { j += 1 }
                groups.append(Group(start: s, end: j, parenBefore: paren))
                total += j - s
                if total > 40 { break }
                var k = j
                var seps = 0
                paren = false
                while k < n, seps < 4 {
                    let c = buf[k]
                    if c == Byte.space || c == Byte.dash || c == Byte.lparen || c == Byte.rparen || c == Byte.tab {
                        if c == Byte.lparen { paren = true }
                        k += 1
                    } else if c == 0xC2, k + 1 < n, buf[k + 1] == 0xA0 {
                        k += 2
                    } else if c == 0xE2, k + 2 < n, buf[k + 1] == 0x80, buf[k + 2] == 0x93 || buf[k + 2] == 0x91 {
                        k += 3 // en dash, non-breaking hyphen
                    } else {
                        break
                    }
                    seps += 1
                }
                if seps > 0, seps < 4, k < n, isDigit(buf[k]) { j = k } else { break }
            }
            let chainEnd = groups[groups.count - 1].end
            let plus = groupHasPlus(buf, groups[0].start)
            let blockedBefore = blockedPrefix(buf, plus ? groups[0].start - 1 : groups[0].start)
            let blockedAfter = chainEnd < n && (isASCIILetter(buf[chainEnd]) || buf[chainEnd] == Byte.underscore)

            if !blockedAfter {
                var s = blockedBefore ? 1 : 0
                while s < groups.count {
                    var best: (e: Int, value: String)?
                    var digits: [UInt8] = []
                    for e in s..<groups.count {
                        for p in groups[e].start..<groups[e].end { digits.append(buf[p] &- 0x30) }
                        if digits.count > 15 { break }
                        if let v = candidate(digits, groups[s...e], plus: plus && s == 0) { best = (e, v) }
                    }
                    if let b = best {
                        if !found.contains(b.value) { found.append(b.value) }
                        s = b.e + 1
                    } else {
                        s += 1
                    }
                }
            }
            i = chainEnd
        }
        return found
    }

    static func candidate(_ d: [UInt8], _ g: ArraySlice<Group>, plus: Bool) -> String? {
        let first = g[g.startIndex]
        let firstLen = first.end - first.start
        switch d.count {
        case 11 where d[0] == 7 || (d[0] == 8 && !plus):
            // 8 / +7 / 7 as its own group, 8912-…, or one unbroken run.
            guard d[1] >= 3, firstLen == 1 || firstLen == 4 || firstLen == 11 else { return nil }
            return "+7" + digitString(d[1...])
        case 10 where !plus:
            // Ten digits count only when written like a phone: "(912) 345-67-89", "912 345 67 89".
            guard g.count >= 2, firstLen == 3 || first.parenBefore, d[0] >= 3, d[0] != 5, d[0] != 6, d[0] != 7,
                  g.allSatisfy({ $0.end - $0.start >= 2 }) else { return nil }
            return "+7" + digitString(d[...])
        case 11...15 where plus && d[0] != 7:
            return "+" + digitString(d[...])
        default:
            return nil
        }
    }

    static func groupHasPlus(_ buf: UnsafeBufferPointer<UInt8>, _ start: Int) -> Bool {
        var k = start - 1
        if k >= 0, buf[k] == Byte.lparen { k -= 1 }
        return k >= 0 && buf[k] == Byte.plus
    }

    /// Numbers glued to letters, or after "№" / "#", are identifiers, not phones.
    static func blockedPrefix(_ buf: UnsafeBufferPointer<UInt8>, _ start: Int) -> Bool {
        var k = start - 1
        guard k >= 0 else { return false }
        if isASCIILetter(buf[k]) || buf[k] == Byte.underscore || buf[k] == Byte.slash { return true }
        // "3.89123456789" or an IP continues a number; "тел.89123456789" does not.
        if buf[k] == Byte.dot { return k > 0 && isDigit(buf[k - 1]) }
        while k >= 0, buf[k] == Byte.space { k -= 1 }
        guard k >= 0 else { return false }
        if buf[k] == Byte.hash { return true }
        return k >= 2 && buf[k - 2] == 0xE2 && buf[k - 1] == 0x84 && buf[k] == 0x96 // №
    }
}
