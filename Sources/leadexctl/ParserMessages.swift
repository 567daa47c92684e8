import ArgumentParser
import Foundation
import LeadexCore

/// swift-argument-parser's own messages (a missing argument, an unknown option, a value it
/// cannot read) in the language leadexctl speaks. The parser has no localisation, so its English
/// lines are recognised by their fixed openings and reworded; a line it does not know keeps its
/// English, still followed by the usage line, so nothing is lost. Help (`--help`) stays English
/// like the man page.
enum ParserMessages {
    static func say(_ message: String, in language: TextLanguage) -> String {
        guard language == .ru else { return message }
        return message.split(separator: "\n", omittingEmptySubsequences: false).map { russian(String($0)) }.joined(separator: "\n")
    }

    static func russian(_ line: String) -> String {
        if let rest = line.dropPrefix("Error: ") { return "Ошибка: " + error(rest) }
        if let rest = line.dropPrefix("Usage: ") { return "Вызов: " + rest }
        if let rest = line.dropPrefix("Help:  ") { return "Справка: " + rest }
        if let rest = line.dropPrefix("  See '"), let command = rest.dropSuffix("' for more information.") {
            return "  Подробнее: " + command
        }
        return line
    }

    private static func error(_ text: String) -> String {
        if let name = quoted(text, "Missing expected argument '", "'") { return "не хватает аргумента \(name)" }
        if let name = quoted(text, "Unexpected argument '", "'") { return "лишний аргумент «\(name)»" }
        if let name = quoted(text, "Missing value for '", "'") { return "не указано значение для \(name)" }
        if let rest = text.dropPrefix("Unknown option '"), let end = rest.range(of: "'") {
            let option = rest[..<end.lowerBound]
            let hint = rest[end.upperBound...]
            if let suggestion = quoted(String(hint), ". Did you mean '", "'?") { return "неизвестный параметр \(option). Может быть, \(suggestion)?" }
            return "неизвестный параметр \(option)"
        }
        if let rest = text.dropPrefix("The value '"), let end = rest.range(of: "' is invalid for '"),
            let name = rest[end.upperBound...].dropSuffix("'")
        {
            return "значение «\(rest[..<end.lowerBound])» не подходит для \(name)"
        }
        // Our own ValidationErrors are in the language already.
        return text
    }

    /// The text between `opening` and `closing` when `text` is exactly that.
    private static func quoted(_ text: String, _ opening: String, _ closing: String) -> String? {
        text.dropPrefix(opening)?.dropSuffix(closing)
    }
}

extension StringProtocol {
    fileprivate func dropPrefix(_ prefix: String) -> String? { hasPrefix(prefix) ? String(dropFirst(prefix.count)) : nil }
    fileprivate func dropSuffix(_ suffix: String) -> String? { hasSuffix(suffix) ? String(dropLast(suffix.count)) : nil }
}
