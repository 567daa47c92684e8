internal import Hummingbird
internal import LeadexMail
internal import NIOCore

/// A `multipart/form-data` body (RFC 7578): the form's text fields and its files, read by the
/// MIME parser intake uses for mail (a form-data body is a MIME multipart entity).
struct MultipartForm: Sendable {
    struct File: Sendable {
        /// The name the browser gave, as sent (shown, never used as a path).
        var filename: String
        var bytes: [UInt8]
    }

    /// The largest upload the workspace reads (the client spreadsheet): larger files go through
    /// `leadexctl import`, which takes up to ``Wire/maxBodyBytes``.
    static let maxBytes = 16 << 20

    var fields: [String: String] = [:]
    var files: [String: File] = [:]

    /// Whether `request` carries form-data.
    static func isMultipart(_ request: Request) -> Bool {
        request.headers[.contentType]?.lowercased().hasPrefix("multipart/form-data") ?? false
    }

    /// The parts of `body`; `nil` when it is not form-data with a boundary.
    init?(contentType: String, body: ByteBuffer) {
        // The request's Content-Type as a MIME header, then the body: one entity the parser reads.
        var entity = Array("Content-Type: \(contentType)\r\n\r\n".utf8)
        entity.append(contentsOf: body.readableBytesView)
        let root = MIMEMessage.parse(entity).root
        guard root.contentType.isMultipart, root.contentType.boundary != nil else { return nil }
        for part in root.children {
            guard let disposition = part.disposition, disposition.type == "form-data", let name = disposition.parameters["name"] else { continue }
            let content = part.decodedContent()
            if let filename = disposition.filename {
                files[name] = File(filename: filename, bytes: content)
            } else {
                fields[name] = String(decoding: content, as: UTF8.self)
            }
        }
    }
}
