public import CCurl
public import Foundation
internal import Glibc

/// One curl easy handle. It is not thread-safe (libcurl's rule for easy handles), so it is a
/// non-Sendable class: one owner at a time, cleaned up in `deinit`.
public final class CurlEasy {
    let handle: UnsafeMutableRawPointer
    /// curl writes its detailed message here (CURLOPT_ERRORBUFFER must outlive the handle's use).
    let errorBuffer = UnsafeMutablePointer<CChar>.allocate(capacity: Int(CURL_ERROR_SIZE))
    private var body = Data()
    /// Bytes of the body kept by the running transfer; the rest is read and dropped.
    private var bodyLimit = Int.max
    /// The running transfer received more than `bodyLimit`.
    private var bodyCut = false
    /// The response's header lines as received, for ``responseHeader(_:)``.
    private var headerBytes = Data()
    /// Strings handed to curl: curl copies them since 7.17, but keeping them is harmless.
    private var keepAlive: [ContiguousArray<CChar>] = []
    /// Request headers (CURLOPT_HTTPHEADER): curl reads the list during the transfer, so it
    /// lives as long as the handle.
    private var headerList: UnsafeMutablePointer<curl_slist>?
    /// A multipart body (CURLOPT_MIMEPOST), freed only after the handle ("the mime structure
    /// must not be freed before the transfer ends", curl_mime_free(3)).
    private var mime: OpaquePointer?

    /// curl_global_init is not thread-safe and must run before any handle: once, lazily.
    private static let globalInit: Bool = curl_global_init(Int(CURL_GLOBAL_DEFAULT)) == CURLE_OK

    public init() throws(CurlError) {
        guard Self.globalInit, let handle = curl_easy_init() else {
            errorBuffer.deallocate()
            throw CurlError(setup: "curl_easy_init failed")
        }
        self.handle = handle
        errorBuffer[0] = 0
        try check(leadex_curl_setopt_pointer(handle, CURLOPT_ERRORBUFFER, errorBuffer))
        // Signals are for single-threaded programs; with them off, timeouts still work via the
        // threaded resolver.
        try set(CURLOPT_NOSIGNAL, 1)
        try set(CURLOPT_SSL_VERIFYPEER, 1)
        try set(CURLOPT_SSL_VERIFYHOST, 2)
        try set(CURLOPT_CONNECTTIMEOUT, 15)
        // A stalled server: under 1 byte/s for 60 s aborts the transfer.
        try set(CURLOPT_LOW_SPEED_LIMIT, 1)
        try set(CURLOPT_LOW_SPEED_TIME, 60)
    }

    /// Lists handed to curl (mail recipients): freed with the handle.
    var lists: [UnsafeMutablePointer<curl_slist>] = []
    /// What an upload reads from, and the protocol lines seen (see `CurlEasy+Upload.swift`).
    var upload = UploadState()

    deinit {
        curl_easy_cleanup(handle)
        for list in lists { curl_slist_free_all(list) }
        curl_slist_free_all(headerList)
        curl_mime_free(mime)
        errorBuffer.deallocate()
    }

    public func set(_ option: CURLoption, _ value: Int) throws(CurlError) {
        try check(leadex_curl_setopt_long(handle, option, value))
    }

    public func set(_ option: CURLoption, _ value: String?) throws(CurlError) {
        guard let value else { return try check(leadex_curl_setopt_string(handle, option, nil)) }
        let bytes = ContiguousArray(value.utf8CString)
        keepAlive.append(bytes)
        try bytes.withUnsafeBufferPointer { buffer throws(CurlError) in
            try check(leadex_curl_setopt_string(handle, option, buffer.baseAddress))
        }
    }

    /// Runs the transfer set up so far and returns the body received.
    public func perform(url: String) throws(CurlError) -> Data {
        try perform(url: url, keepingAtMost: .max).body
    }

    /// Runs the transfer and keeps at most `limit` bytes of its body, reading and dropping the
    /// rest: the transfer completes and the connection stays usable (aborting a POP3 RETR from
    /// the write callback would leave the session in an unknown state), while memory stays bounded.
    public func perform(url: String, keepingAtMost limit: Int) throws(CurlError) -> (body: Data, truncated: Bool) {
        try set(CURLOPT_URL, url)
        body = Data()
        bodyLimit = max(limit, 0)
        bodyCut = false
        defer { bodyLimit = .max }
        headerBytes = Data()
        let context = Unmanaged.passUnretained(self).toOpaque()
        try check(leadex_curl_setopt_pointer(handle, CURLOPT_WRITEDATA, context))
        try check(leadex_curl_setopt_pointer(handle, CURLOPT_HEADERDATA, context))
        try check(leadex_curl_setopt_data_callback(handle, CURLOPT_HEADERFUNCTION) { data, size, count, context in
            let easy = Unmanaged<CurlEasy>.fromOpaque(context!).takeUnretainedValue()
            easy.headerBytes.append(UnsafeRawPointer(data).assumingMemoryBound(to: UInt8.self), count: size * count)
            return size * count
        })
        try check(leadex_curl_setopt_data_callback(handle, CURLOPT_WRITEFUNCTION) { data, size, count, context in
            let easy = Unmanaged<CurlEasy>.fromOpaque(context!).takeUnretainedValue()
            let received = size * count
            let kept = min(received, easy.bodyLimit - easy.body.count)
            if kept < received { easy.bodyCut = true }
            if kept > 0 { easy.body.append(UnsafeRawPointer(data).assumingMemoryBound(to: UInt8.self), count: kept) }
            return received
        })
        errorBuffer[0] = 0
        try check(curl_easy_perform(handle))
        defer { body = Data() }
        return (body, bodyCut)
    }

    /// The value of the last response's header `name` (case-insensitive), from the final
    /// response when there were several (a redirect, a 100 Continue); `nil` when it was not sent.
    public func responseHeader(_ name: String) -> String? {
        let lines = String(decoding: headerBytes, as: UTF8.self).components(separatedBy: "\r\n")
        // Each response's headers start at its status line; only the last response counts.
        let last = lines.lastIndex { $0.hasPrefix("HTTP/") }.map { lines[$0...] } ?? lines[...]
        for line in last.reversed() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            if line[..<colon].caseInsensitiveCompare(name) == .orderedSame {
                return line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            }
        }
        return nil
    }

    /// Connects and stops there (CURLOPT_CONNECT_ONLY): for IMAP and POP3 that includes TLS or
    /// STARTTLS and the login. The caller then speaks the protocol with `send` and `receive`.
    public func connect(url: String) throws(CurlError) {
        try set(CURLOPT_CONNECT_ONLY, 1)
        try set(CURLOPT_URL, url)
        errorBuffer[0] = 0
        try check(curl_easy_perform(handle))
    }

    /// Sends what the connection takes now (curl_easy_send, after `connect`): the count sent, or
    /// `nil` when the socket would block (CURLE_AGAIN); wait with `waitForSocket(writable: true)`.
    public func send(_ bytes: UnsafeRawBufferPointer) throws(CurlError) -> Int? {
        var sent = 0
        errorBuffer[0] = 0
        let code = curl_easy_send(handle, bytes.baseAddress, bytes.count, &sent)
        if code == CURLE_AGAIN { return nil }
        try check(code)
        return sent
    }

    /// Reads what has arrived (curl_easy_recv, after `connect`): the count read, 0 when the peer
    /// closed the connection, or `nil` when nothing is ready (CURLE_AGAIN). curl_easy_recv never
    /// blocks. Call it before waiting: TLS may already hold decrypted bytes the socket no longer shows.
    public func receive(into buffer: UnsafeMutableRawBufferPointer) throws(CurlError) -> Int? {
        var received = 0
        errorBuffer[0] = 0
        let code = curl_easy_recv(handle, buffer.baseAddress, buffer.count, &received)
        if code == CURLE_AGAIN { return nil }
        try check(code)
        return received
    }

    /// Waits until the connection's socket is readable (or writable), at most `timeout`.
    /// Returns whether it is ready; a closed or failed socket counts as ready (`receive` tells).
    public func waitForSocket(writable: Bool = false, timeout: Duration) throws(CurlError) -> Bool {
        var socket: curl_socket_t = -1
        try check(leadex_curl_getinfo_socket(handle, CURLINFO_ACTIVESOCKET, &socket))
        guard socket >= 0 else { throw CurlError(setup: "the connection has no open socket") }
        let (seconds, attoseconds) = max(timeout, .zero).components
        let milliseconds = Int32(clamping: seconds * 1000 + attoseconds / 1_000_000_000_000_000)
        var descriptor = pollfd(fd: socket, events: Int16(writable ? POLLOUT : POLLIN), revents: 0)
        while true {
            let result = poll(&descriptor, 1, milliseconds)
            if result >= 0 { return result > 0 }
            // A signal interrupted the wait: waiting again for the full time is harmless here.
            guard errno == EINTR else { throw CurlError(setup: "poll failed: errno \(errno)") }
        }
    }

    /// Sets the login for the mail protocols (sent with SASL or LOGIN, never logged by curl).
    public func setCredentials(user: String, password: String) throws(CurlError) {
        try set(CURLOPT_USERNAME, user)
        try set(CURLOPT_PASSWORD, password)
    }

    /// Trusts the certificate authorities in `path` instead of the system store (`nil` = system).
    public func setCertificateAuthorities(file path: String?) throws(CurlError) {
        try set(CURLOPT_CAINFO, path)
    }

    /// Turns certificate and host name checks off or back on. Only for tests and trusted loopback.
    public func setVerifiesPeer(_ verify: Bool) throws(CurlError) {
        try set(CURLOPT_SSL_VERIFYPEER, verify ? 1 : 0)
        try set(CURLOPT_SSL_VERIFYHOST, verify ? 2 : 0)
    }

    /// How much TLS a plain-scheme URL (`imap://`, `pop3://`) must get through STARTTLS/STLS.
    public enum TLSUpgrade: Sendable {
        /// No STARTTLS at all.
        case none
        /// STARTTLS when the server offers it, plaintext otherwise (CURLUSESSL_TRY).
        case whenOffered
        /// STARTTLS or fail with CURLE_USE_SSL_FAILED (CURLUSESSL_ALL).
        case required
    }

    public func setTLSUpgrade(_ upgrade: TLSUpgrade) throws(CurlError) {
        let value = switch upgrade {
        case .none: CURLUSESSL_NONE
        case .whenOffered: CURLUSESSL_TRY
        case .required: CURLUSESSL_ALL
        }
        try set(CURLOPT_USE_SSL, Int(value.rawValue))
    }

    public func setConnectTimeout(_ timeout: Duration) throws(CurlError) {
        let (seconds, attoseconds) = timeout.components
        try set(CURLOPT_CONNECTTIMEOUT_MS, Int(seconds) * 1000 + Int(attoseconds / 1_000_000_000_000_000))
    }

    /// Sends `command` instead of the protocol's default request (CURLOPT_CUSTOMREQUEST); `nil` resets.
    public func setCustomRequest(_ command: String?) throws(CurlError) {
        try set(CURLOPT_CUSTOMREQUEST, command)
    }

    /// Whether the next transfer expects no body (CURLOPT_NOBODY): POP3 `DELE` needs it, or curl
    /// waits for a multi-line answer that never comes.
    public func setNoBody(_ noBody: Bool) throws(CurlError) {
        try set(CURLOPT_NOBODY, noBody ? 1 : 0)
    }

    /// How many new connections the last transfer opened: 0 means it reused the previous one.
    public func newConnectionCount() throws(CurlError) -> Int {
        var count = 0
        try check(leadex_curl_getinfo_long(handle, CURLINFO_NUM_CONNECTS, &count))
        return count
    }

    /// The last response code (HTTP status, or the mail server's reply code).
    public func responseCode() throws(CurlError) -> Int {
        var code = 0
        try check(leadex_curl_getinfo_long(handle, CURLINFO_RESPONSE_CODE, &code))
        return code
    }

    // MARK: HTTP

    /// Limits the schemes a URL may use (CURLOPT_PROTOCOLS_STR, e.g. `"http,https,file"`).
    public func setAllowedProtocols(_ protocols: String) throws(CurlError) {
        try set(CURLOPT_PROTOCOLS_STR, protocols)
    }

    /// A whole transfer taking longer than this fails with CURLE_OPERATION_TIMEDOUT.
    public func setTimeout(_ timeout: Duration) throws(CurlError) {
        let (seconds, attoseconds) = timeout.components
        try set(CURLOPT_TIMEOUT_MS, Int(seconds) * 1000 + Int(attoseconds / 1_000_000_000_000_000))
    }

    /// Request headers, each `Name: value`, replacing any set before.
    public func setHeaders(_ headers: [String]) throws(CurlError) {
        var list: UnsafeMutablePointer<curl_slist>?
        for header in headers {
            guard let appended = curl_slist_append(list, header) else {
                curl_slist_free_all(list)
                throw CurlError(setup: "curl_slist_append failed")
            }
            list = appended
        }
        try check(leadex_curl_setopt_slist(handle, CURLOPT_HTTPHEADER, list))
        curl_slist_free_all(headerList)
        headerList = list
    }

    /// Makes the next transfer a POST of `body` (curl copies it: CURLOPT_COPYPOSTFIELDS), sent
    /// with whatever `Content-Type` the headers say (curl's default is urlencoded).
    public func setPostBody(_ body: String) throws(CurlError) {
        try set(CURLOPT_POSTFIELDSIZE, body.utf8.count)
        try set(CURLOPT_COPYPOSTFIELDS, body)
    }

    /// Makes the next transfer a `multipart/form-data` POST of these text fields, as a browser
    /// posts a form with a file input.
    public func setMultipartForm(_ fields: [(name: String, value: String)]) throws(CurlError) {
        guard let form = curl_mime_init(handle) else { throw CurlError(setup: "curl_mime_init failed") }
        for (name, value) in fields {
            guard let part = curl_mime_addpart(form) else {
                curl_mime_free(form)
                throw CurlError(setup: "curl_mime_addpart failed")
            }
            let named = curl_mime_name(part, name)
            // curl copies the data; the count excludes the terminating NUL withCString adds.
            let filled = value.withCString { curl_mime_data(part, $0, value.utf8.count) }
            guard named == CURLE_OK, filled == CURLE_OK else {
                curl_mime_free(form)
                throw CurlError(code: named == CURLE_OK ? filled : named, buffer: "")
            }
        }
        try check(leadex_curl_setopt_pointer(handle, CURLOPT_MIMEPOST, UnsafeMutableRawPointer(form)))
        curl_mime_free(mime)
        mime = form
    }

    /// The `Content-Type` of the last response, if it sent one.
    public func contentType() throws(CurlError) -> String? {
        try stringInfo(CURLINFO_CONTENT_TYPE)
    }

    /// Where the last response redirected to (not followed: curl follows nothing unless told).
    public func redirectURL() throws(CurlError) -> String? {
        try stringInfo(CURLINFO_REDIRECT_URL)
    }

    private func stringInfo(_ info: CURLINFO) throws(CurlError) -> String? {
        var value: UnsafePointer<CChar>?
        try check(leadex_curl_getinfo_string(handle, info, &value))
        return value.map { String(cString: $0) }
    }

    func check(_ code: CURLcode) throws(CurlError) {
        guard code == CURLE_OK else { throw CurlError(code: code, buffer: String(cString: errorBuffer)) }
    }
}
