internal import CCurl
public import Foundation

extension CurlEasy {
    /// Connects to this Unix socket instead of the URL's host (CURLOPT_UNIX_SOCKET_PATH); the
    /// URL still names the scheme, a Host header and the path. `nil` goes back to TCP.
    public func setUnixSocketPath(_ path: String?) throws(CurlError) {
        try set(CURLOPT_UNIX_SOCKET_PATH, path)
    }

    /// One HTTP request: `method` with `body` (sent as `contentType`), returning the status and
    /// the body received. A status of 4xx or 5xx is a reply like any other, not an error.
    public func http(method: String, url: String, body: Data? = nil, contentType: String = "application/json") throws(CurlError) -> (status: Int, body: Data) {
        var headers: UnsafeMutablePointer<curl_slist>?
        headers = curl_slist_append(headers, "Accept: application/json")
        if let body {
            headers = curl_slist_append(headers, "Content-Type: \(contentType)")
            // Without this curl waits a second for "100 Continue" before sending a large body.
            headers = curl_slist_append(headers, "Expect:")
            try check(leadex_curl_setopt_off_t(handle, CURLOPT_POSTFIELDSIZE_LARGE, curl_off_t(body.count)))
            // COPYPOSTFIELDS copies the bytes (POSTFIELDSIZE set first, so zeros are data too).
            let bytes = [UInt8](body)
            try bytes.withUnsafeBufferPointer { buffer throws(CurlError) in
                try check(leadex_curl_setopt_pointer(handle, CURLOPT_COPYPOSTFIELDS, UnsafeMutableRawPointer(mutating: buffer.baseAddress)))
            }
        }
        if let headers { lists.append(headers) }
        try check(leadex_curl_setopt_slist(handle, CURLOPT_HTTPHEADER, headers))
        try setCustomRequest(method)
        let received = try perform(url: url)
        return (try responseCode(), received)
    }
}
