/// The control socket leadexctl talks to (`[control]`).
public struct ControlSettings: Sendable, Hashable {
    /// The unit's RuntimeDirectory= makes /run/leadex.
    public static let defaultSocket = "/run/leadex/control.sock"

    /// Whether the daemon serves the socket at all.
    public var enabled: Bool
    /// The socket's path; relative paths are taken from the working directory.
    public var socket: String
    /// The group the socket is given (`nil`: the daemon's own, `leadex` under systemd); its
    /// members may connect. Who they act as is still decided by their Unix user.
    public var group: String?
    /// The socket's permission bits (connecting needs write permission).
    public var mode: UInt16

    public init(enabled: Bool = true, socket: String = defaultSocket, group: String? = nil, mode: UInt16 = 0o660) {
        self.enabled = enabled
        self.socket = socket
        self.group = group
        self.mode = mode
    }
}
