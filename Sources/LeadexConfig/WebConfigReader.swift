internal import Foundation

extension LeadexConfiguration {
    static func readWeb(_ section: ConfigReader.Section?) -> WebSettings {
        var web = WebSettings()
        guard let section else { return web }
        defer { section.finish() }
        if let listen = section.string("listen") {
            if let parsed = WebSettings.Listen(parsing: listen) {
                web.listen = parsed
            } else {
                section.problem("listen", "'web.listen' must be an IP address and port like \"127.0.0.1:8080\" or \"[::1]:8080\", found '\(listen)'")
            }
        }
        if let url = section.string("public_url") {
            let trimmed = url.hasSuffix("/") ? String(url.dropLast()) : url
            let scheme = trimmed.hasPrefix("https://") ? "https://" : trimmed.hasPrefix("http://") ? "http://" : nil
            // An origin only: the CSRF check compares it with the browser's Origin header.
            if let scheme, let host = trimmed.dropFirst(scheme.count).split(separator: "/", omittingEmptySubsequences: false).first,
                !host.isEmpty, !trimmed.dropFirst(scheme.count).contains("/")
            {
                web.publicURL = trimmed
            } else {
                section.problem(
                    "public_url", "'web.public_url' must be an origin like \"https://leads.example.ru\" (no path), found '\(url)'")
            }
        }
        let minute = Duration.seconds(60)
        if let idle = section.duration("idle_timeout") {
            if idle < minute { section.problem("idle_timeout", "'web.idle_timeout' must be at least 1m") } else { web.idleTimeout = idle }
        }
        if let absolute = section.duration("absolute_timeout") {
            if absolute < minute {
                section.problem("absolute_timeout", "'web.absolute_timeout' must be at least 1m")
            } else {
                web.absoluteTimeout = absolute
            }
        }
        if web.absoluteTimeout < web.idleTimeout {
            section.problem("absolute_timeout", "'web.absolute_timeout' must not be shorter than 'web.idle_timeout'")
        }
        if let keepAlive = section.duration("keep_alive") {
            if keepAlive < .seconds(5) || keepAlive > .seconds(300) {
                section.problem("keep_alive", "'web.keep_alive' must be between 5s and 5m")
            } else {
                web.keepAlive = keepAlive
            }
        }
        if let validity = section.duration("invitation_validity") {
            if validity < .seconds(600) || validity > .seconds(30 * 86_400) {
                section.problem("invitation_validity", "'web.invitation_validity' must be between 10m and 30d")
            } else {
                web.invitationValidity = validity
            }
        }
        if let company = section.string("company") {
            let trimmed = company.trimmingCharacters(in: .whitespacesAndNewlines)
            if trimmed.isEmpty || trimmed.count > 200 || trimmed.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) {
                section.problem("company", "'web.company' must be the company's name on one line, at most 200 characters")
            } else {
                web.company = trimmed
            }
        }
        return web
    }
}
