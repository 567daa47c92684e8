internal import Foundation
internal import LeadexCurl

extension IntakeError {
    /// A failed curl call in terms a poller decides on: retry later, fix the credentials, or fix
    /// the certificates. `password` is blanked out of the message, should curl ever echo it.
    init(_ error: CurlError, doing step: String, password: String) {
        let kind: Kind =
            switch error.code {
            case CurlCode.couldntResolveHost, CurlCode.couldntConnect, CurlCode.operationTimedOut,
                CurlCode.sendError, CurlCode.receiveError, CurlCode.gotNothing:
                .unreachable
            case CurlCode.loginDenied:
                .authentication
            case CurlCode.sslConnectError, CurlCode.useSSLFailed, CurlCode.sslCertProblem, CurlCode.sslCipher,
                CurlCode.peerFailedVerification, CurlCode.sslCACertBadFile, CurlCode.sslShutdownFailed,
                CurlCode.sslCRLBadFile, CurlCode.sslIssuerError:
                .tls
            default:
                .protocolError
            }
        var message = "\(step): \(error.message) (curl \(error.code))"
        if !password.isEmpty { message = message.replacingOccurrences(of: password, with: "***") }
        self.init(kind, message)
    }
}

/// The CURLcode values intake tells apart (curl/curl.h).
private enum CurlCode {
    static let couldntResolveHost = 6
    static let couldntConnect = 7
    static let operationTimedOut = 28
    static let sslConnectError = 35
    static let sendError = 55
    static let receiveError = 56
    static let gotNothing = 52
    static let sslCertProblem = 58
    static let sslCipher = 59
    static let peerFailedVerification = 60
    static let useSSLFailed = 64
    static let loginDenied = 67
    static let sslCACertBadFile = 77
    static let sslShutdownFailed = 80
    static let sslCRLBadFile = 82
    static let sslIssuerError = 83
}
