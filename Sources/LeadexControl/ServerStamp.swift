internal import Hummingbird
internal import Logging

/// What every leadexd HTTP listener (control socket, metrics) does the same way.
extension HTTPDate {
    /// Hummingbird logs every request at debug and its own start at info; ours are enough.
    static func quieter(_ logger: Logger) -> Logger {
        var quieter = logger
        quieter.logLevel = max(logger.logLevel, .notice)
        return quieter
    }

    /// The Date and Server headers of a response.
    static func stamp(_ response: inout Response) {
        response.headers[.date] = now()
        response.headers[.server] = "leadexd"
    }
}
