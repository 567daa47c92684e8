/// Splits an RFC 5322 header block into fields and finds where the body starts.
struct HeaderParser {
    struct Result {
        var headers: MIMEHeaders
        var bodyStart: Int
    }

    static func parse(
        source: [UInt8], buf: UnsafeBufferPointer<UInt8>, range: Range<Int>,
        limits: MIMELimits, path: String, warnings: inout [MIMEWarning]
    ) -> Result {
        var fields: [MIMEHeaderField] = []
        var i = range.lowerBound
        let end = range.upperBound
        var open: (name: Range<Int>, value: Int, end: Int)?
        var skipping = false

        func close() {
            guard let f = open else { return }
            let name = String(decoding: UnsafeBufferPointer(rebasing: buf[f.name]), as: UTF8.self)
            fields.append(MIMEHeaderField(name: name, rawValue: source[f.value..<max(f.value, f.end)]))
            open = nil
        }

        while i < end {
            let lineEnd = buf.index(of: Byte.lf, from: i, to: end) ?? end
            var contentEnd = lineEnd
            if contentEnd > i, buf[contentEnd - 1] == Byte.cr { contentEnd -= 1 }
            let next = lineEnd < end ? lineEnd + 1 : end

            if contentEnd == i {
                close()
                return Result(headers: MIMEHeaders(fields: fields), bodyStart: next)
            }
            if !skipping, i - range.lowerBound > limits.maxHeaderBytes {
                close()
                skipping = true
                warnings.append(.headerBlockTooLarge(partPath: path, limit: limits.maxHeaderBytes))
            }
            if skipping { i = next; continue }

            if isWSP(buf[i]) {
                if open != nil { open!.end = contentEnd }
                i = next
                continue
            }
            close()
            if let colon = headerColon(buf, i, contentEnd) {
                var nameEnd = colon
                while nameEnd > i, isWSP(buf[nameEnd - 1]) { nameEnd -= 1 }
                var v = colon + 1
                while v < contentEnd, isWSP(buf[v]) { v += 1 }
                open = (i..<nameEnd, v, contentEnd)
                i = next
                continue
            }
            // mbox "From " separator line before the first field.
            if fields.isEmpty, buf.matchesLowercase(Array("from ".utf8), at: i, end: contentEnd) {
                i = next
                continue
            }
            // A stray line between fields is skipped; otherwise the body starts here without a blank line.
            if next < end, isHeaderLineOrFold(buf, next, end) {
                let text = String(decoding: UnsafeBufferPointer(rebasing: buf[i..<min(contentEnd, i + 80)]), as: UTF8.self)
                warnings.append(.headerLineWithoutColon(partPath: path, line: text))
                i = next
                continue
            }
            warnings.append(.missingHeaderBodySeparator(partPath: path))
            return Result(headers: MIMEHeaders(fields: fields), bodyStart: i)
        }
        close()
        return Result(headers: MIMEHeaders(fields: fields), bodyStart: end)
    }

    /// Index of the colon when the line starts with a field name (printable ASCII, optional spaces before ':').
    static func headerColon(_ buf: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> Int? {
        var j = start
        while j < end {
            let b = buf[j]
            if b == Byte.colon { break }
            if b <= 0x20 || b >= 0x7F { break }
            j += 1
        }
        guard j > start else { return nil }
        var k = j
        while k < end, isWSP(buf[k]) { k += 1 }
        return k < end && buf[k] == Byte.colon ? k : nil
    }

    static func isHeaderLineOrFold(_ buf: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> Bool {
        let lineEnd = buf.index(of: Byte.lf, from: start, to: end) ?? end
        guard lineEnd > start else { return false }
        if isWSP(buf[start]) { return true }
        return headerColon(buf, start, lineEnd) != nil
    }
}
