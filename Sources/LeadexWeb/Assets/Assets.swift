internal import Hummingbird
internal import LeadexCore

/// The workspace's files, compiled into the binary (Swift string literals: nothing to install
/// beside `leadexd`, which `--static-swift-stdlib` builds need). Each is served under a name
/// with its content's hash, so browsers may keep it for a year and still never run an old one.
enum Assets {
    static let stylesheetPath = "/static/app.\(version(stylesheet)).css"
    static let exchangeScriptPath = "/static/exchange.\(version(exchangeScript)).js"

    private static func version(_ text: String) -> String { String(SHA256.hexDigest(Array(text.utf8)).prefix(12)) }

    static func add(to router: Router<WebContext>) {
        let files: [(String, String, String)] = [
            (stylesheetPath, stylesheet, "text/css; charset=utf-8"),
            (exchangeScriptPath, exchangeScript, "text/javascript; charset=utf-8"),
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
