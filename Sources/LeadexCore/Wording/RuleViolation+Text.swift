extension RuleViolation {
    /// The refusal as the person who tried reads it, in the department's language, with stages,
    /// reasons and people by their titles and names. ``description`` stays the English one the
    /// journal greps for; `rule` and `kind` stay the ids scripts test.
    public func message(_ wording: Wording) -> String {
        guard wording.language == .ru else { return description }
        let deal = { (id: LeadID?) in id.map { "Сделка \($0)" } ?? "Сделка" }
        switch code {
        case .role(let role, let action):
            return "\(Self.russian(role)) не может \(Self.russianAction(action))"
        case .notVisible(let id):
            return "\(deal(id)) не ваша: менеджер видит только биржу и свои сделки"
        case .notOwner(let id, let owner):
            if let owner {
                return "\(deal(id)) у менеджера \(wording.user(owner)): это может только он (или руководитель отдела продаж)"
            }
            return "\(deal(id)) на бирже: сначала возьмите её"
        case .alreadyTaken(let id, let by):
            return "\(deal(id)) уже взята: \(wording.user(by))"
        case .alreadyYours(let id):
            return "\(deal(id)) уже ваша"
        case .capReached(let user, let cap):
            return "У \(wording.user(user)) уже \(cap) открытых сделок — это предел: выиграйте, откажите или верните сделку, чтобы взять новую"
        case .wrongState(let id, let state, let action):
            return "Нельзя \(Self.russianAction(action)): \(deal(id).lowercased()) \(Self.russian(state))"
        case .unknownStage(let stage):
            let known = wording.policy.pipeline.stages.map(\.id.rawValue).joined(separator: ", ")
            return "В воронке нет этапа «\(stage)» (есть: \(known))"
        case .stageNotAllowed(let stage, let user):
            return "\(wording.user(user)) не может переводить сделки на этап «\(wording.stage(stage))»"
        case .sameStage(let stage):
            return "Сделка уже на этапе «\(wording.stage(stage))»"
        case .unknownReason(let reason, let list):
            let reasons = list == "refusal" ? wording.policy.refusalReasons : wording.policy.disqualifyReasons
            let known = reasons.map(\.id.rawValue).joined(separator: ", ")
            return "Причины «\(reason)» нет в списке (\(list == "refusal" ? "причины отказа" : "причины дисквалификации"): \(known))"
        case .noteRequired(let reason):
            return "Для причины «\(wording.reason(reason))» нужен комментарий (--note): что случилось"
        case .refusalReview(let action):
            return "Только ОКК или руководитель может \(Self.russianAction(action)): менеджер ставит условный отказ"
        case .unknownUser(let login):
            return "Нет пользователя «\(login)»"
        case .missingRight(let right):
            return "Нужно право «\(right)»: администратор выдаёт его строкой rights = [\"\(right)\"] в [[user]] этого пользователя в конфигурации"
        case .leadNotFound(let id):
            return "Нет заявки \(id)"
        case .contactNotFound(let id):
            return "Нет контакта \(id)"
        case .reminderInPast:
            return "Время напоминания уже прошло: напоминание — для звонка, который ещё предстоит (проверьте дату и год)"
        case .reminderTooFar(let years):
            return "Время напоминания дальше чем через \(years) лет: звонить будет некому (проверьте дату и год)"
        case .emptyNote:
            return "Заметка пуста: напишите, что было (звонок, недозвон, о чём договорились)"
        case .ignoredMailNotFound(let id):
            return "Нет пропущенного письма \(id) (их список: leadexctl ignored)"
        }
    }

    private static func russian(_ role: Role) -> String {
        switch role {
        case .manager: "Менеджер"
        case .qa: "ОКК"
        case .head: "Руководитель отдела продаж"
        case .admin: "Администратор"
        }
    }

    private static func russian(_ state: LeadStatus.Kind) -> String {
        switch state {
        case .exchange: "на бирже"
        case .owned: "в работе"
        case .conditionalRefusal: "— условный отказ, ждёт проверки"
        case .won: "выиграна"
        case .lost: "закрыта как проигранная"
        case .disqualified: "дисквалифицирована"
        }
    }

    /// The English action phrases ExchangeRules passes, in Russian; one it does not know stays as it is.
    private static func russianAction(_ action: String) -> String {
        let phrases = [
            "take leads": "брать заявки", "be given deals": "получать сделки", "disqualify leads": "дисквалифицировать заявки",
            "return deals": "возвращать сделки", "move deals": "переводить сделки", "refuse deals": "ставить отказ",
            "win deals": "закрывать сделки", "disqualify deals": "дисквалифицировать сделки",
            "take": "взять", "close as lost": "закрыть как проигранную", "reopen": "вернуть в работу", "disqualify": "дисквалифицировать",
            "return": "вернуть на биржу", "move": "перевести", "refuse": "поставить отказ", "win": "закрыть как выигранную",
            "close a deal as lost": "закрыть сделку как проигранную", "reopen a deal": "вернуть сделку в работу",
        ]
        return phrases[action] ?? action
    }
}
