internal import Foundation
internal import LeadexConfig
internal import LeadexCore
internal import LeadexStore

/// The workspace's words in the configured language (Russian by default), as the templates use
/// them (`{{t.take}}`), and the sentences built from values.
struct WebText: Sendable {
    let language: Language
    /// The department's time zone (`timezone` in the config), for dates people read.
    var zone: ZoneRules = ZoneRules(TimeZone.current)

    /// Keyed words for the templates.
    var words: [String: String] { managerWords.merging(oversightWords) { mine, _ in mine } }

    /// The managers' pages' words.
    private var managerWords: [String: String] {
        switch language {
        case .ru:
            [
                "lang": "ru", "exchange": "Биржа", "take": "Взять", "logout": "Выйти", "login": "Вход", "loginField": "Логин",
                "password": "Пароль", "signIn": "Войти", "empty": "На бирже нет заявок.", "contact": "Контакт",
                "live": "Обновляется сама", "offline": "Нет связи, обновляю раз в минуту", "leadsOnExchange": "заявок на бирже",
                "skip": "К содержимому", "mine": "Мои сделки", "norm": "норма", "inStage": "В этапе", "overNorm": "дольше нормы",
                "overdue": "Просрочено", "noDeals": "Открытых сделок нет.", "request": "Заявка", "addNote": "Заметка (звонок, договорённость)",
                "save": "Сохранить", "moveTo": "Перевести в этап", "move": "Перевести", "win": "Успешно реализована",
                "returnToExchange": "Вернуть на биржу", "reminders": "Напоминания", "history": "История", "saved": "Сохранено.",
                "contacts": "Контакты", "search": "Найти", "searchHint": "Имя, телефон или email", "nothingFound": "Никого не нашлось.",
                "notify": "Уведомлять о новых заявках", "newLead": "Новая заявка", "clientName": "Имя клиента", "phone": "Телефон", "noteField": "Что нужно клиенту",
                "takeAtOnce": "Взять себе сразу", "add": "Добавить", "callback": "Перезвонить", "tomorrow10": "Завтра 10:00",
                "in2h": "Через 2 часа", "callbackAbout": "О чём звонок", "remind": "Напомнить", "refuse": "Условный отказ",
                "refuseNote": "Что произошло (* — обязательно)", "refuseButton": "Отказ", "keep": "Оставить при чистке",
                "unkeep": "Не оставлять при чистке", "badTime": "Укажите время звонка: дату и время или быстрый выбор.",
                "callbackNeedsNote": "Напишите, о чём звонок.", "amount": "Сумма сделки, ₽", "clearAmount": "Убрать сумму",
                "amountHint": "150 000, 150 000,50, 1,5 млн",
            ]
        case .en:
            [
                "lang": "en", "exchange": "Exchange", "take": "Take", "logout": "Log out", "login": "Log in", "loginField": "Login",
                "password": "Password", "signIn": "Log in", "empty": "No leads on the exchange.", "contact": "Contact",
                "live": "Updates by itself", "offline": "Connection lost, refreshing every minute", "leadsOnExchange": "leads on the exchange",
                "skip": "Skip to content", "mine": "My deals", "norm": "norm", "inStage": "In stage", "overNorm": "over the norm",
                "overdue": "Overdue", "noDeals": "No open deals.", "request": "Request", "addNote": "Note (a call, what was agreed)",
                "save": "Save", "moveTo": "Move to stage", "move": "Move", "win": "Won", "returnToExchange": "Return to the exchange",
                "reminders": "Reminders", "history": "History", "saved": "Saved.",
                "contacts": "Contacts", "search": "Search", "searchHint": "Name, phone or email", "nothingFound": "No one found.",
                "notify": "Notify me of new leads", "newLead": "New lead", "clientName": "Client's name", "phone": "Phone", "noteField": "What the client needs",
                "takeAtOnce": "Take it myself", "add": "Add", "callback": "Call back", "tomorrow10": "Tomorrow 10:00",
                "in2h": "In 2 hours", "callbackAbout": "What the call is about", "remind": "Remind me", "refuse": "Conditional refusal",
                "refuseNote": "What happened (* required)", "refuseButton": "Refuse", "keep": "Keep through the sweep",
                "unkeep": "Do not keep", "badTime": "Give the call's time: a date and time, or a quick choice.",
                "callbackNeedsNote": "Say what the call is about.", "amount": "Deal amount, ₽", "clearAmount": "Clear the amount",
                "amountHint": "150000, 150 000.50, 1,5 млн",
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

    func added(_ id: LeadID) -> String {
        language == .ru ? "Заявка №\(id) добавлена на биржу." : "Lead #\(id) is on the exchange."
    }

    func taken(_ id: LeadID) -> String {
        language == .ru ? "Заявка №\(id) теперь ваша." : "Lead #\(id) is yours now."
    }

    /// Why a typed-in lead was not added, next to its field.
    func manualLead(_ problem: ManualLeadProblem) -> String {
        if problem.controlCharacter {
            return language == .ru ? "В поле есть управляющий символ: уберите его." : "The field contains a control character: remove it."
        }
        return switch (problem.field, language) {
        case (.name, .ru): "Укажите имя клиента."
        case (.phone, .ru): "Это не номер телефона: российский в любом виде, другие с +кодом страны."
        case (.email, .ru): "Это не адрес электронной почты."
        case (.note, .ru): "Заметку не удалось принять."
        case (.name, .en): "Enter the client's name."
        case (.phone, .en): "Not a phone number: Russian numbers in any format, others with +country code."
        case (.email, .en): "Not an email address."
        case (.note, .en): "The note cannot be taken."
        }
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
        case (.noteRequired, .ru): return "Для этой причины нужна заметка: что произошло."
        case (.noteRequired, .en): return "This reason needs a note saying what happened."
        case (.unknownReason, .ru): return "Такой причины нет в списке."
        case (.unknownReason, .en): return "That reason is not in the list."
        case (.emptyNote, .ru): return "Заметка пуста: напишите, что было."
        case (.emptyNote, .en): return "The note is empty: write what happened."
        case (.sameStage, .ru): return "Сделка уже в этом этапе."
        case (.sameStage, .en): return "The deal is already in this stage."
        case (.unknownStage, .ru), (.stageNotAllowed, .ru): return "Этот этап вам недоступен."
        case (.unknownStage, .en), (.stageNotAllowed, .en): return "This stage is not open to you."
        case (.ownership, .ru): return "Это не ваша сделка."
        case (.ownership, .en): return "This is not your deal."
        case (.role, .ru): return "Ваша роль не позволяет это сделать."
        case (.role, .en): return "Your role does not allow this."
        case (.reopenNote, .ru): return "Напишите, что сказал клиент: без этого сделку не вернуть в работу."
        case (.reopenNote, .en): return "Write what the client said: a deal is not reopened without it."
        // The rest in the core's own wording (reminder times, reviews, rights): never the English log text.
        default: return violation.message(wording(policy))
        }
    }

    /// The domain's wording in this language and zone: refusals and history lines the pages do
    /// not word themselves.
    func wording(_ policy: ExchangePolicy) -> Wording {
        Wording(language: language == .ru ? .ru : .en, zone: zone, policy: policy)
    }

    /// How long ago `date` was, short: «5 мин», «2 ч», «3 дн».
    func age(since date: Date, now: Date) -> String { span(now.timeIntervalSince(date)) }

    /// A length of time, short: «5 мин», «2 ч 10 мин», «3 дн».
    func span(_ seconds: TimeInterval) -> String {
        // Clamped before the conversion: a date from outside may be anything.
        let minutes = Int(min(max(0, seconds / 60), 1e9))
        switch language {
        case .ru:
            if minutes < 1 { return "только что" }
            if minutes < 60 { return "\(minutes) мин" }
            if minutes < 24 * 60 { return minutes % 60 == 0 ? "\(minutes / 60) ч" : "\(minutes / 60) ч \(minutes % 60) мин" }
            return "\(minutes / (24 * 60)) дн"
        case .en:
            if minutes < 1 { return "just now" }
            if minutes < 60 { return "\(minutes) min" }
            if minutes < 24 * 60 { return minutes % 60 == 0 ? "\(minutes / 60) h" : "\(minutes / 60) h \(minutes % 60) min" }
            return "\(minutes / (24 * 60)) d"
        }
    }
}

extension WebText {
    /// `23.11 09:00` in the department's zone (`23.11.2025 09:00` outside the current year).
    func dateTime(_ date: Date) -> String {
        let civil = zone.civil(date)
        func two(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
        let year = civil.year == zone.civil(Date()).year ? "" : ".\(civil.year)"
        return "\(two(civil.day)).\(two(civil.month))\(year) \(two(civil.hour)):\(two(civil.minute))"
    }

    /// A history line's action, as people say it, with the reason's title where there is one.
    func history(_ entry: HistoryEntry, policy: ExchangePolicy) -> String {
        let action = historyAction(entry, pipeline: policy.pipeline)
        guard let reason = entry.reason, [.refused, .disqualified].contains(entry.action) else { return action }
        return action + " (\(wording(policy).reason(reason)))"
    }

    /// A history line's note as people read it: a reminder's note starts with its due time,
    /// which the store writes in UTC for the journal; here it is the local time to the minute.
    func historyNote(_ entry: HistoryEntry) -> String? {
        guard let note = entry.note, !note.isEmpty else { return nil }
        guard entry.action == .reminderSet, let (due, rest) = Wording.storedTimePrefix(note) else { return note }
        return (language == .ru ? "на " : "for ") + dateTime(due) + (rest.isEmpty ? "" : ": " + rest)
    }

    private func historyAction(_ entry: HistoryEntry, pipeline: Pipeline) -> String {
        func stage(_ id: StageID?) -> String { id.map { pipeline.stage($0)?.title ?? $0.rawValue } ?? "" }
        switch (entry.action, language) {
        case (.created, .ru): return "Заявка поступила"
        case (.taken, .ru): return "Взята с биржи"
        case (.returned, .ru): return "Возвращена на биржу"
        case (.kept, .ru): return "Оставлена при чистке"
        case (.unkept, .ru): return "Отметка «оставить» снята"
        case (.stageChanged, .ru): return "Этап: \(stage(entry.fromStage)) → \(stage(entry.toStage))"
        case (.refused, .ru): return "Условный отказ"
        case (.closedLost, .ru): return "Отказ подтверждён"
        case (.reopened, .ru): return "Возвращена в работу"
        case (.won, .ru): return "Успешно реализована"
        case (.disqualified, .ru): return "Не лид"
        case (.note, .ru): return "Заметка"
        case (.mailReceived, .ru): return "Письмо от клиента"
        case (.reminderSet, .ru): return "Напоминание"
        case (.swept, .ru): return "Возвращена на биржу при чистке"
        case (.mailRestored, .ru): return "Письмо возвращено из пропущенных"
        case (.reassigned, .ru): return "Передана руководителем"
        case (.amountSet, .ru): return "Сумма сделки"
        case (.stageChanged, .en): return "Stage: \(stage(entry.fromStage)) → \(stage(entry.toStage))"
        case (_, .en): return entry.action.rawValue.replacingOccurrences(of: "_", with: " ").capitalized
        }
    }

    /// Where a lead came from: its configured title (the policy's `sourceTitles`), else
    /// «почта · sales-inbox», «вручную · Иван Иванов».
    /// A lead's source as every other reader sees it (leadexctl, mails, the report): a mailbox's or
    /// form's configured title, else «Почта sales», «Форма site», «Вручную (Иван Иванов)».
    func source(_ source: LeadSource, policy: ExchangePolicy) -> String { wording(policy).source(source) }
}
