internal import Foundation

extension LeadexConfiguration {
    /// `[metrics]`: a section without `enabled` is on, since writing it means wanting it.
    static func readMetrics(_ section: ConfigReader.Section?, environment: [String: String]) -> MetricsSettings {
        guard let section else { return MetricsSettings() }
        defer { section.finish() }
        var settings = MetricsSettings(enabled: section.boolean("enabled") ?? true)
        if let listen = section.string("listen") {
            if let address = MetricsSettings.Address(parsing: listen) {
                settings.listen = address
            } else {
                section.problem(
                    "listen", "'metrics.listen' must be an IP address and port like \"127.0.0.1:9464\" or \"[::1]:9464\", found '\(listen)'")
            }
        }
        settings.token = readSecret(section, key: "token", environment: environment)
        if settings.enabled && !settings.listen.isLoopback && settings.token == nil
            && section.table["token_file"] == nil && section.table["token_credential"] == nil
        {
            section.problem(
                "listen", "'metrics.listen' \(settings.listen) is reachable from other machines: set 'metrics.token_file' or 'metrics.token_credential'")
        }
        return settings
    }
}
