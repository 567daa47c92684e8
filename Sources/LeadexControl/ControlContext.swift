internal import Hummingbird
internal import LeadexControlAPI
internal import LeadexCore
internal import NIOCore

/// One request on the control socket: Hummingbird's storage, the connection it came on (for
/// SO_PEERCRED), and the identity the identity middleware resolved.
struct ControlContext: RequestContext {
    var coreContext: CoreRequestContextStorage
    let channel: any Channel
    var identity: ControlIdentity?

    init(source: ApplicationRequestContextSource) {
        self.coreContext = .init(source: source)
        self.channel = source.channel
    }

    /// Imports of a whole client base come as one CSV body.
    var maxUploadSize: Int { Wire.maxBodyBytes }

    /// The caller; every route runs behind the identity middleware, which sets it or refuses.
    var user: User { identity!.user }
    var login: UserLogin { identity!.user.login }
}
