internal import LeadexCurl

extension MailServerSettings {
    /// A curl handle for this server: the login, which certificates to trust, and TLS that a plain
    /// `imap://` or `pop3://` URL must get through STARTTLS unless plaintext is allowed.
    func makeCurlHandle() throws(IntakeError) -> CurlEasy {
        do {
            let curl = try CurlEasy()
            try curl.setCredentials(user: user, password: password)
            try curl.setCertificateAuthorities(file: caFile)
            if insecureTLS { try curl.setVerifiesPeer(false) }
            // With allowPlaintext, STARTTLS is still used when offered: plaintext only as a fallback.
            try curl.setTLSUpgrade(allowPlaintext ? .whenOffered : .required)
            try curl.setConnectTimeout(connectTimeout)
            return curl
        } catch {
            throw IntakeError(error, doing: "setting up the connection to \(serverURL)", password: password)
        }
    }
}
