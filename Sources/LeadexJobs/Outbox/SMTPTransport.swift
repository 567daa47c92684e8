internal import CCurl
public import LeadexConfig
internal import LeadexCurl

/// Delivers one message through libcurl's SMTP: `smtps://` (implicit TLS) or `smtp://` with
/// STARTTLS required; AUTH with the configured login. The EHLO name is the URL's path.
public struct SMTPTransport: Sendable {
    public struct Failure: Error, CustomStringConvertible, Sendable {
        public let description: String
        /// Worth retrying later (server down, timeouts, 4xx) rather than a broken config.
        public let isTransient: Bool
    }

    public let settings: SMTPSettings
    /// Tests only: a self-signed certificate on loopback.
    public let insecureTLS: Bool
    public let caFile: String?

    public init(settings: SMTPSettings, caFile: String? = nil, insecureTLS: Bool = false) {
        self.settings = settings
        self.caFile = caFile
        self.insecureTLS = insecureTLS
    }

    /// Sends `message` to `recipients`. Blocking: call it off the cooperative pool.
    public func send(envelopeFrom: String, recipients: [String], message: [UInt8]) throws(Failure) {
        do {
            let easy = try CurlEasy()
            if settings.url.hasPrefix("smtp://") { try easy.setTLSUpgrade(.required) }
            try easy.setCertificateAuthorities(file: caFile)
            if insecureTLS { try easy.setVerifiesPeer(false) }
            try easy.setConnectTimeout(.seconds(15))
            let login = settings.user
            if let login {
                let password = try settings.password?.read() ?? ""
                try easy.setCredentials(user: login, password: password)
            }
            try easy.setMailEnvelope(from: envelopeFrom, recipients: recipients)
            // curl quietly skips AUTH when the server offers none and sends the mail anyway; a
            // configured login that was not used means a wrong or hijacked server: refuse.
            try easy.upload(url: settings.url, body: message) { commands in
                login == nil || commands.contains("AUTH")
            }
        } catch let error as CurlError {
            if error.isRefusedBeforeSending {
                throw Failure(
                    description: "the SMTP server at \(settings.url) did not let us log in as \(settings.user ?? "?") (it offers no AUTH); not sending without authentication",
                    isTransient: true)
            }
            throw Failure(description: "\(error)", isTransient: true)
        } catch let error as SecretError {
            throw Failure(description: "cannot read the SMTP password: \(error)", isTransient: true)
        } catch {
            throw Failure(description: "\(error)", isTransient: true)
        }
    }
}
