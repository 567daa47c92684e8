internal import Foundation
internal import LeadexConfig
internal import LeadexCore

/// The words of QA's and the head's pages (refusals, now, reports).
extension WebText {
    var oversightWords: [String: String] {
        switch language {
        case .ru:
            [
                "refusals": "Отказы", "now": "Сейчас", "reports": "Отчёты", "refusalsTitle": "Условные отказы",
                "noRefusals": "Отказов на проверке нет.", "client": "Клиент", "manager": "Менеджер", "reason": "Причина",
                "refusedAt": "Отказ", "waiting": "ждёт", "dealHistory": "Сделка и история", "callScript": "Скрипт звонка",
                "reviewNote": "Что сказал клиент (обязательно, чтобы вернуть в работу)", "closeLost": "Закрыть как проигранную",
                "reopenExchange": "Вернуть на биржу", "reopenTo": "Передать менеджеру", "give": "Передать",
                "onExchange": "На бирже", "oldest": "самая старая ждёт", "pastThreshold": "ждут дольше порога",
                "team": "Менеджеры", "openOfCap": "В работе / лимит", "overdueCalls": "Просрочено звонков",
                "overNormDeals": "Дольше нормы", "refusalsWaiting": "Отказы на проверке", "total": "Всего", "wonSums": "Суммы выигранных сделок",
                "period": "Период", "from": "С", "to": "по", "show": "Показать", "totals": "Итоги", "received": "Заявок получено",
                "taken": "Взято в работу", "won": "Выиграно", "refused": "Условных отказов", "lost": "Закрыто как проигранные",
                "disqualified": "Дисквалифицировано", "conversion": "Конверсия", "previousWeek": "в скобках — предыдущий период такой же длины",
                "funnel": "Воронка по этапам", "stage": "Этап", "entered": "Вошло", "movedOn": "Дальше", "dropped": "Отказы",
                "median": "Медиана", "speed": "Скорость взятия (медиана / 90% быстрее)", "takes": "взято", "day": "День",
                "refusalReasons": "Причины отказов", "disqualifyReasons": "Причины дисквалификации", "sources": "Заявки по источникам",
                "manualSources": "Внесены вручную и импортом", "none": "нет", "untakenAlerts": "Ждали дольше порога оповещения",
                "timeToTake": "Время взятия", "reopened": "ОКК вернул", "breaches": "Нарушений норм", "chartFunnel": "Воронка: вошло в этап",
                "chartReasons": "Причины отказов", "chartSpeed": "Медиана времени взятия по дням",
                "managerNote": "Комментарий менеджера", "reassignTo": "Передать сделку менеджеру", "reassign": "Передать", "reassignNote": "Почему (обязательно): в отпуске, уволился…",
                "returnAll": "Вернуть все сделки менеджера на биржу", "returnAllButton": "Вернуть на биржу",
            ]
        case .en:
            [
                "refusals": "Refusals", "now": "Now", "reports": "Reports", "refusalsTitle": "Conditional refusals",
                "noRefusals": "No refusals awaiting review.", "client": "Client", "manager": "Manager", "reason": "Reason",
                "refusedAt": "Refused", "waiting": "waiting", "dealHistory": "Deal and history", "callScript": "Call script",
                "reviewNote": "What the client said (required to reopen)", "closeLost": "Close as lost",
                "reopenExchange": "Back to the exchange", "reopenTo": "Give to a manager", "give": "Give",
                "onExchange": "On the exchange", "oldest": "the oldest has waited", "pastThreshold": "past the alert threshold",
                "team": "Managers", "openOfCap": "Open / cap", "overdueCalls": "Overdue calls",
                "overNormDeals": "Over the norm", "refusalsWaiting": "Refusals awaiting review", "total": "Total", "wonSums": "Won deals' sums",
                "period": "Period", "from": "From", "to": "to", "show": "Show", "totals": "Totals", "received": "Requests received",
                "taken": "Taken", "won": "Won", "refused": "Conditional refusals", "lost": "Closed as lost",
                "disqualified": "Disqualified", "conversion": "Conversion", "previousWeek": "in brackets: the period of the same length before",
                "funnel": "Funnel by stage", "stage": "Stage", "entered": "Entered", "movedOn": "Moved on", "dropped": "Refused",
                "median": "Median", "speed": "Speed to lead (median / 90% faster)", "takes": "taken", "day": "Day",
                "refusalReasons": "Refusal reasons", "disqualifyReasons": "Disqualification reasons", "sources": "Requests by source",
                "manualSources": "Typed in and imported", "none": "none", "untakenAlerts": "Waited past the alert threshold",
                "timeToTake": "Time to take", "reopened": "Reopened by QA", "breaches": "Norms exceeded", "chartFunnel": "Funnel: entered the stage",
                "chartReasons": "Refusal reasons", "chartSpeed": "Median time to take per day",
                "managerNote": "Manager's note", "reassignTo": "Give the deal to a manager", "reassign": "Give", "reassignNote": "Why (required): on leave, leaving…",
                "returnAll": "Return all of a manager's deals to the exchange", "returnAllButton": "Return to the exchange",
            ]
        }
    }

    /// After the head returned all of a manager's deals to the exchange.
    func returnedAll(_ count: Int) -> String {
        language == .ru ? "Возвращено на биржу сделок: \(count)." : "Deals returned to the exchange: \(count)."
    }

    /// Why a report's period was not shown.
    var badPeriod: String {
        language == .ru
            ? "Период — две даты ГГГГ-ММ-ДД, первая не позже второй, не длиннее года."
            : "A period is two dates YYYY-MM-DD, the first not after the second, at most a year apart."
    }
}
