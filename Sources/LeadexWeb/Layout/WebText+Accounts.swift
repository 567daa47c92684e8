internal import LeadexConfig
internal import LeadexCore
internal import LeadexStore

/// The words of the account pages (choosing a password from a one-time link, the admins' users
/// page), kept apart from the workspace's daily words; templates read them as `{{a.…}}`.
extension WebText {
    var accountWords: [String: String] {
        switch language {
        case .ru:
            [
                "newPassword": "Новый пароль", "repeatPassword": "Пароль ещё раз", "savePassword": "Сохранить пароль",
                "passwordRule": "Не короче 8 символов.", "invalidLink": "Ссылка недействительна",
                "invalidLinkText": "Эта ссылка уже использована, устарела или заменена более новой. Попросите администратора прислать новую.",
                "toLogin": "Ко входу", "users": "Пользователи", "role": "Роль", "cap": "Лимит", "hasPassword": "Пароль",
                "lastLogin": "Последний вход", "sessions": "Сеансы", "yes": "есть", "no": "нет", "never": "не входил(а)",
                "invite": "Отправить приглашение", "reset": "Отправить ссылку для сброса", "endSessions": "Завершить сеансы",
                "noEmail": "нет email", "user": "Пользователь", "actions": "Действия",
                "usersHint": "Пользователи и их роли задаются в конфигурации ([[user]]); здесь — вход в веб-кабинет.",
            ]
        case .en:
            [
                "newPassword": "New password", "repeatPassword": "Password again", "savePassword": "Save the password",
                "passwordRule": "At least 8 characters.", "invalidLink": "This link does not work",
                "invalidLinkText": "This link has been used, has expired or was replaced by a newer one. Ask your admin to send a new one.",
                "toLogin": "To the login", "users": "Users", "role": "Role", "cap": "Cap", "hasPassword": "Password",
                "lastLogin": "Last login", "sessions": "Sessions", "yes": "yes", "no": "no", "never": "never",
                "invite": "Send an invitation", "reset": "Send a reset link", "endSessions": "End sessions",
                "noEmail": "no email", "user": "User", "actions": "Actions",
                "usersHint": "Users and their roles are set in the configuration ([[user]]); this page is about logging in to the web.",
            ]
        }
    }

    /// The heading and first line of the password page, by the link's purpose.
    func passwordPage(_ purpose: InvitationPurpose, name: String) -> (title: String, intro: String) {
        switch (purpose, language) {
        case (.invitation, .ru): ("Добро пожаловать в Leadex", "\(name), задайте пароль для входа.")
        case (.reset, .ru): ("Новый пароль", "\(name), задайте новый пароль. Все ваши открытые сеансы будут завершены.")
        case (.invitation, .en): ("Welcome to Leadex", "\(name), choose the password you will log in with.")
        case (.reset, .en): ("New password", "\(name), choose a new password. Every session of yours still open will end.")
        }
    }

    /// Why a new password was refused, in the user's words.
    func passwordProblem(_ reason: Passwords.Problem.Reason) -> String {
        switch (reason, language) {
        case (.tooShort, .ru): "Пароль должен быть не короче \(Passwords.minimumLength) символов."
        case (.tooLong, .ru): "Пароль слишком длинный: не больше \(Passwords.maximumBytes) байт (около 36 русских букв)."
        case (.controlCharacter, .ru): "В пароле не должно быть управляющих символов (табуляции, перевода строки)."
        case (.mismatch, .ru): "Пароли не совпадают: введите один и тот же дважды."
        case (.tooShort, .en): "A password needs at least \(Passwords.minimumLength) characters."
        case (.tooLong, .en): "The password is too long: at most \(Passwords.maximumBytes) bytes."
        case (.controlCharacter, .en): "A password may not contain control characters (a tab, a line break)."
        case (.mismatch, .en): "The passwords differ: type the same one twice."
        }
    }

    /// The notice on the login page after a password was chosen.
    var passwordSet: String {
        language == .ru ? "Пароль сохранён. Войдите с новым паролем." : "Your password is saved. Log in with it."
    }

    /// A role as people say it.
    func roleTitle(_ role: Role) -> String {
        switch (role, language) {
        case (.manager, .ru): "Менеджер"
        case (.qa, .ru): "ОКК"
        case (.head, .ru): "Руководитель отдела продаж"
        case (.admin, .ru): "Администратор"
        case (.manager, .en): "Manager"
        case (.qa, .en): "Quality control"
        case (.head, .en): "Head of sales"
        case (.admin, .en): "Admin"
        }
    }

    /// The users page's line after an action (`?done=`).
    func usersNotice(_ done: String) -> String? {
        switch (done, language) {
        case ("invited", .ru): "Приглашение отправлено."
        case ("reset", .ru): "Ссылка для нового пароля отправлена."
        case ("ended", .ru): "Сеансы завершены."
        case ("invited", .en): "The invitation is on its way."
        case ("reset", .en): "The password reset link is on its way."
        case ("ended", .en): "The sessions have ended."
        default: nil
        }
    }

    /// Why no link was mailed.
    func linkRefused(_ reason: Invitations.Refusal.Reason) -> String {
        switch (reason, language) {
        case (.noPublicURL, .ru): "Ссылку не отправить: в конфигурации не задан [web] public_url — адрес, по которому открывают кабинет."
        case (.unknownUser, .ru): "Такого пользователя нет в конфигурации."
        case (.noEmail, .ru): "У пользователя нет email: ссылку не на что отправить."
        case (.noPublicURL, .en): "No link can be sent: [web] public_url, the address people open the workspace at, is not set."
        case (.unknownUser, .en): "There is no such user in the configuration."
        case (.noEmail, .en): "The user has no email to send the link to."
        }
    }

    /// A link mailed and not used yet.
    func pendingLink(_ purpose: InvitationPurpose, until: String) -> String {
        switch (purpose, language) {
        case (.invitation, .ru): "приглашение действует до \(until)"
        case (.reset, .ru): "ссылка сброса действует до \(until)"
        case (.invitation, .en): "invitation good until \(until)"
        case (.reset, .en): "reset link good until \(until)"
        }
    }
}
