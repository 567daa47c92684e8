/// One fetched message, byte for byte as stored on the server.
public struct IMAPMessage: Sendable {
    public var uid: Int64
    /// The whole message, or its first `maxMessageBytes` when `truncated`.
    public var bytes: [UInt8]
    /// The message was larger than `MailServerSettings.maxMessageBytes`: `bytes` holds its header.
    public var truncated: Bool
    /// The full size the server reported (RFC822.SIZE).
    public var size: Int

    public init(uid: Int64, bytes: [UInt8], truncated: Bool, size: Int) {
        self.uid = uid
        self.bytes = bytes
        self.truncated = truncated
        self.size = size
    }
}
