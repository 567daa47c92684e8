internal import LeadexControlAPI
internal import LeadexCore

/// A request the control layer refuses before the store sees it: the caller is not a Leadex
/// user, or the request cannot be read.
struct ControlRefusal: Error, Sendable, CustomStringConvertible {
    enum Kind: String {
        case forbidden, invalid, notFound = "not_found", tooLarge = "too_large"
    }

    let kind: Kind
    let rule: String
    let message: String
    /// The same in Russian: every refusal has one, so a Russian department never reads English.
    var russian: String

    var description: String { message }

    static let noPeerCredentials = ControlRefusal(
        kind: .forbidden, rule: "user.unmapped", message: "the caller's credentials cannot be read from the socket",
        russian: "Не удалось узнать, кто подключился к сокету")

    static func unmapped(uid: UInt32, name: String?) -> ControlRefusal {
        let who = name.map { "Unix user '\($0)'" } ?? "uid \(uid)"
        return ControlRefusal(
            kind: .forbidden, rule: "user.unmapped",
            message: "\(who) is not a Leadex user: an admin maps it with unix_user = \"\(name ?? "NAME")\" in a [[user]] of the config",
            russian: (name.map { "Пользователь Unix «\($0)»" } ?? "uid \(uid)")
                + " не зарегистрирован в Leadex: администратор добавляет unix_user = \"\(name ?? "NAME")\" в [[user]] конфигурации")
    }

    /// A request that cannot be read, said in English and in Russian.
    static func invalid(_ message: String, russian: String) -> ControlRefusal {
        ControlRefusal(kind: .invalid, rule: "request", message: message, russian: russian)
    }

    /// A body over the limit (HTTP 413); the message names the limit.
    static func tooLarge(_ message: String, russian: String) -> ControlRefusal {
        ControlRefusal(kind: .tooLarge, rule: "request.too-large", message: message, russian: russian)
    }

    /// A request body that is not the JSON its route reads (`error`, the decoder's words, is
    /// quoted: it names the field).
    static func notJSON(_ error: any Error) -> ControlRefusal {
        invalid(
            "the request body is not the JSON expected: \(error)",
            russian: "тело запроса — не тот JSON, что ожидался (leadexctl и leadexd разных версий?): \(error)")
    }

    func reply(_ language: TextLanguage) -> ErrorReply {
        ErrorReply(kind: kind.rawValue, rule: rule, message: language == .ru ? russian : message)
    }

    /// A request line or header that is not HTTP, answered before any route, in `language`.
    static func malformed(_ english: String, russian: String, _ language: TextLanguage) -> ErrorReply {
        ErrorReply(kind: "invalid", rule: "request.malformed", message: language == .ru ? russian : english)
    }
}
