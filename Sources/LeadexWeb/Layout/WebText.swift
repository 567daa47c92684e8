internal import Foundation
internal import LeadexConfig
internal import LeadexCore

/// The workspace's words in the configured language (Russian by default), as the templates use
/// them (`{{t.take}}`), and the sentences built from values.
struct WebText: Sendable {
    let language: Language

    /// Keyed words for the templates.
    var words: [String: String] {
        switch language {
        case .ru:
            [
                "lang": "ru", "exchange": "Биржа", "take": "Взять", "logout": "Выйти", "login": "Вход", "loginField": "Логин",
                "password": "Пароль", "signIn": "Войти", "empty": "На бирже нет заявок.", "contact": "Контакт",
                "live": "Обновляется сама", "offline": "Нет связи, обновляю раз в минуту", "leadsOnExchange": "заявок на бирже",
                "skip": "К содержимому",
            ]
        case .en:
            [
                "lang": "en", "exchange": "Exchange", "take": "Take", "logout": "Log out", "login": "Log in", "loginField": "Login",
                "password": "Password", "signIn": "Log in", "empty": "No leads on the exchange.", "contact": "Contact",
                "live": "Updates by itself", "offline": "Connection lost, refreshing every minute", "leadsOnExchange": "leads on the exchange",
                "skip": "Skip to content",
            ]
        }
    }

    /// One message for a wrong login and a wrong password alike: the answer must not say which
    /// logins exist.
    var loginFailed: String {
        language == .ru ? "Неверный логин или пароль." : "Wrong login or password."
    }

    func loginThrottled(seconds: Int) -> String {
        language == .ru
            ? "Слишком много неудачных попыток. Попробуйте снова через \(seconds) с."
            : "Too many failed attempts. Try again in \(seconds) s."
    }

    func taken(_ id: LeadID) -> String {
        language == .ru ? "Заявка №\(id) теперь ваша." : "Lead #\(id) is yours now."
    }

    /// A refusal of the core, for the person who tried: who took the lead, the cap, and so on.
    func refusal(_ violation: RuleViolation, policy: ExchangePolicy) -> String {
        func name(_ login: UserLogin) -> String { policy.users[login]?.name ?? login.rawValue }
        switch (violation.rule, language) {
        case (.alreadyTaken, .ru):
            if let by = violation.takenBy { return "Заявку уже взял(а) \(name(by))." }
            return "Эта заявка уже ваша."
        case (.alreadyTaken, .en):
            if let by = violation.takenBy { return "\(name(by)) has already taken this lead." }
            return "This lead is already yours."
        case (.cap, .ru): return "Достигнут лимит открытых сделок: закройте, откажите или верните сделку, чтобы взять новую."
        case (.cap, .en): return "You have reached your cap of open deals: win, refuse or return a deal to take a new one."
        case (.notFound, .ru), (.visibility, .ru): return "Такой заявки нет."
        case (.notFound, .en), (.visibility, .en): return "There is no such lead."
        case (.state, .ru): return "Заявки уже нет на бирже."
        case (.state, .en): return "The lead is no longer on the exchange."
        case (.role, .ru): return "Ваша роль не позволяет это сделать."
        case (.role, .en): return "Your role does not allow this."
        default: return violation.description
        }
    }

    /// How long ago `date` was, short: «5 мин», «2 ч», «3 дн».
    func age(since date: Date, now: Date) -> String {
        let minutes = max(0, Int(now.timeIntervalSince(date) / 60))
        switch language {
        case .ru:
            if minutes < 1 { return "только что" }
            if minutes < 60 { return "\(minutes) мин" }
            if minutes < 24 * 60 { return "\(minutes / 60) ч \(minutes % 60) мин" }
            return "\(minutes / (24 * 60)) дн"
        case .en:
            if minutes < 1 { return "just now" }
            if minutes < 60 { return "\(minutes) min" }
            if minutes < 24 * 60 { return "\(minutes / 60) h \(minutes % 60) min" }
            return "\(minutes / (24 * 60)) d"
        }
    }
}

extension WebText {
    /// Where a lead came from: «почта · sales-inbox».
    func source(_ source: LeadSource) -> String {
        let kind: String = switch (source.kind, language) {
        case (.mail, .ru): "почта"
        case (.form, .ru): "форма"
        case (.manual, .ru): "вручную"
        case (.import, .ru): "импорт"
        case (.mail, .en): "mail"
        case (.form, .en): "form"
        case (.manual, .en): "by hand"
        case (.import, .en): "import"
        }
        return "\(kind) · \(source.name)"
    }
}
