/// Something the parser had to repair or skip; `partPath` is the IMAP-style section ("" for the message itself).
public enum MIMEWarning: Sendable, Hashable, CustomStringConvertible {
    case headerLineWithoutColon(partPath: String, line: String)
    case missingHeaderBodySeparator(partPath: String)
    case headerBlockTooLarge(partPath: String, limit: Int)
    case bareCRLineEndings
    case missingBoundaryParameter(partPath: String)
    case boundaryNotFound(partPath: String, boundary: String)
    case boundaryGuessed(partPath: String, boundary: String)
    case missingClosingBoundary(partPath: String, boundary: String)
    case nestingTooDeep(partPath: String, limit: Int)
    case tooManyParts(limit: Int)
    case invalidBase64(partPath: String, invalidBytes: Int)
    case invalidQuotedPrintable(partPath: String, badEscapes: Int)
    case unknownTransferEncoding(partPath: String, encoding: String)
    case charsetFallback(partPath: String, declared: String?, used: String)
    case textTruncated(partPath: String, limit: Int)

    public var description: String {
        func p(_ path: String) -> String { path.isEmpty ? "message" : "part \(path)" }
        switch self {
        case .headerLineWithoutColon(let path, let line): return "\(p(path)): header line without colon skipped: \(line)"
        case .missingHeaderBodySeparator(let path): return "\(p(path)): no blank line after headers"
        case .headerBlockTooLarge(let path, let limit): return "\(p(path)): header block over \(limit) bytes, rest skipped"
        case .bareCRLineEndings: return "message uses CR-only line endings"
        case .missingBoundaryParameter(let path): return "\(p(path)): multipart without boundary"
        case .boundaryNotFound(let path, let b): return "\(p(path)): boundary \(b) not found, body kept as text"
        case .boundaryGuessed(let path, let b): return "\(p(path)): declared boundary not found, used \(b)"
        case .missingClosingBoundary(let path, let b): return "\(p(path)): closing boundary \(b) missing (truncated?)"
        case .nestingTooDeep(let path, let limit): return "\(p(path)): nesting deeper than \(limit), kept opaque"
        case .tooManyParts(let limit): return "more than \(limit) parts, rest skipped"
        case .invalidBase64(let path, let n): return "\(p(path)): \(n) invalid base64 bytes ignored"
        case .invalidQuotedPrintable(let path, let n): return "\(p(path)): \(n) bad quoted-printable escapes kept"
        case .unknownTransferEncoding(let path, let e): return "\(p(path)): unknown transfer encoding \(e), taken as is"
        case .charsetFallback(let path, let d, let u): return "\(p(path)): charset \(d ?? "(none)") unusable, decoded as \(u)"
        case .textTruncated(let path, let limit): return "\(p(path)): text cut at \(limit) bytes"
        }
    }
}
