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
        case .receiverCapReached(let user, let cap):
            return "У \(wording.user(user)) уже \(cap) открытых сделок — это его предел: передайте сделку тому, у кого есть место, или сначала поднимите ему предел (cap) в конфигурации"
        case .reassignNote:
            return "Передача сделки требует комментария (--note): почему (отпуск, увольнение, перегрузка) — следующий менеджер его прочтёт"
        case .sameOwner(let id, let owner):
            return "\(deal(id)) уже у менеджера \(wording.user(owner))"
        case .badAmount(let text, let problem):
            switch problem {
            case .empty: return "Укажите сумму: 150000, 150 000, 150 000,50, 150 тыс или 1,5 млн"
            case .notANumber: return "«\(text)» — не сумма: пишите 150000, 150 000, 150 000,50, 150 тыс или 1,5 млн"
            case .ambiguous: return "«\(text)» можно понять двояко: тысячи пишите без знака (1500), рубли с копейками — 1,50"
            case .negative: return "Сумма не может быть отрицательной"
            case .zero: return "Сумма — больше нуля; чтобы убрать сумму сделки, очистите её (--clear)"
            case .fractionOfKopeck: return "В «\(text)» есть доля копейки"
            case .tooLarge: return "«\(text)» — больше \(DealAmount.maxRoubles / 1_000_000_000) млрд ₽: проверьте нули"
            }
        case .sameAmount(let amount):
            return amount.map { "Сумма сделки уже \(wording.money($0.kopecks))" } ?? "У сделки нет суммы, убирать нечего"
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
        case .reopenNeedsNote:
            return "Чтобы вернуть сделку в работу, нужна заметка (--note): что сказал клиент, для менеджера, который её получит"
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
            "reassign deals": "передавать сделки другим менеджерам", "reassign": "передать",
            "set deal amounts": "указывать сумму сделки", "set the amount of": "указать сумму",
        ]
        return phrases[action] ?? action
    }
}
