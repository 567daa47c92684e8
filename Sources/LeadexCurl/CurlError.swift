internal import CCurl

/// A failed transfer: curl's code, its name, and the message from the handle's error buffer.
/// The message names the host and step, never credentials (curl does not print them).
public struct CurlError: Error, Sendable, Hashable, CustomStringConvertible {
    /// curl's CURLcode, for callers that decide on it (retry on a timeout, not on bad auth).
    public let code: Int
    public let message: String

    init(code: CURLcode, buffer: String) {
        self.code = Int(code.rawValue)
        let generic = String(cString: curl_easy_strerror(code))
        self.message = buffer.isEmpty ? generic : buffer
    }

    init(setup message: String) {
        code = -1
        self.message = message
    }

    /// An upload's `mayStartSending` said no: nothing of the body reached the server.
    static let refusedBeforeSending = CurlError(code: -2, message: "refused before sending the message")

    private init(code: Int, message: String) {
        self.code = code
        self.message = message
    }

    public var isRefusedBeforeSending: Bool { code == -2 }

    /// Failures that are worth retrying later: the server is down, slow or unreachable.
    public var isTransient: Bool {
        [
            CURLE_COULDNT_RESOLVE_HOST, CURLE_COULDNT_CONNECT, CURLE_OPERATION_TIMEDOUT, CURLE_SEND_ERROR,
            CURLE_RECV_ERROR, CURLE_GOT_NOTHING, CURLE_PARTIAL_FILE,
        ].map { Int($0.rawValue) }.contains(code)
    }

    public var description: String { "curl error \(code): \(message)" }
}
