/// The Prometheus endpoint (`[metrics]`): `GET /metrics`, `/healthz` and `/readyz` on a TCP
/// address of its own.
public struct MetricsSettings: Sendable, Hashable {
    /// Where the endpoint listens.
    public typealias Address = ListenAddress

    public static let defaultListen = Address(host: "127.0.0.1", port: 9464)

    /// Off unless configured: an open TCP port is the admin's decision.
    public var enabled: Bool
    public var listen: Address
    /// Required of clients that are not on loopback (`Authorization: Bearer TOKEN`).
    public var token: Secret?

    public init(enabled: Bool = false, listen: Address = defaultListen, token: Secret? = nil) {
        self.enabled = enabled
        self.listen = listen
        self.token = token
    }
}
