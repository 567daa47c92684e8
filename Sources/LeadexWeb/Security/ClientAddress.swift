internal import Foundation
internal import Hummingbird

/// The address a login attempt comes from, for throttling and the log. Behind a reverse proxy on
/// the same host the peer is always the proxy (loopback): then the last `X-Forwarded-For` entry
/// (the one the proxy itself added) is the client. A remote peer's header is never believed.
enum ClientAddress {
    static func of(_ request: Request, peer: String?) -> String { of(forwardedFor: request.headers[.xForwardedFor], peer: peer) }

    static func of(forwardedFor forwarded: String?, peer: String?) -> String {
        guard let peer else { return "unknown" }
        let loopback = peer == "::1" || peer.hasPrefix("127.") || peer.hasPrefix("::ffff:127.")
        guard loopback, let forwarded,
            let last = forwarded.split(separator: ",").last?.trimmingCharacters(in: .whitespaces), !last.isEmpty
        else { return peer }
        return String(last.prefix(64))
    }
}
