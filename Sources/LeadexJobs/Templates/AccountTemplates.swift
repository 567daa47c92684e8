internal import LeadexConfig

/// The built-in templates of the mail that carries a one-time password link: an invitation for a
/// user who has no password yet, a reset for one who has. Beside ``DefaultTemplates``, and
/// overridden the same way (`invitation.txt.mustache`, `password_reset.txt.mustache`).
enum AccountTemplates {
    static func all(_ language: Language) -> [String: String] {
        language == .ru ? russian : english
    }

    static let russian: [String: String] = [
        "invitation.txt": """
            Subject: Приглашение в Leadex: задайте пароль

            Здравствуйте, {{name}}!

            Для вас открыт вход в рабочее место Leadex (логин {{login}}). Чтобы войти, задайте пароль по ссылке:

            {{link}}

            Ссылка действует до {{expires}} и только один раз. Если вы не ждали этого письма, просто удалите его.
            -- 
            Leadex
            """,
        "password_reset.txt": """
            Subject: Leadex: ссылка для нового пароля

            Здравствуйте, {{name}}!

            Для вашего входа в Leadex (логин {{login}}) запрошен новый пароль. Задайте его по ссылке:

            {{link}}

            Ссылка действует до {{expires}} и только один раз; пока вы её не открыли, старый пароль работает. Если вы не просили новый пароль, сообщите администратору.
            -- 
            Leadex
            """,
    ]

    static let english: [String: String] = [
        "invitation.txt": """
            Subject: Your Leadex invitation: choose a password

            Hello {{name}},

            You can now log in to the Leadex workspace (login {{login}}). Choose your password here:

            {{link}}

            The link works once, until {{expires}}. If you did not expect this mail, delete it.
            -- 
            Leadex
            """,
        "password_reset.txt": """
            Subject: Leadex: a link to choose a new password

            Hello {{name}},

            A new password was requested for your Leadex login ({{login}}). Choose it here:

            {{link}}

            The link works once, until {{expires}}; your old password works until you use it. If you did not ask for a new password, tell your admin.
            -- 
            Leadex
            """,
    ]
}
