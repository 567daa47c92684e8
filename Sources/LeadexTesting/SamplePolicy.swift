public import LeadexCore

/// A small department for tests: the default pipeline and reasons, two managers, QA, the head and
/// an admin.
public enum SamplePolicy {
    public static let ivanov: UserLogin = "ivanov"
    public static let petrov: UserLogin = "petrov"
    public static let trainee: UserLogin = "sidorova"
    public static let qa: UserLogin = "okk"
    public static let head: UserLogin = "head"
    public static let admin: UserLogin = "admin"
    public static let exporter: UserLogin = "analyst"

    public static func make(defaultCap: Int = 3) -> ExchangePolicy {
        let pipeline = try! Pipeline([
            Stage(id: "new", title: "Новая заявка", norm: .seconds(3600)),
            Stage(id: "call", title: "Звонок", norm: .seconds(86_400)),
            Stage(id: "needs", title: "Выявление потребности", norm: .seconds(3 * 86_400)),
            Stage(id: "proposal", title: "Коммерческое предложение", norm: .seconds(5 * 86_400)),
            Stage(id: "closing", title: "Дожим", norm: .seconds(7 * 86_400)),
        ])
        return ExchangePolicy(
            pipeline: pipeline,
            refusalReasons: [
                Reason(id: "expensive", title: "Дорого"),
                Reason(id: "competitor", title: "Выбрали конкурента"),
                Reason(id: "other", title: "Другое", requiresNote: true),
            ],
            disqualifyReasons: [
                Reason(id: "spam", title: "Спам"),
                Reason(id: "wrong-number", title: "Ошиблись номером"),
            ],
            defaultCap: defaultCap,
            users: [
                User(login: ivanov, name: "Иван Иванов", email: "ivanov@example.ru", role: .manager),
                User(login: petrov, name: "Пётр Петров", email: "petrov@example.ru", role: .manager, cap: 1),
                User(
                    login: trainee, name: "Анна Сидорова", role: .manager,
                    allowedStages: ["new", "call", "needs"]
                ),
                User(login: qa, name: "Ольга ОКК", role: .qa),
                User(login: head, name: "Руководитель", role: .head),
                User(login: admin, name: "Администратор", role: .admin),
                User(login: exporter, name: "Аналитик", role: .manager, rights: [.export]),
            ]
        )
    }
}
