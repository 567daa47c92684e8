internal import Foundation

/// A mailbox or feed failure as admins read it: what happened and what to check, in the
/// department's language, with the technical detail (as the journal has it) kept apart to be
/// quoted below. Built from the text intake stores and logs (LeadexIntake's `IntakeError`
/// description, a store failure, a feed's problems), so rows earlier releases wrote read the
/// same way; the domain knows no curl, only these words.
public struct IntakeProblem: Sendable, Hashable {
    public enum Cause: Sendable, Hashable {
        /// No connection, a timeout, a name that does not resolve.
        case unreachable
        /// The server answered with this HTTP status (a 5xx, a 404).
        case http(Int)
        /// Login, password or token refused (with the HTTP status when there was one).
        case authentication(http: Int?)
        /// A certificate or TLS handshake problem.
        case tls
        /// A feed redirecting (usually to a login page).
        case redirect(Int)
        /// A feed answering with an HTML page instead of its data.
        case htmlPage
        /// Submissions the form's field mapping cannot read (a renamed field on the site).
        case unmappedItems
        /// A local problem: the database (a full disk).
        case store
        /// The server answered something Leadex cannot read.
        case unreadable
    }

    /// `IntakeError.Kind`'s raw values, the prefix of its description.
    private enum Kind: String {
        case unreachable, authentication, tls, protocolError
    }

    public var cause: Cause
    /// The technical message, without the internal kind prefix (`protocolError:`).
    public var detail: String

    public init(cause: Cause, detail: String) {
        self.cause = cause
        self.detail = detail
    }

    /// Reads what intake stored or logged: `unreachable: HTTP 500 from the feed`, `tls: …
    /// (curl 60)`, `SQLite error 13: …`, `2 item(s) held back until the mapping is fixed: …`.
    public init(stored text: String) {
        var kind: Kind?
        var message = Substring(text)
        if let colon = text.firstIndex(of: ":"), let known = Kind(rawValue: String(text[..<colon])) {
            kind = known
            message = text[text.index(after: colon)...].drop { $0 == " " }
        }
        self.detail = String(message)
        let status = Self.httpStatus(message)
        switch (kind, status) {
        case (.authentication?, let status): cause = .authentication(http: status)
        case (.tls?, _): cause = .tls
        case (_, let status?) where (300..<400).contains(status): cause = .redirect(status)
        case (_, let status?) where status == 401 || status == 403: cause = .authentication(http: status)
        case (_, let status?): cause = .http(status)
        case (.unreachable?, nil): cause = .unreachable
        default:
            if message.contains("HTML page") {
                cause = .htmlPage
            } else if message.contains("held back until the mapping is fixed") || message.contains("without an id") {
                cause = .unmappedItems
            } else if message.hasPrefix("SQLite error") || message.hasPrefix("the disk is full") {
                cause = .store
            } else {
                cause = .unreadable
            }
        }
    }

    /// "HTTP 500…" or "…: HTTP 500…": the status a web server answered, if the message names one.
    private static func httpStatus(_ message: Substring) -> Int? {
        guard let range = message.range(of: "HTTP ") else { return nil }
        let digits = message[range.upperBound...].prefix { $0.isASCII && $0.isNumber }
        guard digits.count == 3, let status = Int(digits), (100..<600).contains(status) else { return nil }
        return status
    }

    /// What happened and what to check, one line: "сервер ответил HTTP 500 — ошибка на стороне
    /// сайта: проверьте, что сайт работает".
    public func summary(_ language: TextLanguage) -> String {
        let ru = language == .ru
        switch cause {
        case .unreachable:
            return ru
                ? "сервер недоступен: нет соединения или он не ответил вовремя — проверьте, что он работает и адрес в конфигурации верен"
                : "the server cannot be reached: no connection, or no answer in time — check that it is up and that the address in the config is right"
        case .http(let status) where status >= 500:
            return ru
                ? "сервер ответил HTTP \(status) — ошибка на стороне сайта: проверьте, что сайт работает"
                : "the server answered HTTP \(status) — an error on the site's side: check that the site works"
        case .http(let status):
            return ru
                ? "сервер ответил HTTP \(status) — проверьте адрес (url) в конфигурации"
                : "the server answered HTTP \(status) — check the address (url) in the config"
        case .authentication(let status):
            let code = status.map { " (HTTP \($0))" } ?? ""
            return ru
                ? "сервер не принял учётные данные Leadex\(code) — проверьте логин, пароль или токен в конфигурации"
                : "the server refused Leadex's credentials\(code) — check the login, password or token in the config"
        case .tls:
            return ru
                ? "не удалось установить защищённое соединение (TLS) — проверьте сертификат сервера и ca_file в конфигурации"
                : "no secure connection could be made (TLS) — check the server's certificate and ca_file in the config"
        case .redirect(let status):
            return ru
                ? "лента перенаправляет на другую страницу (HTTP \(status)), обычно на страницу входа — проверьте учётные данные ленты"
                : "the feed redirects elsewhere (HTTP \(status)), usually to a login page — check the feed's credentials"
        case .htmlPage:
            return ru
                ? "вместо данных лента прислала HTML-страницу, обычно страницу входа — проверьте адрес ленты и учётные данные"
                : "the feed sent an HTML page instead of its data, usually a login page — check the feed's address and credentials"
        case .unmappedItems:
            return ru
                ? "часть заявок формы нельзя прочитать: на сайте, вероятно, переименовали поля — сверьте поля [[form]] с формой, отложенные заявки будут прочитаны после исправления"
                : "some of the form's requests cannot be read: the site probably renamed its fields — compare the [[form]] fields with the form; the held requests are read once it is fixed"
        case .store:
            return ru
                ? "Leadex не может записать в свою базу — проверьте место на диске и журнал"
                : "Leadex cannot write to its database — check the free disk space and the journal"
        case .unreadable:
            return ru
                ? "сервер ответил то, чего Leadex не понимает — подробности ниже и в журнале"
                : "the server answered something Leadex cannot read — see the detail below and the journal"
        }
    }
}

extension IntakeProblem {
    /// A problem in words: the line an admin reads first, and the technical detail to quote.
    public struct Explained: Sendable, Hashable {
        public var summary: String
        public var detail: String?

        public init(summary: String, detail: String?) {
            self.summary = summary
            self.detail = detail
        }

        /// The summary, with the detail in brackets when there is one: one line for the journal.
        public var line: String { summary + (detail.map { " (\($0))" } ?? "") }
    }

    /// ``summary(_:)`` with ``detail``.
    public func explained(_ language: TextLanguage) -> Explained {
        Explained(summary: summary(language), detail: detail.isEmpty ? nil : detail)
    }
}
