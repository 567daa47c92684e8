internal import LeadexConfig

/// The built-in mail templates, by language. Each text template starts with its subject line;
/// an admin overrides any of them with a file of the same name in `[mail] templates`.
enum DefaultTemplates {
    static func all(_ language: Language) -> [String: String] {
        language == .ru ? russian : english
    }

    static let russian: [String: String] = [
        "reminder.txt": """
            Subject: {{#overdue}}[просрочено] {{/overdue}}Перезвонить: {{contact.name}} — {{lead.title}}

            {{greeting}}

            Напоминание{{#overdue}} (отправлено с опозданием: срок был {{due}}){{/overdue}}: позвонить клиенту.

            Клиент: {{contact.name}}{{#contact.company}} ({{contact.company}}){{/contact.company}}
            {{contact_lines}}
            Что обсудить: {{note}}

            Сделка №{{lead.id}} «{{lead.title}}», этап «{{lead.stage}}»{{#lead.owner}}, ответственный {{lead.owner}}{{/lead.owner}}{{^lead.owner}}, сделка на бирже{{/lead.owner}}.

            Последние события:
            {{history_lines}}
            -- 
            Leadex: leadexctl show {{lead.id}}
            """,
        "stage_alert_owner.txt": """
            Subject: Сделки дольше нормы на этапе: {{count}}

            {{greeting}}

            Эти сделки находятся на этапе дольше нормы. Продвиньте их, верните на биржу или оформите отказ.

            {{#deals}}№{{id}} «{{title}}» — {{contact}}{{#phone}}, {{phone}}{{/phone}}
              этап «{{stage}}»: {{in_stage}} при норме {{norm}}
            {{/deals}}
            -- 
            Leadex
            """,
        "stage_alert_head.txt": """
            Subject: Нарушены нормы этапов: {{count}} сделок

            Сделки, которые стоят на этапе дольше нормы и после напоминания ответственному:

            {{#deals}}№{{id}} «{{title}}» — {{contact}}, ответственный {{owner}}
              этап «{{stage}}»: {{in_stage}} при норме {{norm}}
            {{/deals}}
            -- 
            Leadex
            """,
        "untaken_alert.txt": """
            Subject: Заявки ждут на бирже: {{count}}

            Эти заявки никто не взял в работу дольше {{after}} рабочего времени. Скорость реакции решает, кто получит клиента.

            {{#leads}}№{{id}} «{{title}}» — {{contact}}{{#phone}}, {{phone}}{{/phone}}
              источник {{source}}, ждёт {{waiting}}
            {{/leads}}
            -- 
            Leadex: leadexctl exchange
            """,
        "sweep_notice.txt": """
            Subject: Сделки возвращены на биржу: {{count}}

            {{greeting}}

            Эти сделки возвращены на биржу{{#inactive}}: по ним не было активности {{inactive}}{{/inactive}}{{^inactive}} общей чисткой неотмеченных сделок{{/inactive}}. Чтобы удержать сделку до следующей чистки, отмечайте её (leadexctl keep).

            {{#deals}}№{{id}} «{{title}}»
            {{/deals}}
            -- 
            Leadex
            """,
        "weekly_report.txt": """
            Subject: Отчёт отдела продаж за {{period}}

            Отчёт за {{period}}
            Новых заявок: {{new_leads}}; сейчас на бирже: {{on_exchange}}

            Воронка по этапам (вошло / прошло дальше / выбыло / выиграно / конверсия / медиана на этапе):
            {{#stages}}  {{title}}: {{entered}} / {{moved_on}} / {{dropped}} / {{won}} / {{conversion}} / {{median}}
            {{/stages}}
            Причины отказов:
            {{#refusals}}  {{title}}: {{count}}
            {{/refusals}}{{^refusals}}  нет
            {{/refusals}}
            Дисквалификации:
            {{#disqualifications}}  {{title}}: {{count}}
            {{/disqualifications}}{{^disqualifications}}  нет
            {{/disqualifications}}
            Менеджеры (в работе / лимит, взято, выиграно, медиана времени до взятия):
            {{#managers}}  {{name}}: {{open}} / {{cap}}, взято {{taken}}, выиграно {{won}}, {{time_to_take}}
            {{/managers}}
            Формы и почтовые ящики:
            {{#sources}}  {{name}}: {{status}}
            {{/sources}}{{^sources}}  нет данных
            {{/sources}}
            -- 
            Leadex
            """,
        "weekly_report.html": """
            <html><body>
            <h2>Отчёт за {{period}}</h2>
            <p>Новых заявок: {{new_leads}}; сейчас на бирже: {{on_exchange}}</p>
            <h3>Воронка</h3>
            <table border="1" cellpadding="4"><tr><th>Этап</th><th>Вошло</th><th>Дальше</th><th>Выбыло</th><th>Выиграно</th><th>Конверсия</th><th>Медиана на этапе</th></tr>
            {{#stages}}<tr><td>{{title}}</td><td>{{entered}}</td><td>{{moved_on}}</td><td>{{dropped}}</td><td>{{won}}</td><td>{{conversion}}</td><td>{{median}}</td></tr>
            {{/stages}}</table>
            <h3>Причины отказов</h3>
            <ul>{{#refusals}}<li>{{title}}: {{count}}</li>{{/refusals}}{{^refusals}}<li>нет</li>{{/refusals}}</ul>
            <h3>Менеджеры</h3>
            <table border="1" cellpadding="4"><tr><th>Менеджер</th><th>В работе / лимит</th><th>Взято</th><th>Выиграно</th><th>Время до взятия</th></tr>
            {{#managers}}<tr><td>{{name}}</td><td>{{open}} / {{cap}}</td><td>{{taken}}</td><td>{{won}}</td><td>{{time_to_take}}</td></tr>
            {{/managers}}</table>
            <h3>Формы и почтовые ящики</h3>
            <ul>{{#sources}}<li>{{name}}: {{status}}</li>{{/sources}}{{^sources}}<li>нет данных</li>{{/sources}}</ul>
            </body></html>
            """,
        "admin_alert.txt": """
            Subject: [Leadex] {{subject}}

            {{text}}

            Время: {{at}}
            -- 
            Leadex: journalctl -u leadexd
            """,
    ]

    static let english: [String: String] = [
        "reminder.txt": """
            Subject: {{#overdue}}[overdue] {{/overdue}}Call back: {{contact.name}} — {{lead.title}}

            {{greeting}}

            Reminder{{#overdue}} (sent late: it was due {{due}}){{/overdue}}: call the client.

            Client: {{contact.name}}{{#contact.company}} ({{contact.company}}){{/contact.company}}
            {{contact_lines}}
            About: {{note}}

            Deal #{{lead.id}} "{{lead.title}}", stage "{{lead.stage}}"{{#lead.owner}}, owner {{lead.owner}}{{/lead.owner}}{{^lead.owner}}, on the exchange{{/lead.owner}}.

            Latest history:
            {{history_lines}}
            -- 
            Leadex: leadexctl show {{lead.id}}
            """,
        "stage_alert_owner.txt": """
            Subject: Deals past their stage norm: {{count}}

            {{greeting}}

            These deals have been in their stage longer than its norm. Move them on, return them to the exchange, or record a refusal.

            {{#deals}}#{{id}} "{{title}}" — {{contact}}{{#phone}}, {{phone}}{{/phone}}
              stage "{{stage}}": {{in_stage}}, norm {{norm}}
            {{/deals}}
            -- 
            Leadex
            """,
        "stage_alert_head.txt": """
            Subject: Stage norms exceeded: {{count}} deals

            Deals still in their stage past the norm after their owner was reminded:

            {{#deals}}#{{id}} "{{title}}" — {{contact}}, owner {{owner}}
              stage "{{stage}}": {{in_stage}}, norm {{norm}}
            {{/deals}}
            -- 
            Leadex
            """,
        "untaken_alert.txt": """
            Subject: Requests waiting on the exchange: {{count}}

            Nobody has taken these requests for over {{after}} of working time. The speed of reaction decides who gets the client.

            {{#leads}}#{{id}} "{{title}}" — {{contact}}{{#phone}}, {{phone}}{{/phone}}
              source {{source}}, waiting {{waiting}}
            {{/leads}}
            -- 
            Leadex: leadexctl exchange
            """,
        "sweep_notice.txt": """
            Subject: Deals returned to the exchange: {{count}}

            {{greeting}}

            These deals went back to the exchange{{#inactive}}: no activity for {{inactive}}{{/inactive}}{{^inactive}} in a sweep of every unmarked deal{{/inactive}}. Mark a deal with leadexctl keep to hold it through the next sweep.

            {{#deals}}#{{id}} "{{title}}"
            {{/deals}}
            -- 
            Leadex
            """,
        "weekly_report.txt": """
            Subject: Sales report for {{period}}

            Report for {{period}}
            New requests: {{new_leads}}; on the exchange now: {{on_exchange}}

            Funnel by stage (entered / moved on / dropped / won / conversion / median time in stage):
            {{#stages}}  {{title}}: {{entered}} / {{moved_on}} / {{dropped}} / {{won}} / {{conversion}} / {{median}}
            {{/stages}}
            Refusal reasons:
            {{#refusals}}  {{title}}: {{count}}
            {{/refusals}}{{^refusals}}  none
            {{/refusals}}
            Disqualifications:
            {{#disqualifications}}  {{title}}: {{count}}
            {{/disqualifications}}{{^disqualifications}}  none
            {{/disqualifications}}
            Managers (open / cap, taken, won, median time to take):
            {{#managers}}  {{name}}: {{open}} / {{cap}}, taken {{taken}}, won {{won}}, {{time_to_take}}
            {{/managers}}
            Forms and mailboxes:
            {{#sources}}  {{name}}: {{status}}
            {{/sources}}{{^sources}}  no data
            {{/sources}}
            -- 
            Leadex
            """,
        "weekly_report.html": """
            <html><body>
            <h2>Report for {{period}}</h2>
            <p>New requests: {{new_leads}}; on the exchange now: {{on_exchange}}</p>
            <h3>Funnel</h3>
            <table border="1" cellpadding="4"><tr><th>Stage</th><th>Entered</th><th>Moved on</th><th>Dropped</th><th>Won</th><th>Conversion</th><th>Median time in stage</th></tr>
            {{#stages}}<tr><td>{{title}}</td><td>{{entered}}</td><td>{{moved_on}}</td><td>{{dropped}}</td><td>{{won}}</td><td>{{conversion}}</td><td>{{median}}</td></tr>
            {{/stages}}</table>
            <h3>Refusal reasons</h3>
            <ul>{{#refusals}}<li>{{title}}: {{count}}</li>{{/refusals}}{{^refusals}}<li>none</li>{{/refusals}}</ul>
            <h3>Managers</h3>
            <table border="1" cellpadding="4"><tr><th>Manager</th><th>Open / cap</th><th>Taken</th><th>Won</th><th>Time to take</th></tr>
            {{#managers}}<tr><td>{{name}}</td><td>{{open}} / {{cap}}</td><td>{{taken}}</td><td>{{won}}</td><td>{{time_to_take}}</td></tr>
            {{/managers}}</table>
            <h3>Forms and mailboxes</h3>
            <ul>{{#sources}}<li>{{name}}: {{status}}</li>{{/sources}}{{^sources}}<li>no data</li>{{/sources}}</ul>
            </body></html>
            """,
        "admin_alert.txt": """
            Subject: [Leadex] {{subject}}

            {{text}}

            Time: {{at}}
            -- 
            Leadex: journalctl -u leadexd
            """,
    ]
}
