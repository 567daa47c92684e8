/// Turns HTML into readable plain text in one pass over the UTF-8 bytes.
public enum HTMLText {
    /// Strips tags (dropping script/style/head), turns block ends into line breaks, table cells into tabs, decodes entities.
    public static func text(fromHTML html: String) -> String {
        html.withUTF8Buffer { convert($0) }
    }

    static func convert(_ buf: UnsafeBufferPointer<UInt8>) -> String {
        var w = Writer()
        w.out.reserveCapacity(buf.count / 2)
        let n = buf.count
        var i = 0
        var cellInRow = 0
        while i < n {
            let b = buf[i]
            if b == Byte.lt {
                i = tag(buf, i, &w, &cellInRow)
                continue
            }
            if b == Byte.amp {
                i = entity(buf, i, &w)
                continue
            }
            if isSpaceOrNewline(b) || b == 0x0C {
                w.space()
                i += 1
                continue
            }
            if b == 0xC2, i + 1 < n, buf[i + 1] == 0xA0 { // U+00A0
                w.space()
                i += 2
                continue
            }
            w.emit(b)
            i += 1
        }
        return String(decoding: w.out, as: UTF8.self)
    }

    struct Writer {
        var out: [UInt8] = []
        var newlines = 0
        var pendingSpace = false
        var pendingTab = false

        @inline(__always) mutating func flushPending() {
            if !out.isEmpty {
                if newlines > 0 {
                    out.append(Byte.lf)
                    if newlines > 1 { out.append(Byte.lf) }
                } else if pendingTab {
                    out.append(Byte.tab)
                } else if pendingSpace {
                    out.append(Byte.space)
                }
            }
            newlines = 0
            pendingSpace = false
            pendingTab = false
        }
        @inline(__always) mutating func emit(_ b: UInt8) {
            if newlines > 0 || pendingSpace || pendingTab { flushPending() }
            out.append(b)
        }
        mutating func emit(scalar: UInt32) {
            if newlines > 0 || pendingSpace || pendingTab { flushPending() }
            appendUTF8(scalar, to: &out)
        }
        @inline(__always) mutating func space() { pendingSpace = true }
        mutating func lineBreak() { newlines += 1 }
        mutating func block(_ k: Int) { newlines = max(newlines, k) }
    }

    /// Handles the markup starting at `<`; returns the index after it.
    static func tag(_ buf: UnsafeBufferPointer<UInt8>, _ start: Int, _ w: inout Writer, _ cellInRow: inout Int) -> Int {
        let n = buf.count
        var i = start + 1
        guard i < n else { w.emit(Byte.lt); return n }
        if buf[i] == UInt8(ascii: "!") {
            if i + 2 < n, buf[i + 1] == Byte.dash, buf[i + 2] == Byte.dash {
                return find(buf, Array("-->".utf8), from: i + 3).map { $0 + 3 } ?? n
            }
            return (buf.index(of: Byte.gt, from: i, to: n) ?? (n - 1)) + 1
        }
        if buf[i] == Byte.question { return (buf.index(of: Byte.gt, from: i, to: n) ?? (n - 1)) + 1 }
        var closing = false
        if buf[i] == Byte.slash { closing = true; i += 1 }
        let nameStart = i
        while i < n, isASCIILetter(buf[i]) || isDigit(buf[i]) { i += 1 }
        if i == nameStart {
            // "a < b" in text: not a tag.
            w.emit(Byte.lt)
            return start + 1
        }
        let name = UnsafeBufferPointer(rebasing: buf[nameStart..<i]).asciiLowercasedString()
        // Attribute values may contain '>', so honour quotes while looking for the end.
        var quote: UInt8 = 0
        while i < n {
            let c = buf[i]
            if quote != 0 { if c == quote { quote = 0 } } else if c == Byte.quote || c == Byte.apostrophe { quote = c } else if c == Byte.gt { break }
            i += 1
        }
        let after = min(i + 1, n)
        switch name {
        case "script", "style", "head", "title", "template", "noscript":
            if !closing { return skipElement(buf, name, from: after) }
        case "br":
            w.lineBreak()
        case "p", "h1", "h2", "h3", "h4", "h5", "h6", "table", "blockquote", "pre", "hr":
            w.block(name == "p" || closing || name == "hr" ? 2 : 1)
        case "div", "li", "ul", "ol", "dt", "dd", "section", "article", "header", "footer", "center", "form", "address", "caption", "tbody", "thead", "body":
            w.block(1)
        case "tr":
            w.block(1)
            cellInRow = 0
        case "td", "th":
            if !closing {
                if cellInRow > 0 { w.pendingTab = true }
                cellInRow += 1
            }
        default:
            break
        }
        return after
    }

    static func skipElement(_ buf: UnsafeBufferPointer<UInt8>, _ name: String, from: Int) -> Int {
        let needle = Array(("</" + name).utf8)
        var i = from
        let n = buf.count
        while let lt = buf.index(of: Byte.lt, from: i, to: n) {
            if buf.matchesLowercase(needle, at: lt, end: n) {
                return (buf.index(of: Byte.gt, from: lt, to: n) ?? (n - 1)) + 1
            }
            i = lt + 1
        }
        return n
    }

    static func find(_ buf: UnsafeBufferPointer<UInt8>, _ needle: [UInt8], from: Int) -> Int? {
        var i = from
        let n = buf.count
        while let p = buf.index(of: needle[0], from: i, to: n) {
            if buf.matchesLowercase(needle, at: p, end: n) { return p }
            i = p + 1
        }
        return nil
    }

    static func entity(_ buf: UnsafeBufferPointer<UInt8>, _ start: Int, _ w: inout Writer) -> Int {
        let n = buf.count
        var i = start + 1
        let limit = min(n, start + 12)
        if i < limit, buf[i] == Byte.hash {
            i += 1
            var hex = false
            if i < limit, asciiLower(buf[i]) == UInt8(ascii: "x") { hex = true; i += 1 }
            var v: UInt32 = 0
            let digitsStart = i
            while i < limit {
                let c = buf[i]
                if hex, let h = hexValue(c) { v = v &* 16 &+ UInt32(h) } else if !hex, isDigit(c) { v = v &* 10 &+ UInt32(c &- 0x30) } else { break }
                i += 1
            }
            guard i > digitsStart else { w.emit(Byte.amp); return start + 1 }
            if i < n, buf[i] == Byte.semicolon { i += 1 }
            if v == 0xA0 { w.space() } else if v == 0xAD || v == 0x200B || v == 0x200C || v == 0x200D || v == 0xFEFF {
                // soft hyphen and zero-width characters carry no text
            } else if v == 9 || v == 10 || v == 13 || v == 32 { w.space() } else { w.emit(scalar: v) }
            return i
        }
        let nameStart = i
        while i < limit, isASCIILetter(buf[i]) || isDigit(buf[i]) { i += 1 }
        guard i > nameStart, i < n, buf[i] == Byte.semicolon,
              let v = named[String(decoding: UnsafeBufferPointer(rebasing: buf[nameStart..<i]), as: UTF8.self)]
        else {
            w.emit(Byte.amp)
            return start + 1
        }
        if v == 0xA0 { w.space() } else if v != 0xAD { w.emit(scalar: v) }
        return i + 1
    }

    static let named: [String: UInt32] = [
        "nbsp": 0xA0, "amp": 0x26, "lt": 0x3C, "gt": 0x3E, "quot": 0x22, "apos": 0x27,
        "laquo": 0xAB, "raquo": 0xBB, "mdash": 0x2014, "ndash": 0x2013, "hellip": 0x2026,
        "copy": 0xA9, "reg": 0xAE, "trade": 0x2122, "bull": 0x2022, "middot": 0xB7,
        "lsquo": 0x2018, "rsquo": 0x2019, "sbquo": 0x201A, "ldquo": 0x201C, "rdquo": 0x201D, "bdquo": 0x201E,
        "euro": 0x20AC, "times": 0xD7, "divide": 0xF7, "deg": 0xB0, "plusmn": 0xB1, "sect": 0xA7,
        "para": 0xB6, "shy": 0xAD, "numero": 0x2116, "thinsp": 0x2009, "ensp": 0x2002, "emsp": 0x2003,
        "minus": 0x2212, "larr": 0x2190, "rarr": 0x2192, "uarr": 0x2191, "darr": 0x2193,
        "cent": 0xA2, "pound": 0xA3, "yen": 0xA5, "iexcl": 0xA1, "iquest": 0xBF,
        "AMP": 0x26, "LT": 0x3C, "GT": 0x3E, "QUOT": 0x22, "NBSP": 0xA0,
    ]
}
