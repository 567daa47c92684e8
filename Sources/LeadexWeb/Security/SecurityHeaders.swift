internal import HTTPTypes
internal import Hummingbird

/// Headers every response carries: a strict Content-Security-Policy (scripts and styles only
/// from the daemon's own files, no inline script, nothing framed or framing), no MIME sniffing,
/// and — unless a route said otherwise (static files) — `Cache-Control: no-store`, since pages
/// hold clients' names and phones.
struct SecurityHeaders<Context: RequestContext>: RouterMiddleware {
    static var policy: String {
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; "
            + "form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
    }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var response: Response
        do {
            response = try await next(request, context)
        } catch let error as any HTTPResponseError {
            response = try error.response(from: request, context: context)
        }
        response.headers[.contentSecurityPolicy] = Self.policy
        response.headers[.xContentTypeOptions] = "nosniff"
        response.headers[.xFrameOptions] = "DENY"
        // A page may ask for less (the one-time password page: no-referrer).
        if response.headers[.referrerPolicy] == nil { response.headers[.referrerPolicy] = "same-origin" }
        if response.headers[.cacheControl] == nil { response.headers[.cacheControl] = "no-store" }
        return response
    }
}

extension HTTPField.Name {
    static let xFrameOptions = Self("X-Frame-Options")!
    static let referrerPolicy = Self("Referrer-Policy")!
    static let xCSRFToken = Self("X-CSRF-Token")!
    static let secFetchSite = Self("Sec-Fetch-Site")!
    static let xForwardedFor = Self("X-Forwarded-For")!
}
