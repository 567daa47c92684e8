internal import Hummingbird
internal import HummingbirdCore
public import LeadexConfig
internal import LeadexHTTP
public import Logging
internal import NIOCore
internal import NIOPosix
public import ServiceLifecycle

/// ``MetricsEndpoints`` on `[metrics] listen`, one more service in the daemon's group, run as the
/// control socket runs Hummingbird's server (no date-cache service waking every second).
public struct MetricsServer: Service {
    private let endpoints: MetricsEndpoints
    private let address: MetricsSettings.Address
    private let logger: Logger

    public init(endpoints: MetricsEndpoints, address: MetricsSettings.Address, logger: Logger) {
        self.endpoints = endpoints
        self.address = address
        self.logger = logger
    }

    public func run() async throws {
        let (endpoints, address, logger) = (endpoints, address, logger)
        let serverLogger = HTTPServing.quieter(logger)
        let server = try HTTPServerBuilder.http1().buildServer(
            configuration: ServerConfiguration(address: .hostname(address.host, port: address.port), serverName: "leadexd"),
            eventLoopGroup: MultiThreadedEventLoopGroup.singleton,
            logger: serverLogger,
            responder: { request, writer, channel in
                let loopback = Self.isLoopback(channel.remoteAddress)
                var response = await endpoints.respond(
                    path: request.uri.path, method: request.method, authorization: request.headers[.authorization], fromLoopback: loopback)
                HTTPServing.stamp(&response)
                try await writer.write(response: response.head, body: response.body)
            },
            onServerRunning: { channel in
                // The port actually bound (a test asks for port 0), written as the config writes it.
                let bound = channel.localAddress?.port.map { MetricsSettings.Address(host: address.host, port: $0) } ?? address
                logger.notice("metrics endpoint ready", metadata: ["listen": "\(bound)"])
            })
        try await server.run()
    }

    static func isLoopback(_ address: SocketAddress?) -> Bool {
        guard let ip = address?.ipAddress else { return false }
        return ip.hasPrefix("127.") || ip == "::1" || ip.hasPrefix("::ffff:127.")
    }
}
