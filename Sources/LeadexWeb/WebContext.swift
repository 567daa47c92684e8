internal import Hummingbird
internal import LeadexStore
internal import NIOCore

/// One request to the workspace: Hummingbird's storage, the client's address, and the session
/// the session middleware found for it.
struct WebContext: RequestContext {
    var coreContext: CoreRequestContextStorage
    /// The peer's IP address (the proxy's, behind one: see ``WebSession``'s client).
    let peerAddress: String?
    var session: WebSession?
    /// The SHA-256 of the session cookie's id, for logout.
    var sessionIDHash: String?

    init(source: ApplicationRequestContextSource) {
        self.coreContext = .init(source: source)
        self.peerAddress = source.channel.remoteAddress?.ipAddress
    }

    /// Forms are small; nothing the workspace takes is larger.
    var maxUploadSize: Int { 64 << 10 }
}
