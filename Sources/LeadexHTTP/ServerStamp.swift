public import Hummingbird
public import Logging

/// What every leadexd HTTP listener (control socket, web workspace, metrics) does the same way.
extension HTTPServing {
    /// Hummingbird logs every request at debug and its own start at info; ours are enough.
    public static func quieter(_ logger: Logger) -> Logger {
        var quieter = logger
        quieter.logLevel = max(logger.logLevel, .notice)
        return quieter
    }

    /// The Date and Server headers of a response.
    public static func stamp(_ response: inout Response) {
        response.headers[.date] = HTTPDate.now()
        response.headers[.server] = "leadexd"
    }
}
