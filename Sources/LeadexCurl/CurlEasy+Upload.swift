public import CCurl
internal import Glibc

/// What an upload sends and what the protocol exchange looked like so far.
struct UploadState {
    var body: [UInt8] = []
    var offset = 0
    /// Command lines curl sent (CURLINFO_HEADER_OUT), first word only: never the arguments,
    /// which for AUTH carry the credentials.
    var commandsSent: [String] = []
    /// Asked before the first body byte goes out; `false` aborts the transfer.
    var mayStartSending: ((_ commandsSent: [String]) -> Bool)?
    var refusedBeforeSending = false
}

extension CurlEasy {
    /// Sets the SMTP envelope: MAIL FROM and one RCPT TO per recipient.
    public func setMailEnvelope(from sender: String, recipients: [String]) throws(CurlError) {
        try set(CURLOPT_MAIL_FROM, "<\(sender)>")
        var list: UnsafeMutablePointer<curl_slist>?
        for recipient in recipients { list = curl_slist_append(list, "<\(recipient)>") }
        if let list { lists.append(list) }
        try check(leadex_curl_setopt_slist(handle, CURLOPT_MAIL_RCPT, list))
    }

    /// Uploads `body` to `url` (SMTP: the message after DATA). `mayStartSending` sees the
    /// commands curl sent so far when the first body byte is asked for, and can refuse; the
    /// transfer then fails before any of the message reaches the server, with an error whose
    /// `isRefusedBeforeSending` is true.
    public func upload(url: String, body: [UInt8], mayStartSending: ((_ commandsSent: [String]) -> Bool)? = nil) throws(CurlError) {
        try set(CURLOPT_URL, url)
        try set(CURLOPT_UPLOAD, 1)
        try set(CURLOPT_INFILESIZE_LARGE, body.count)
        upload = UploadState(body: body, mayStartSending: mayStartSending)
        let context = Unmanaged.passUnretained(self).toOpaque()
        try check(leadex_curl_setopt_pointer(handle, CURLOPT_READDATA, context))
        try check(leadex_curl_setopt_data_callback(handle, CURLOPT_READFUNCTION) { buffer, size, count, context in
            let easy = Unmanaged<CurlEasy>.fromOpaque(context!).takeUnretainedValue()
            if easy.upload.offset == 0, let check = easy.upload.mayStartSending {
                easy.upload.mayStartSending = nil
                guard check(easy.upload.commandsSent) else {
                    easy.upload.refusedBeforeSending = true
                    return Int(CURL_READFUNC_ABORT)
                }
            }
            let length = min(size * count, easy.upload.body.count - easy.upload.offset)
            easy.upload.body.withUnsafeBytes { bytes in
                UnsafeMutableRawPointer(buffer).copyMemory(from: bytes.baseAddress! + easy.upload.offset, byteCount: length)
            }
            easy.upload.offset += length
            return length
        })
        // The debug callback is how curl reports the commands it sends; VERBOSE turns it on,
        // and with a callback set nothing goes to stderr.
        try check(leadex_curl_setopt_pointer(handle, CURLOPT_DEBUGDATA, context))
        try check(leadex_curl_setopt_debug_callback(handle) { _, type, data, size, context in
            guard type == CURLINFO_HEADER_OUT, let context else { return 0 }
            let easy = Unmanaged<CurlEasy>.fromOpaque(context).takeUnretainedValue()
            let line = UnsafeRawBufferPointer(start: data, count: size)
            let command = line.prefix { $0 != UInt8(ascii: " ") && $0 != 13 && $0 != 10 }
            easy.upload.commandsSent.append(String(decoding: command, as: UTF8.self).uppercased())
            return 0
        })
        try set(CURLOPT_VERBOSE, 1)
        errorBuffer[0] = 0
        let code = curl_easy_perform(handle)
        if upload.refusedBeforeSending { throw .refusedBeforeSending }
        try check(code)
    }
}
