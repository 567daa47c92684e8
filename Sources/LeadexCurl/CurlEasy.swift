public import CCurl
public import Foundation

/// One curl easy handle. It is not thread-safe (libcurl's rule for easy handles), so it is a
/// non-Sendable class: one owner at a time, cleaned up in `deinit`.
public final class CurlEasy {
    private let handle: UnsafeMutableRawPointer
    /// curl writes its detailed message here (CURLOPT_ERRORBUFFER must outlive the handle's use).
    private let errorBuffer = UnsafeMutablePointer<CChar>.allocate(capacity: Int(CURL_ERROR_SIZE))
    private var body = Data()
    /// Strings handed to curl: curl copies them since 7.17, but keeping them is harmless.
    private var keepAlive: [ContiguousArray<CChar>] = []

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

    deinit {
        curl_easy_cleanup(handle)
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
        try set(CURLOPT_URL, url)
        body = Data()
        let context = Unmanaged.passUnretained(self).toOpaque()
        try check(leadex_curl_setopt_pointer(handle, CURLOPT_WRITEDATA, context))
        try check(leadex_curl_setopt_data_callback(handle, CURLOPT_WRITEFUNCTION) { data, size, count, context in
            let easy = Unmanaged<CurlEasy>.fromOpaque(context!).takeUnretainedValue()
            easy.body.append(UnsafeRawPointer(data).assumingMemoryBound(to: UInt8.self), count: size * count)
            return size * count
        })
        errorBuffer[0] = 0
        try check(curl_easy_perform(handle))
        return body
    }

    /// The last response code (HTTP status, or the mail server's reply code).
    public func responseCode() throws(CurlError) -> Int {
        var code = 0
        try check(leadex_curl_getinfo_long(handle, CURLINFO_RESPONSE_CODE, &code))
        return code
    }

    private func check(_ code: CURLcode) throws(CurlError) {
        guard code == CURLE_OK else { throw CurlError(code: code, buffer: String(cString: errorBuffer)) }
    }
}
