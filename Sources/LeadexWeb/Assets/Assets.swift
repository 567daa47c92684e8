internal import Hummingbird
internal import LeadexCore

/// The workspace's files, compiled into the binary (Swift string literals: nothing to install
/// beside `leadexd`, which `--static-swift-stdlib` builds need). Each is served under a name
/// with its content's hash, so browsers may keep it for a year and still never run an old one.
enum Assets {
    static let stylesheetPath = "/static/app.\(version(stylesheet)).css"
    static let exchangeScriptPath = "/static/exchange.\(version(exchangeScript)).js"
    static let iconPath = "/static/icon.\(version(icon)).svg"
    static let liveScriptPath = "/static/live.\(version(liveScript)).js"
    static let adminScriptPath = "/static/admin.\(version(adminScript)).js"

    /// The tab's icon: an «L» on the workspace's blue (without one, every page load asks for
    /// /favicon.ico and logs a 404 in the browser's console).
    static let icon = """
        <svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><rect width="32" height="32" rx="7" fill="#1f6feb"/>\
        <path d="M11 7v18h11" stroke="#fff" stroke-width="4" fill="none" stroke-linecap="round" stroke-linejoin="round"/></svg>
        """

    private static func version(_ text: String) -> String { String(SHA256.hexDigest(Array(text.utf8)).prefix(12)) }

    static func add(to router: Router<WebContext>) {
        let files: [(String, String, String)] = [
            (stylesheetPath, stylesheet, "text/css; charset=utf-8"),
            (exchangeScriptPath, exchangeScript, "text/javascript; charset=utf-8"),
            (iconPath, icon, "image/svg+xml"),
            (liveScriptPath, liveScript, "text/javascript; charset=utf-8"),
            (adminScriptPath, adminScript, "text/javascript; charset=utf-8"),
        ]
        for (path, text, type) in files {
            let body = ByteBuffer(string: text)
            router.get(RouterPath(path)) { _, _ in
                Response(
                    status: .ok, headers: [.contentType: type, .cacheControl: "public, max-age=31536000, immutable"],
                    body: ResponseBody(byteBuffer: body))
            }
        }
    }
}
