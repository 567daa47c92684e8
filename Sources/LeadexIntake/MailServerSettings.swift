internal import Foundation

/// How to reach one mailbox: what the config's `[[inbox]]` says, with the password already read.
public struct MailServerSettings: Sendable {
    public enum MailProtocol: String, Sendable {
        case imap, pop3
    }

    /// `imaps://host:993/INBOX`, `imap://host:143/INBOX` (STARTTLS), `pop3s://host:995`.
    public var url: String
    public var user: String
    public var password: String
    /// A CA bundle for servers with their own certificate authority.
    public var caFile: String?
    /// Skip certificate verification. Tests only: the config names it `insecure_tls`.
    public var insecureTLS: Bool
    /// Allow `imap://` or `pop3://` without STARTTLS (a local relay on loopback).
    public var allowPlaintext: Bool
    public var connectTimeout: Duration
    /// Messages larger than this are not fetched whole (recorded as ignored with the reason).
    public var maxMessageBytes: Int

    public init(
        url: String, user: String, password: String, caFile: String? = nil, insecureTLS: Bool = false,
        allowPlaintext: Bool = false, connectTimeout: Duration = .seconds(15), maxMessageBytes: Int = 25 << 20
    ) {
        self.url = url
        self.user = user
        self.password = password
        self.caFile = caFile
        self.insecureTLS = insecureTLS
        self.allowPlaintext = allowPlaintext
        self.connectTimeout = connectTimeout
        self.maxMessageBytes = maxMessageBytes
    }

    public var mailProtocol: MailProtocol { url.hasPrefix("pop3") ? .pop3 : .imap }

    /// Whether the URL itself is TLS (`imaps`, `pop3s`) rather than STARTTLS or plain.
    public var implicitTLS: Bool { url.hasPrefix("imaps://") || url.hasPrefix("pop3s://") }

    /// The server part of the URL (`imaps://host:993/`), without the mailbox path.
    public var serverURL: String {
        guard let scheme = url.range(of: "://") else { return url }
        let rest = url[scheme.upperBound...]
        let host = rest.prefix { $0 != "/" }
        return String(url[..<scheme.upperBound]) + host + "/"
    }

    /// The mailbox named in the URL path (`INBOX` when none), for IMAP.
    public var mailbox: String {
        guard let scheme = url.range(of: "://") else { return "INBOX" }
        let rest = url[scheme.upperBound...]
        guard let slash = rest.firstIndex(of: "/") else { return "INBOX" }
        let path = rest[rest.index(after: slash)...].prefix { $0 != ";" && $0 != "?" }
        return path.isEmpty ? "INBOX" : (path.removingPercentEncoding ?? String(path))
    }
}
