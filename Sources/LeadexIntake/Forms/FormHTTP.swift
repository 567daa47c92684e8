internal import CCurl
internal import Foundation
internal import LeadexConfig
internal import LeadexCurl

/// The HTTP side of one form, over libcurl: fetching its feed, and submitting a probe through
/// its public form as a browser would. Every call is blocking (run it on a ``BlockingWorker``)
/// and uses a handle of its own.
struct FormHTTP: Sendable {
    /// The feed's credentials, read from their file or credential when the form is set up.
    enum Credentials: Sendable {
        case none
        case bearer(String)
        case basic(user: String, password: String)

        var secret: String {
            switch self {
            case .none: ""
            case .bearer(let token): token
            case .basic(_, let password): password
            }
        }
    }

    let settings: FormSettings
    let credentials: Credentials
    /// The probe's secret field value (a captcha bypass key), if it has one.
    let probeSecret: String?

    init(settings: FormSettings) throws(IntakeError) {
        self.settings = settings
        do {
            switch settings.auth {
            case .none: credentials = .none
            case .bearer(let secret): credentials = .bearer(try secret.read())
            case .basic(let user, let secret): credentials = .basic(user: user, password: try secret.read())
            }
            probeSecret = try settings.probe?.secret?.read()
        } catch {
            throw IntakeError(.authentication, "cannot read the form's secret: \(error)")
        }
    }

    /// The feed's URL with the cursor as its query parameter (a `file://` feed takes none; a
    /// relative path in it is taken from the working directory, like the database's).
    func feedURL(cursor: String?) -> String {
        // A probe-only form has no feed; FormFeed refuses one, so this is never fetched.
        let url = settings.url ?? ""
        if url.hasPrefix("file://") {
            let path = url.dropFirst("file://".count)
            return path.hasPrefix("/") ? url : "file://" + FileManager.default.currentDirectoryPath + "/" + path
        }
        guard let cursor else { return url }
        let parameter: String
        switch settings.cursor {
        case .none: return url
        case .sinceID(let name): parameter = name
        case .sinceTime(let name, _): parameter = name
        }
        return url + (url.contains("?") ? "&" : "?") + Self.formEncode(parameter) + "=" + Self.formEncode(cursor)
    }

    /// Fetches the feed at `url`. A redirect is not followed: a feed that redirects has usually
    /// lost its session and is showing a login page.
    func fetchFeed(_ url: String) throws(IntakeError) -> Data {
        let accept: String
        switch settings.format {
        case .json: accept = "application/json"
        case .csv: accept = "text/csv, text/plain"
        }
        var headers = ["Accept: \(accept)"]
        let (body, curl) = try perform(doing: "fetching the feed") { curl throws(CurlError) in
            switch credentials {
            case .none: break
            case .bearer(let token): headers.append("Authorization: Bearer \(token)")
            case .basic(let user, let password): try curl.setCredentials(user: user, password: password)
            }
            try curl.setHeaders(headers)
            return try curl.perform(url: url)
        }
        guard !url.hasPrefix("file://") else { return body }
        let status = (try? curl.responseCode()) ?? 0
        switch status {
        case 200..<300:
            break
        case 300..<400:
            let target = (try? curl.redirectURL()) ?? nil
            throw IntakeError(.protocolError, "HTTP \(status): the feed redirects to \(target ?? "?") (a login page? check its credentials)")
        case 401, 403:
            throw IntakeError(.authentication, "HTTP \(status): the feed refused Leadex's credentials")
        case 500..<600:
            throw IntakeError(.unreachable, "HTTP \(status) from the feed")
        default:
            throw IntakeError(.protocolError, "HTTP \(status) from the feed")
        }
        if let type = (try? curl.contentType()) ?? nil, type.lowercased().contains("text/html") {
            throw IntakeError(.protocolError, "the feed sent an HTML page (\(body.count) bytes) instead of \(settings.format.name) (a login page?)")
        }
        return body
    }

    /// Submits `fields` to the probe's URL as the site's form posts them. Returns the HTTP
    /// status; a redirect (to a "thank you" page) counts as accepted, 4xx and 5xx do not.
    func submitProbe(_ probe: FormSettings.Probe, fields: [(name: String, value: String)]) throws(IntakeError) -> Int {
        var url = probe.url
        let (_, curl) = try perform(doing: "submitting the probe to \(probe.url)") { curl throws(CurlError) in
            try curl.setAllowedProtocols("http,https")
            try curl.setHeaders(probe.headers.map { "\($0.name): \($0.value)" })
            switch (probe.method, probe.encoding) {
            case (.get, _):
                url += (url.contains("?") ? "&" : "?") + Self.formEncode(fields)
            case (.post, .urlencoded):
                try curl.setPostBody(Self.formEncode(fields))
            case (.post, .multipart):
                try curl.setMultipartForm(fields)
            }
            return try curl.perform(url: url)
        }
        let status = (try? curl.responseCode()) ?? 0
        guard (200..<400).contains(status) else {
            throw IntakeError(status >= 500 ? .unreachable : .protocolError, "HTTP \(status) in answer to the probe")
        }
        return status
    }

    private func perform(
        doing step: String, _ body: (CurlEasy) throws(CurlError) -> Data
    ) throws(IntakeError) -> (Data, CurlEasy) {
        do {
            let curl = try CurlEasy()
            try curl.setAllowedProtocols("http,https,file")
            try curl.setTimeout(settings.timeout)
            try curl.setConnectTimeout(min(settings.timeout, .seconds(15)))
            try curl.setCertificateAuthorities(file: settings.caFile)
            try curl.set(CURLOPT_USERAGENT, "leadexd (lead intake)")
            return (try body(curl), curl)
        } catch {
            throw IntakeError(error, doing: step, password: credentials.secret)
        }
    }

    /// `application/x-www-form-urlencoded`, as browsers write it (space as `+`).
    static func formEncode(_ fields: [(name: String, value: String)]) -> String {
        fields.map { formEncode($0.name) + "=" + formEncode($0.value) }.joined(separator: "&")
    }

    static func formEncode(_ text: String) -> String {
        var encoded = ""
        encoded.reserveCapacity(text.utf8.count)
        let hex = Array("0123456789ABCDEF")
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "."), UInt8(ascii: "*"):
                encoded.unicodeScalars.append(Unicode.Scalar(byte))
            case UInt8(ascii: " "):
                encoded.append("+")
            default:
                encoded.append("%")
                encoded.append(hex[Int(byte >> 4)])
                encoded.append(hex[Int(byte & 0x0F)])
            }
        }
        return encoded
    }
}

extension FormSettings.Format {
    var name: String {
        switch self {
        case .json: "JSON"
        case .csv: "CSV"
        }
    }
}
