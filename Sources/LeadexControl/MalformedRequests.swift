internal import Foundation
internal import Hummingbird
internal import LeadexControlAPI
internal import LeadexCore
internal import NIOCore
internal import NIOHTTP1

/// Answers a request that cannot be parsed before it has a head (a header over the limit, a
/// request line that is not HTTP) at once, with a JSON error, and closes: Hummingbird would
/// answer with an empty 400 and then wait for the client to hang up, while the client was still
/// writing the rest of its header, so both waited for the idle timeout. A parse error inside a
/// body goes on to the route reading it, which answers 400 (see ``ControlServer``).
///
/// It sits right after NIO's HTTP/1 decoder, where the parts are NIO's own types; Hummingbird
/// adds extra handlers only after its conversion to HTTPTypes, so ``install`` puts it there.
final class MalformedRequestHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias InboundOut = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    private var inRequest = false
    private var answered = false
    /// The department's language: the answer is what leadexctl prints.
    private let language: TextLanguage

    init(language: TextLanguage) { self.language = language }

    /// The handler Hummingbird adds; when added, it puts a ``MalformedRequestHandler`` after the
    /// decoder and removes itself.
    static func install(_ language: TextLanguage) -> any RemovableChannelHandler { Installer(language: language) }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head: inRequest = true
        case .end: inRequest = false
        case .body: break
        }
        context.fireChannelRead(data)
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        guard let parserError = error as? HTTPParserError, !inRequest else {
            context.fireErrorCaught(error)
            return
        }
        guard !answered else { return }
        answered = true
        let (status, reply): (HTTPResponseStatus, ErrorReply) =
            parserError == .headerOverflow
            ? (
                .requestHeaderFieldsTooLarge,
                ControlRefusal.malformed(
                    "the request's header is larger than the daemon takes: at most 80 KB",
                    russian: "заголовок запроса больше, чем принимает leadexd: не больше 80 КБ", language)
            )
            : (
                .badRequest,
                ControlRefusal.malformed(
                    "the request is not valid HTTP/1.1 (\(parserError))", russian: "запрос — не HTTP/1.1 (\(parserError))", language)
            )
        let body = ByteBuffer(bytes: (try? Wire.encoder().encode(reply)) ?? Data())
        let headers = HTTPHeaders([
            ("Content-Type", "application/json; charset=utf-8"), ("Content-Length", "\(body.readableBytes)"), ("Connection", "close"),
        ])
        context.write(wrapOutboundOut(.head(HTTPResponseHead(version: .http1_1, status: status, headers: headers))), promise: nil)
        context.write(wrapOutboundOut(.body(.byteBuffer(body))), promise: nil)
        context.writeAndFlush(wrapOutboundOut(.end(nil))).whenComplete { _ in context.close(promise: nil) }
    }

    private final class Installer: ChannelInboundHandler, RemovableChannelHandler {
        typealias InboundIn = NIOAny
        let language: TextLanguage

        init(language: TextLanguage) { self.language = language }

        func handlerAdded(context: ChannelHandlerContext) {
            let pipeline = context.pipeline.syncOperations
            if let decoder = try? pipeline.handler(type: ByteToMessageHandler<HTTPRequestDecoder>.self) {
                try? pipeline.addHandler(MalformedRequestHandler(language: language), position: .after(decoder))
            }
            pipeline.removeHandler(context: context, promise: nil)
        }
    }
}

/// A path asked for with a method it does not take gets 405 with `Allow`, not 404: the path is
/// right, the method is not. Registered for every path the router knows, after all routes.
enum MethodNotAllowed {
    static func register(on router: Router<ControlContext>) {
        let byPath = Dictionary(grouping: router.routes) { $0.path.description }
        for routes in byPath.values {
            let allowed = Set(routes.map(\.method))
            let allow = allowed.map(\.rawValue).sorted().joined(separator: ", ")
            for method in [HTTPRequest.Method.get, .post, .put, .patch, .delete] where !allowed.contains(method) {
                router.on(routes[0].path, method: method) { request, _ -> Response in
                    throw HTTPError(
                        .methodNotAllowed, headers: [.allow: allow],
                        message: "\(request.uri.path) takes \(allow), not \(request.method.rawValue)")
                }
            }
        }
    }
}
