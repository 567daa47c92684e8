import Glibc

/// The recursive walk that builds the MIME tree, then picks the text and lists attachments.
struct MIMEParser {
    let source: [UInt8]
    let buf: UnsafeBufferPointer<UInt8>
    let limits: MIMELimits
    var warnings: [MIMEWarning] = []
    var partCount = 0
    var partLimitWarned = false
    /// Decoded text bytes still allowed for this message: the limit is on all its text parts
    /// together, else a mail of many text parts would cost many times the limit.
    lazy var textBytesLeft = limits.maxTextBytes

    static func parseMessage(_ bytes: [UInt8], limits: MIMELimits) -> MIMEMessage {
        var source = bytes
        var pre: [MIMEWarning] = []
        if usesBareCR(source) {
            // Rewriting CR-only mail once lets every scanner split lines on LF alone.
            for i in source.indices where source[i] == Byte.cr { source[i] = Byte.lf }
            pre.append(.bareCRLineEndings)
        }
        let frozen = source
        return frozen.withUnsafeBufferPointer { buf in
            var p = MIMEParser(source: frozen, buf: buf, limits: limits)
            p.warnings = pre
            let all = 0..<buf.count
            let root = p.parseEntity(all, depth: 0, path: "", defaultType: .textPlain)
            return p.makeMessage(root: root, raw: frozen[all], top: true)
        }
    }

    static func usesBareCR(_ bytes: [UInt8]) -> Bool {
        bytes.withUnsafeBufferPointer { b in
            b.index(of: Byte.lf, from: 0, to: b.count) == nil && b.index(of: Byte.cr, from: 0, to: b.count) != nil
        }
    }

    @inline(__always) static func childPath(_ path: String, _ k: Int) -> String {
        path.isEmpty ? String(k) : path + "." + String(k)
    }

    mutating func parseEntity(_ range: Range<Int>, depth: Int, path: String, defaultType: ContentType) -> MIMEPart {
        partCount += 1
        let h = HeaderParser.parse(source: source, buf: buf, range: range, limits: limits, path: path, warnings: &warnings)
        let headers = h.headers
        let ct = headers.field("content-type").map { ContentType(parsing: $0.rawValue) } ?? defaultType
        let te = TransferEncoding(parsing: headers.field("content-transfer-encoding")?.rawValue)
        let disp = headers.field("content-disposition").map { ContentDisposition(parsing: $0.rawValue) }
        let bodyRange = min(h.bodyStart, range.upperBound)..<range.upperBound

        func leaf(_ type: ContentType = ct) -> MIMEPart {
            MIMEPart(path: path, headers: headers, contentType: type, transferEncoding: te, disposition: disp, body: .leaf(source[bodyRange]))
        }

        if ct.isMultipart {
            if depth >= limits.maxDepth {
                warnings.append(.nestingTooDeep(partPath: path, limit: limits.maxDepth))
                return leaf()
            }
            let remaining = max(1, limits.maxParts - partCount)
            var boundary = ct.boundary.map { Array($0.utf8) } ?? []
            if boundary.isEmpty { warnings.append(.missingBoundaryParameter(partPath: path)) }
            var split = MultipartSplitter.split(buf, bodyRange, boundary: boundary, maxParts: remaining)
            if !split.found, let guessed = MultipartSplitter.guessBoundary(buf, bodyRange), guessed != boundary {
                boundary = guessed
                split = MultipartSplitter.split(buf, bodyRange, boundary: guessed, maxParts: remaining)
                warnings.append(.boundaryGuessed(partPath: path, boundary: String(decoding: guessed, as: UTF8.self)))
            }
            guard split.found else {
                if !boundary.isEmpty {
                    warnings.append(.boundaryNotFound(partPath: path, boundary: String(decoding: boundary, as: UTF8.self)))
                }
                // Show the body as text rather than lose it.
                return leaf(ContentType(type: "text", subtype: "plain", parameters: ct.parameters))
            }
            if !split.closed && !split.limitHit {
                warnings.append(.missingClosingBoundary(partPath: path, boundary: String(decoding: boundary, as: UTF8.self)))
            }
            let childDefault: ContentType = ct.subtype == "digest" ? .messageRFC822 : .textPlain
            var children: [MIMEPart] = []
            children.reserveCapacity(split.parts.count)
            for (k, r) in split.parts.enumerated() {
                if partCount >= limits.maxParts { break }
                children.append(parseEntity(r, depth: depth + 1, path: MIMEParser.childPath(path, k + 1), defaultType: childDefault))
            }
            if (split.limitHit || children.count < split.parts.count), !partLimitWarned {
                partLimitWarned = true
                warnings.append(.tooManyParts(limit: limits.maxParts))
            }
            return MIMEPart(path: path, headers: headers, contentType: ct, transferEncoding: te, disposition: disp, body: .multipart(children))
        }

        if ct.type == "message", ct.subtype == "rfc822" || ct.subtype == "global" {
            if depth >= limits.maxDepth {
                warnings.append(.nestingTooDeep(partPath: path, limit: limits.maxDepth))
                return leaf()
            }
            let nested: MIMEMessage
            switch te {
            case .base64, .quotedPrintable:
                // Illegal for message/rfc822 but sent anyway: decode, then parse the result on its own buffer.
                let decoded = TransferDecoding.decode(source[bodyRange], te).bytes
                var sub = MIMEMessage.parse(decoded, limits: limits.reduced(depth: depth + 1, parts: partCount))
                partCount += sub.root.partCount
                warnings.append(contentsOf: sub.warnings)
                sub = sub.withoutWarnings()
                nested = sub
            default:
                let nestedRoot = parseEntity(bodyRange, depth: depth + 1, path: path.isEmpty ? "1" : path, defaultType: .textPlain)
                nested = makeMessage(root: nestedRoot, raw: source[bodyRange], top: false)
            }
            return MIMEPart(path: path, headers: headers, contentType: ct, transferEncoding: te, disposition: disp, body: .message(nested))
        }
        return leaf()
    }

    // MARK: text and attachments

    struct Piece {
        var text: String
        var html: Bool
    }

    mutating func makeMessage(root: MIMEPart, raw: ArraySlice<UInt8>, top: Bool) -> MIMEMessage {
        var fallback = false
        let pieces = texts(root, &fallback)
        var text = ""
        var source = TextSource.none
        for p in pieces {
            let t = p.text.trimmedWhitespace
            if t.isEmpty { continue }
            if !text.isEmpty { text += "\n\n" }
            text += t
            if source == .none { source = p.html ? .html : .plain }
        }
        if text.isEmpty, let nested = firstNestedMessage(root) {
            // A mail that only forwards another one as an attachment: its text is what matters.
            text = nested.textBody
            source = nested.textSource
            fallback = fallback || nested.charsetFallback
        }
        var attachments: [MIMEAttachment] = []
        collectAttachments(root, &attachments)
        // Form fields, replies and phones are read from this text: it is cleaned of control characters once, here.
        text = ReadableText.text(text)
        return MIMEMessage(rawBytes: raw, root: root, textBody: text, textSource: source,
                           attachments: attachments, warnings: top ? warnings : [], charsetFallback: fallback)
    }

    func firstNestedMessage(_ part: MIMEPart) -> MIMEMessage? {
        switch part.body {
        case .message(let m): return m
        case .multipart(let children):
            for c in children { if let m = firstNestedMessage(c) { return m } }
            return nil
        case .leaf: return nil
        }
    }

    mutating func texts(_ part: MIMEPart, _ fallback: inout Bool) -> [Piece] {
        switch part.body {
        case .message:
            return []
        case .multipart(let children):
            switch part.contentType.subtype {
            case "alternative":
                for child in children where containsPlain(child) {
                    let t = texts(child, &fallback)
                    if t.contains(where: { !$0.html && !$0.text.isEmpty }) { return t }
                }
                for child in children.reversed() {
                    let t = texts(child, &fallback)
                    if t.contains(where: { !$0.text.isEmpty }) { return t }
                }
                return []
            case "related":
                let start = part.contentType.parameters["start"].flatMap { MessageIDs.parse(Array($0.utf8)).first }
                let root = children.first { start != nil && $0.contentID == start } ?? children.first
                return root.map { texts($0, &fallback) } ?? []
            case "report":
                return children.first.map { texts($0, &fallback) } ?? []
            default:
                var all: [Piece] = []
                for c in children where !(c.disposition?.isAttachment == true || c.filename != nil) {
                    all.append(contentsOf: texts(c, &fallback))
                }
                return all
            }
        case .leaf(let content):
            let ct = part.contentType
            guard ct.type == "text", ct.subtype == "plain" || ct.subtype == "html" else { return [] }
            if part.path != "", part.disposition?.isAttachment == true || part.filename != nil { return [] }
            let html = ct.subtype == "html"
            let d = decodeText(part, content, html: html)
            if d.isFallback { fallback = true }
            let text = html ? d.text.withUTF8Buffer { HTMLText.convert($0) } : d.text
            return [Piece(text: text, html: html)]
        }
    }

    func containsPlain(_ part: MIMEPart) -> Bool {
        switch part.body {
        case .leaf: return part.contentType.type == "text" && part.contentType.subtype == "plain"
        case .multipart(let c): return c.contains { containsPlain($0) }
        case .message: return false
        }
    }

    mutating func decodeText(_ part: MIMEPart, _ content: ArraySlice<UInt8>, html: Bool) -> DecodedText {
        let path = part.path
        let limit = max(0, min(limits.maxTextBytes, textBytesLeft))
        var bytes: [UInt8] = content.withUnsafeBufferPointer { cbuf in
            var input = cbuf
            if part.transferEncoding == .base64, cbuf.count > limit / 3 * 4 + 8 {
                input = UnsafeBufferPointer(rebasing: cbuf[0..<(limit / 3 * 4 + 8)])
            }
            switch part.transferEncoding {
            case .base64:
                let r = Base64Decoder.decode(input)
                if r.garbage > 0 { warnings.append(.invalidBase64(partPath: path, invalidBytes: r.garbage)) }
                return r.bytes
            case .quotedPrintable:
                let r = QuotedPrintable.decode(input)
                if r.badEscapes > 0 { warnings.append(.invalidQuotedPrintable(partPath: path, badEscapes: r.badEscapes)) }
                return r.bytes
            case .other(let name):
                warnings.append(.unknownTransferEncoding(partPath: path, encoding: name))
                return Array(input)
            default:
                return Array(input)
            }
        }
        if bytes.count > limit {
            bytes.removeSubrange(limit...)
            warnings.append(.textTruncated(partPath: path, limit: limits.maxTextBytes))
        }
        textBytesLeft -= bytes.count
        if !html { bytes = MIMEParser.plainLines(bytes, flowed: part.contentType.parameters["format"]?.lowercased() == "flowed",
                                                  delsp: part.contentType.parameters["delsp"]?.lowercased() == "yes") }
        let declared = part.contentType.charset
        let d = bytes.withUnsafeBufferPointer { Charset.decode($0, declared: declared.map(Charset.init(label:))) }
        if d.isFallback {
            warnings.append(.charsetFallback(partPath: path, declared: declared, used: d.charset.description))
        }
        return d
    }

    /// CRLF and lone CR become LF; format=flowed lines are rejoined (RFC 3676).
    static func plainLines(_ bytes: [UInt8], flowed: Bool, delsp: Bool) -> [UInt8] {
        guard flowed || bytes.withUnsafeBufferPointer({ $0.index(of: Byte.cr, from: 0, to: $0.count) != nil }) else { return bytes }
        var out = [UInt8]()
        out.reserveCapacity(bytes.count)
        var i = 0
        let n = bytes.count
        var lineStart = 0
        while i < n {
            let b = bytes[i]
            if b == Byte.cr || b == Byte.lf {
                if b == Byte.cr, i + 1 < n, bytes[i + 1] == Byte.lf { i += 1 }
                // A flowed line ends in a space (but "-- " is the signature separator).
                let lineLen = out.count - lineStart
                if flowed, lineLen > 0, out[out.count - 1] == Byte.space,
                   !(lineLen == 3 && out[lineStart] == Byte.dash && out[lineStart + 1] == Byte.dash) {
                    if delsp { out.removeLast() }
                } else {
                    out.append(Byte.lf)
                    lineStart = out.count
                }
                i += 1
                continue
            }
            out.append(b)
            i += 1
        }
        return out
    }

    mutating func collectAttachments(_ part: MIMEPart, _ out: inout [MIMEAttachment]) {
        switch part.body {
        case .multipart(let children):
            for c in children { collectAttachments(c, &out) }
        case .message(let m):
            let name = part.filename ?? m.subject.map { $0 + ".eml" }
            out.append(MIMEAttachment(filename: name, contentType: part.contentType.mimeType, size: m.rawBytes.count,
                                      partPath: part.path, contentID: part.contentID, isInline: part.disposition?.type == "inline",
                                      encodedContent: m.rawBytes, transferEncoding: .binary))
        case .leaf(let content):
            guard part.isAttachment, !part.contentType.isMultipart else { return }
            let s = TransferDecoding.decodedSize(content, part.transferEncoding)
            if s.problems > 0, part.transferEncoding == .base64 {
                warnings.append(.invalidBase64(partPath: part.path, invalidBytes: s.problems))
            }
            out.append(MIMEAttachment(filename: part.filename, contentType: part.contentType.mimeType, size: s.size,
                                      partPath: part.path, contentID: part.contentID, isInline: part.disposition?.type == "inline",
                                      encodedContent: content, transferEncoding: part.transferEncoding))
        }
    }
}

extension MIMELimits {
    /// Limits for a separately parsed nested message: what is left of depth and parts.
    func reduced(depth: Int, parts: Int) -> MIMELimits {
        var l = self
        l.maxDepth = max(0, maxDepth - depth)
        l.maxParts = max(1, maxParts - parts)
        return l
    }
}

extension MIMEPart {
    var partCount: Int {
        switch body {
        case .leaf, .message: 1
        case .multipart(let c): 1 + c.reduce(0) { $0 + $1.partCount }
        }
    }
}

extension MIMEMessage {
    func withoutWarnings() -> MIMEMessage {
        MIMEMessage(rawBytes: rawBytes, root: root, textBody: textBody, textSource: textSource,
                    attachments: attachments, warnings: [], charsetFallback: charsetFallback)
    }
}
