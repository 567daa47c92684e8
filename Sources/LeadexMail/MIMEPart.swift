/// One entity of the MIME tree: the message itself, a body part, or a nested message.
public struct MIMEPart: Sendable {
    /// What the part holds.
    public enum Body: Sendable {
        /// Still transfer-encoded content bytes.
        case leaf(ArraySlice<UInt8>)
        /// The body parts of a multipart.
        case multipart([MIMEPart])
        /// A message/rfc822 part, parsed.
        indirect case message(MIMEMessage)
    }

    /// IMAP-style section number: "" for the message itself, "1", "2.1", …
    public let path: String
    /// The part's own header fields.
    public let headers: MIMEHeaders
    /// The Content-Type (defaulted when missing).
    public let contentType: ContentType
    /// The Content-Transfer-Encoding.
    public let transferEncoding: TransferEncoding
    /// The Content-Disposition, when present.
    public let disposition: ContentDisposition?
    /// The content.
    public let body: Body

    /// Filename from Content-Disposition (RFC 2231 aware) or the Content-Type name parameter.
    public var filename: String? {
        if let f = disposition?.filename, !f.isEmpty { return f }
        if let n = contentType.name, !n.isEmpty { return n }
        return nil
    }

    /// The Content-ID without angle brackets.
    public var contentID: String? {
        headers.field("content-id").map { MessageIDs.parse($0.rawValue).first ?? $0.value }
    }

    /// The children of a multipart (empty otherwise).
    public var children: [MIMEPart] {
        if case .multipart(let c) = body { return c }
        return []
    }

    /// True for parts a mail client would show as an attachment rather than as body text.
    public var isAttachment: Bool {
        if disposition?.isAttachment == true || filename != nil { return true }
        switch body {
        case .multipart: return false
        case .message: return true
        case .leaf: return !(contentType.type == "text" && (contentType.subtype == "plain" || contentType.subtype == "html"))
        }
    }

    /// The transfer-decoded bytes of a leaf (the raw bytes of a nested message, nothing for a multipart).
    public func decodedContent() -> [UInt8] {
        switch body {
        case .leaf(let content): TransferDecoding.decode(content, transferEncoding).bytes
        case .message(let m): Array(m.rawBytes)
        case .multipart: []
        }
    }

    /// The decoded text of a text leaf in its declared charset (guessed when needed); HTML is returned as is.
    public func decodedText() -> DecodedText? {
        guard case .leaf = body, contentType.type == "text" else { return nil }
        let bytes = decodedContent()
        return bytes.withUnsafeBufferPointer { Charset.decode($0, declared: contentType.charset.map(Charset.init(label:))) }
    }
}

/// An attachment as recorded for a lead: its content stays out of the text.
public struct MIMEAttachment: Sendable {
    /// Decoded filename, when the sender gave one.
    public var filename: String?
    /// Lowercased "type/subtype".
    public var contentType: String
    /// Size after transfer decoding, in bytes.
    public var size: Int
    /// Section number of the part.
    public var partPath: String
    /// Content-ID (for inline images), without angle brackets.
    public var contentID: String?
    /// True when Content-Disposition says inline.
    public var isInline: Bool
    /// The still-encoded content.
    public var encodedContent: ArraySlice<UInt8>
    /// How `encodedContent` is encoded.
    public var transferEncoding: TransferEncoding

    /// The decoded content.
    public func decodedContent() -> [UInt8] {
        TransferDecoding.decode(encodedContent, transferEncoding).bytes
    }
}

/// Content-Transfer-Encoding decoding shared by text and attachments.
enum TransferDecoding {
    /// `problems` counts invalid base64 bytes or bad quoted-printable escapes.
    static func decode(_ content: ArraySlice<UInt8>, _ te: TransferEncoding) -> (bytes: [UInt8], problems: Int) {
        content.withUnsafeBufferPointer { decode($0, te) }
    }

    static func decode(_ buf: UnsafeBufferPointer<UInt8>, _ te: TransferEncoding) -> (bytes: [UInt8], problems: Int) {
        switch te {
        case .base64:
            let r = Base64Decoder.decode(buf)
            return (r.bytes, r.garbage)
        case .quotedPrintable:
            let r = QuotedPrintable.decode(buf)
            return (r.bytes, r.badEscapes)
        default:
            return (Array(buf), 0)
        }
    }

    /// Decoded size without materialising the bytes where possible.
    static func decodedSize(_ content: ArraySlice<UInt8>, _ te: TransferEncoding) -> (size: Int, problems: Int) {
        switch te {
        case .base64:
            let r = content.withUnsafeBufferPointer { Base64Decoder.decodedLength($0) }
            return (r.length, r.garbage)
        case .quotedPrintable:
            let r = decode(content, te)
            return (r.bytes.count, r.problems)
        default:
            return (content.count, 0)
        }
    }
}
