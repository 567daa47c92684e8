public import LeadexCore

/// The language of the default pipeline, reason lists and email templates.
public enum Language: String, Sendable, CaseIterable {
    case ru, en
}

/// What a department gets when its config names no pipeline or reasons: the typical new-client
/// pipeline and reason lists of Russian sales practice (see DOMAIN.md).
public enum Defaults {
    public static func pipeline(_ language: Language) -> [Stage] {
        let day = 86_400
        let stages: [(String, String, String, Int)] = [
            ("new", "Новая заявка", "New request", 3600),
            ("call", "Звонок", "Call", day),
            ("needs", "Выявление потребности", "Needs identified", 3 * day),
            ("proposal", "Коммерческое предложение", "Proposal sent", 5 * day),
            ("meeting", "Назначение встречи", "Meeting set", 7 * day),
            ("revision", "Доработка КП", "Proposal revised", 5 * day),
            ("closing", "Дожим", "Closing", 7 * day),
        ]
        return stages.map { id, ru, en, norm in
            Stage(id: StageID(id), title: language == .ru ? ru : en, norm: .seconds(norm))
        }
    }

    public static func refusalReasons(_ language: Language) -> [Reason] {
        let reasons: [(String, String, String)] = [
            ("expensive", "Дорого", "Too expensive"),
            ("small-budget", "Маленький бюджет", "Small budget"),
            ("competitor", "Выбрали конкурента", "Chose a competitor"),
            ("no-need", "Нет потребности", "No need"),
            ("unreachable", "Не дозвонились", "Unreachable"),
            ("timing", "Сроки не устроили", "Timing did not suit"),
            ("postponed", "Отложили покупку", "Purchase postponed"),
            ("other", "Другое", "Other"),
        ]
        return reasons.map { id, ru, en in
            Reason(id: ReasonID(id), title: language == .ru ? ru : en, requiresNote: id == "other")
        }
    }

    public static func disqualifyReasons(_ language: Language) -> [Reason] {
        let reasons: [(String, String, String)] = [
            ("wrong-number", "Ошиблись номером", "Wrong number"),
            ("outdated", "Интерес устарел", "Interest outdated"),
            ("spam", "Спам", "Spam"),
            ("duplicate", "Дубль", "Duplicate"),
        ]
        return reasons.map { id, ru, en in Reason(id: ReasonID(id), title: language == .ru ? ru : en) }
    }
}
