internal import Foundation
internal import LeadexCurl

/// POP3 through curl's own requests on one reused connection: UIDL and LIST to list, RETR by
/// number, DELE with NOBODY (without it curl waits for a multi-line answer that never comes).
///
/// POP3 deletes only when the session ends with QUIT: until then every `delete` can still be lost
/// (a dropped connection rolls them back). `commit()` sends QUIT and reports whether the server
/// agreed. Releasing the client without it also commits, silently: curl's cleanup sends QUIT.
/// Message numbers are valid only on the connection that listed them, so when curl silently
/// reconnects, the call throws instead of reading or deleting by stale numbers.
///
/// Every call blocks: run it off the async executors. Not thread-safe: one owner at a time.
public final class POP3Client {
    private var curl: CurlEasy?
    private let settings: MailServerSettings

    /// Connects and logs in (with a NOOP). Errors are classified like `IMAPSession.init`.
    public init(settings: MailServerSettings) throws(IntakeError) {
        self.settings = settings
        curl = try settings.makeCurlHandle()
        _ = try perform(command: "NOOP", noBody: true, step: "POP3 login", firstOnConnection: true)
    }

    /// Every message: number, UIDL and size.
    public func list() throws(IntakeError) -> [POP3Listing] {
        let uidl = try perform(command: "UIDL", step: "POP3 UIDL")
        let list = try perform(command: nil, step: "POP3 LIST")
        return try POP3Listing.parse(uidl: uidl, list: list)
    }

    /// The whole message (RETR), byte for byte as stored: curl removes the dot-stuffing. Of a
    /// message larger than `maxBytes` (LIST can be wrong) the first `maxBytes` are kept, `truncated` set.
    public func retrieve(_ number: Int, maxBytes: Int = .max) throws(IntakeError) -> (bytes: [UInt8], truncated: Bool) {
        try perform(path: "\(number)", command: nil, step: "POP3 RETR \(number)", keepingAtMost: maxBytes)
    }

    /// Only the header and the blank line after it (TOP n 0), for messages too large to fetch;
    /// of a header larger than `maxBytes` only the first `maxBytes` are kept.
    public func retrieveHeader(_ number: Int, maxBytes: Int = .max) throws(IntakeError) -> (bytes: [UInt8], truncated: Bool) {
        try perform(command: "TOP \(number) 0", step: "POP3 TOP \(number)", keepingAtMost: maxBytes)
    }

    /// Marks messages for deletion; they go only when `commit()` succeeds.
    public func delete(_ numbers: [Int]) throws(IntakeError) {
        for number in numbers {
            _ = try perform(path: "\(number)", command: "DELE", noBody: true, step: "POP3 DELE \(number)")
        }
    }

    /// Sends QUIT, which makes the server carry out the deletions, and closes the connection. The
    /// client is unusable afterwards. Throws when the server refuses (the deletions did not happen).
    public func commit() throws(IntakeError) {
        defer { close() }
        _ = try perform(command: "QUIT", noBody: true, step: "POP3 QUIT")
    }

    private func close() {
        // curl_easy_cleanup runs in CurlEasy's deinit. After our QUIT the server has closed its
        // side, and the QUIT curl sends on cleanup fails quietly.
        curl = nil
    }

    private func perform(
        path: String = "", command: String?, noBody: Bool = false, step: String, firstOnConnection: Bool = false
    ) throws(IntakeError) -> [UInt8] {
        try perform(path: path, command: command, noBody: noBody, step: step, firstOnConnection: firstOnConnection,
                    keepingAtMost: .max).bytes
    }

    private func perform(
        path: String = "", command: String?, noBody: Bool = false, step: String, firstOnConnection: Bool = false,
        keepingAtMost limit: Int
    ) throws(IntakeError) -> (bytes: [UInt8], truncated: Bool) {
        guard let curl else { throw IntakeError(.protocolError, "\(step): the POP3 session is closed") }
        let reconnected: Bool
        let body: (body: Data, truncated: Bool)
        do {
            try curl.setCustomRequest(command)
            try curl.setNoBody(noBody)
            body = try curl.perform(url: settings.serverURL + path, keepingAtMost: limit)
            reconnected = try curl.newConnectionCount() > 0
        } catch {
            throw IntakeError(error, doing: step, password: settings.password)
        }
        if reconnected && !firstOnConnection {
            self.curl = nil
            throw IntakeError(.unreachable, "\(step): the POP3 connection was lost and reopened; earlier deletions are void")
        }
        return ([UInt8](body.body), body.truncated)
    }
}
