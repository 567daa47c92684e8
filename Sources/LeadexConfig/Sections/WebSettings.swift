/// The web workspace managers open in a browser (`[web]`); off unless `listen` is set.
public struct WebSettings: Sendable, Hashable {
    /// Where the daemon listens: a loopback address behind a TLS reverse proxy, as a rule.
    public typealias Listen = ListenAddress

    /// `nil`: the workspace is not served.
    public var listen: Listen?
    /// The address people open (`https://leads.example.ru`): links in mail, the Origin every form
    /// must come from, and — when https — `Secure` `__Host-` session cookies. `nil`: the origin
    /// is taken from each request's Host header (a development machine).
    public var publicURL: String?
    /// A session ends after this long without a request…
    public var idleTimeout: Duration
    /// …and this long after the login in any case.
    public var absoluteTimeout: Duration
    /// Keep-alive comments on an idle live stream: often enough that a proxy does not close it
    /// (nginx's proxy_read_timeout is 60 s), and no more often.
    public var keepAlive: Duration
    /// How long a one-time password link (`leadexd invite`) stays good: long enough to be read
    /// the next working day, short enough that a forgotten mail is soon worth nothing.
    public var invitationValidity: Duration

    /// The company's name as clients know it, for QA's verification call script; `nil`: the
    /// script says "Leadex".
    public var company: String?

    public init(
        listen: Listen? = nil, publicURL: String? = nil, idleTimeout: Duration = .seconds(2 * 3600),
        absoluteTimeout: Duration = .seconds(12 * 3600), keepAlive: Duration = .seconds(45),
        invitationValidity: Duration = .seconds(48 * 3600), company: String? = nil
    ) {
        self.company = company
        self.listen = listen
        self.publicURL = publicURL
        self.idleTimeout = idleTimeout
        self.absoluteTimeout = absoluteTimeout
        self.keepAlive = keepAlive
        self.invitationValidity = invitationValidity
    }

    /// Whether cookies must be `Secure` (and take the `__Host-` prefix).
    public var isHTTPS: Bool { publicURL?.hasPrefix("https://") ?? false }
}
