internal import Foundation
public import Hummingbird
public import HummingbirdCore
public import Logging
public import NIOCore
public import NIOHTTP1
internal import NIOPosix
internal import ServiceLifecycle

/// Hummingbird's HTTP/1.1 server, run here rather than through its `Application`, whose
/// date-header cache is a service that wakes every second: an idle daemon must sleep until its
/// next due time. The Date header is formatted per response instead (microseconds, at the few
/// requests per second a sales team makes). The control socket and the web workspace both serve
/// through it.
public enum HTTPServing {
    /// Serves `responder` at `address` until the task is cancelled or the server fails.
    /// - Parameter channelHandlers: more handlers for each connection's pipeline.
    /// - Parameter malformed: the answer to a request whose body is not valid HTTP/1.1 (a body
    ///   shorter than its Content-Length, a bad chunk); the connection is closed after it. `nil`:
    ///   the channel answers 400 itself and closes.
    /// - Parameter onServerRunning: called once the socket is bound, with its channel.
    public static func run<Context: RequestContext>(
        address: BindAddress, responder: RouterResponder<Context>, logger: Logger,
        channelHandlers: @escaping @Sendable () -> [any RemovableChannelHandler] = { [] },
        malformed: (@Sendable (HTTPParserError) -> Response)? = nil,
        onServerRunning: @escaping @Sendable (any Channel) async -> Void
    ) async throws where Context.Source == ApplicationRequestContextSource {
        let serverLogger = quieter(logger)
        let server = try HTTPServerBuilder.http1(additionalChannelHandlers: channelHandlers()).buildServer(
            configuration: ServerConfiguration(address: address, serverName: "leadexd"),
            eventLoopGroup: MultiThreadedEventLoopGroup.singleton,
            logger: serverLogger,
            responder: { request, writer, channel in
                let context = Context(source: ApplicationRequestContextSource(channel: channel, logger: serverLogger))
                var response: Response
                var closing = false
                do {
                    response = try await responder.respond(to: request, context: context)
                } catch let error as HTTPParserError {
                    guard let malformed else { throw error }
                    // Nothing after a malformed body can be read: answer, then close.
                    response = malformed(error)
                    response.headers[.connection] = "close"
                    closing = true
                } catch {
                    // The router answers every error it knows; anything else is ours to hide.
                    logger.error("request failed: \(error)", metadata: ["path": "\(request.uri.path)"])
                    response = Response(status: .internalServerError)
                }
                stamp(&response)
                try await writer.write(response: response.head, body: response.body)
                // Any error but a parser error closes the channel without a second answer.
                if closing { throw ChannelError.inputClosed }
            },
            onServerRunning: onServerRunning)
        try await server.run()
    }
}
