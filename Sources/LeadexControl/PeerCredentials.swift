internal import Glibc
internal import NIOCore

/// Who is at the other end of a Unix socket connection, as the kernel recorded it when the peer
/// called connect(2) (SO_PEERCRED): it cannot be claimed or changed by the peer afterwards.
struct PeerCredentials: Sendable, Hashable {
    // Laid out as Linux's `struct ucred` (pid_t, uid_t, gid_t), which getsockopt fills in.
    var pid: Int32
    var uid: UInt32
    var gid: UInt32

    /// Reads SO_PEERCRED of an accepted Unix socket channel.
    static func of(_ channel: any Channel) async throws -> PeerCredentials {
        guard let provider = channel as? any SocketOptionProvider else { throw ControlRefusal.noPeerCredentials }
        return try await read(provider)
    }

    // Kept out of line and non-generic at the call site, as NIO advises for libc-typed options.
    private static func read(_ provider: any SocketOptionProvider) async throws -> PeerCredentials {
        try await provider.unsafeGetSocketOption(level: SocketOptionLevel(SOL_SOCKET), name: SocketOptionName(SO_PEERCRED)).get()
    }
}

/// The local account database (passwd, group), through the reentrant libc calls.
enum UnixAccounts {
    /// The login name of `uid`, or `nil` when no passwd entry has it.
    static func userName(of uid: UInt32) -> String? {
        var entry = passwd()
        var result: UnsafeMutablePointer<passwd>?
        return withScratch { buffer in
            let code = getpwuid_r(uid, &entry, buffer.baseAddress!, buffer.count, &result)
            guard code == 0, result != nil, let name = entry.pw_name else { return code == ERANGE ? .retry : .done(nil) }
            return .done(String(cString: name))
        }
    }

    /// The id of group `name`, or `nil` when there is no such group.
    static func groupID(of name: String) -> UInt32? {
        var entry = group()
        var result: UnsafeMutablePointer<group>?
        return withScratch { buffer in
            let code = getgrnam_r(name, &entry, buffer.baseAddress!, buffer.count, &result)
            guard code == 0, result != nil else { return code == ERANGE ? .retry : .done(nil) }
            return .done(entry.gr_gid)
        }
    }

    private enum Attempt<T> {
        case done(T)
        case retry
    }

    /// Calls `body` with a scratch buffer, doubling it while the call answers ERANGE.
    private static func withScratch<T>(_ body: (UnsafeMutableBufferPointer<CChar>) -> Attempt<T?>) -> T? {
        var size = 1024
        while size <= 1 << 20 {
            let buffer = UnsafeMutableBufferPointer<CChar>.allocate(capacity: size)
            defer { buffer.deallocate() }
            switch body(buffer) {
            case .done(let value): return value
            case .retry: size *= 2
            }
        }
        return nil
    }
}
