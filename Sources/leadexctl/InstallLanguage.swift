import Foundation
import LeadexCore

/// The language leadexctl speaks before the daemon has answered (its own argument errors, a
/// socket it cannot reach): every later reply names the department's language itself.
///
/// In order: the config's top-level `language`, when this account can read the config (an
/// admin; `$LEADEX_CONFIG`, else /etc/leadex/leadex.toml); else the locale the person set
/// (`LC_ALL`, `LC_MESSAGES`, `LANG`: `ru_RU.UTF-8` → Russian, `en_US.UTF-8` → English) — a
/// manager has no read access to /etc/leadex; else Russian, the configured default. A locale of
/// `C` or `POSIX` says nothing about the person, so it does not count.
enum InstallLanguage {
    static let current = detect(ProcessInfo.processInfo.environment)

    static func detect(_ environment: [String: String]) -> TextLanguage {
        let path = environment["LEADEX_CONFIG"].flatMap { $0.isEmpty ? nil : $0 } ?? "/etc/leadex/leadex.toml"
        if let text = try? String(contentsOfFile: path, encoding: .utf8), let language = configured(text) { return language }
        for name in ["LC_ALL", "LC_MESSAGES", "LANG"] {
            guard let value = environment[name], !value.isEmpty else { continue }
            // The first one set decides, as in setlocale(3); C and POSIX decide nothing.
            if value.hasPrefix("ru") { return .ru }
            if value.hasPrefix("en") { return .en }
            break
        }
        return .ru
    }

    /// The top-level `language = "en"` of a config's text (before its first [section]).
    static func configured(_ text: String) -> TextLanguage? {
        for line in text.split(whereSeparator: \.isNewline) {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.hasPrefix("[") { return nil }
            guard trimmed.hasPrefix("language") else { continue }
            let parts = trimmed.split(separator: "=", maxSplits: 1)
            guard parts.count == 2, parts[0].trimmingCharacters(in: .whitespaces) == "language" else { continue }
            let value = parts[1].split(separator: "#", maxSplits: 1).first.map { $0.trimmingCharacters(in: .whitespaces) } ?? ""
            return TextLanguage(rawValue: value.trimmingCharacters(in: CharacterSet(charactersIn: "\"'")))
        }
        return nil
    }
}
