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
            {{#deal_link}}
            Открыть сделку: {{deal_link}}

            {{/deal_link}}
            -- 
            Leadex: leadexctl show {{lead.id}}
            """,
        "stage_alert_owner.txt": """
            Subject: Сделки дольше нормы на этапе: {{count}}

            {{greeting}}

            Эти сделки находятся на этапе дольше нормы. Продвиньте их, верните на биржу или оформите отказ.

            {{#deals}}№{{id}} «{{title}}» — {{contact}}{{#phone}}, {{phone}}{{/phone}}
              этап «{{stage}}»: {{in_stage}} при норме {{norm}}{{#link}}
              {{link}}{{/link}}
            {{/deals}}
            {{#deals_link}}
            Мои сделки: {{deals_link}}
            {{/deals_link}}
            -- 
            Leadex
            """,
        "stage_alert_head.txt": """
            Subject: Нарушены нормы этапов: {{count}} сделок

            Сделки, которые стоят на этапе дольше нормы и после напоминания ответственному:

            {{#deals}}№{{id}} «{{title}}» — {{contact}}, ответственный {{owner}}
              этап «{{stage}}»: {{in_stage}} при норме {{norm}}{{#link}}
              {{link}}{{/link}}
            {{/deals}}
            -- 
            Leadex
            """,
        "untaken_alert.txt": """
            Subject: Заявки ждут на бирже: {{count}}

            Эти заявки никто не взял в работу дольше {{after}} рабочего времени. Скорость реакции решает, кто получит клиента.

            {{#leads}}№{{id}} «{{title}}» — {{contact}}{{#phone}}, {{phone}}{{/phone}}
              источник {{source}}, ждёт {{waiting}}{{#link}}
              {{link}}{{/link}}
            {{/leads}}
            {{#exchange_link}}
            Биржа: {{exchange_link}}
            {{/exchange_link}}
            -- 
            Leadex: leadexctl exchange
            """,
        "sweep_notice.txt": """
            Subject: Сделки возвращены на биржу: {{count}}

            {{greeting}}

            Эти сделки возвращены на биржу{{#inactive}}: по ним не было активности {{inactive}}{{/inactive}}{{^inactive}} общей чисткой неотмеченных сделок{{/inactive}}. Чтобы удержать сделку до следующей чистки, отмечайте её (leadexctl keep).

            {{#deals}}№{{id}} «{{title}}» — {{contact}}{{#company}} ({{company}}){{/company}}{{#phone}}, {{phone}}{{/phone}}{{#link}}
              {{link}}{{/link}}
            {{/deals}}
            {{#exchange_link}}
            Биржа: {{exchange_link}}
            {{/exchange_link}}
            -- 
            Leadex
            """,
        "weekly_report.txt": """
            Subject: Отчёт отдела продаж за {{period}}

            Отчёт за {{period}}; в скобках — предыдущая неделя

            Итоги
              Заявок получено: {{totals.received}}
              Взято в работу: {{totals.taken}}
              Выиграно: {{totals.won}}
              Условных отказов: {{totals.refused}}
              Закрыто как проигранные: {{totals.lost}}
              Дисквалифицировано (спам, дубли, ошибки): {{totals.disqualified}}
              Конверсия из заявки в продажу: {{totals.conversion}}
              Сейчас на бирже: {{on_exchange}}

            Скорость реакции: от появления на бирже до взятия в работу (медиана / 90% взяты быстрее)
              Всего: {{speed.median}} / {{speed.p90}}, взято {{speed.takes}}
            {{#speed_days}}  {{day}}: {{median}} / {{p90}}, взято {{takes}}
            {{/speed_days}}{{#speed_sources}}  {{source}}: {{median}} / {{p90}}, взято {{takes}}
            {{/speed_sources}}  Ждали взятия дольше порога оповещения: {{untaken_alerts}}

            Менеджеры
            {{#managers}}  {{name}}: взято {{taken}}, выиграно {{won}}, конверсия {{conversion}}, условных отказов {{refused}} (ОКК вернул в работу {{reopened}}), просрочено напоминаний {{overdue}}, нарушений норм этапов {{breaches}}, в работе {{open}} из {{cap}}
            {{/managers}}{{^managers}}  нет
            {{/managers}}

            Суммы выигранных сделок
              Всего: {{won.sum}}, выиграно {{won.deals}} (с суммой {{won.priced}}), средняя сделка {{won.average}}
            {{#won_managers}}  {{name}}: {{sum}}, выиграно {{deals}} (с суммой {{priced}}), средняя {{average}}
            {{/won_managers}}{{#won_sources}}  {{name}}: {{sum}}, выиграно {{deals}} (с суммой {{priced}}), средняя {{average}}
            {{/won_sources}}

            Причины отказов
            {{#refusals}}  {{title}}: {{count}} ({{share}})
            {{/refusals}}{{^refusals}}  нет
            {{/refusals}}

            Причины дисквалификации
            {{#disqualifications}}  {{title}}: {{count}} ({{share}})
            {{/disqualifications}}{{^disqualifications}}  нет
            {{/disqualifications}}

            Заявки по источникам
            {{#sources}}  {{name}}: {{count}}
            {{/sources}}{{^sources}}  нет
            {{/sources}}

            Внесены вручную и импортом
            {{#manual_sources}}  {{name}}: {{count}}
            {{/manual_sources}}{{^manual_sources}}  нет
            {{/manual_sources}}

            Воронка по этапам (вошло / дальше / отказы / дисквалифицировано / выиграно / конверсия без дисквалифицированных / медиана на этапе)
            {{#stages}}  {{title}}: {{entered}} / {{moved_on}} / {{dropped}} / {{disqualified}} / {{won}} / {{conversion}} / {{median}}
            {{/stages}}

            {{#report_link}}
            Отчёт в Leadex: {{report_link}}

            {{/report_link}}
            -- 
            Leadex
            """,
        "weekly_report.html": """
            <html><body>
            <h2>Отчёт за {{period}}</h2>
            <p>В скобках — предыдущая неделя.</p>
            <h3>Итоги</h3>
            <table border="1" cellpadding="4">
            <tr><td>Заявок получено</td><td>{{totals.received}}</td></tr>
            <tr><td>Взято в работу</td><td>{{totals.taken}}</td></tr>
            <tr><td>Выиграно</td><td>{{totals.won}}</td></tr>
            <tr><td>Условных отказов</td><td>{{totals.refused}}</td></tr>
            <tr><td>Закрыто как проигранные</td><td>{{totals.lost}}</td></tr>
            <tr><td>Дисквалифицировано (спам, дубли, ошибки)</td><td>{{totals.disqualified}}</td></tr>
            <tr><td>Конверсия из заявки в продажу</td><td>{{totals.conversion}}</td></tr>
            <tr><td>Сейчас на бирже</td><td>{{on_exchange}}</td></tr>
            </table>
            <h3>Скорость реакции</h3>
            <p>От появления на бирже до взятия в работу. Ждали взятия дольше порога оповещения: {{untaken_alerts}}</p>
            <table border="1" cellpadding="4"><tr><th></th><th>Медиана</th><th>90% быстрее</th><th>Взято</th></tr>
            <tr><td>Всего</td><td>{{speed.median}}</td><td>{{speed.p90}}</td><td>{{speed.takes}}</td></tr>
            {{#speed_days}}<tr><td>{{day}}</td><td>{{median}}</td><td>{{p90}}</td><td>{{takes}}</td></tr>
            {{/speed_days}}{{#speed_sources}}<tr><td>{{source}}</td><td>{{median}}</td><td>{{p90}}</td><td>{{takes}}</td></tr>
            {{/speed_sources}}</table>
            <h3>Менеджеры</h3>
            <table border="1" cellpadding="4"><tr><th>Менеджер</th><th>Взято</th><th>Выиграно</th><th>Конверсия</th><th>Условных отказов</th><th>ОКК вернул в работу</th><th>Просрочено напоминаний</th><th>Нарушений норм этапов</th><th>В работе / лимит</th></tr>
            {{#managers}}<tr><td>{{name}}</td><td>{{taken}}</td><td>{{won}}</td><td>{{conversion}}</td><td>{{refused}}</td><td>{{reopened}}</td><td>{{overdue}}</td><td>{{breaches}}</td><td>{{open}} / {{cap}}</td></tr>
            {{/managers}}</table>
            <h3>Суммы выигранных сделок</h3>
            <table border="1" cellpadding="4"><tr><th></th><th>Сумма</th><th>Выиграно</th><th>С суммой</th><th>Средняя сделка</th></tr>
            <tr><td>Всего</td><td>{{won.sum}}</td><td>{{won.deals}}</td><td>{{won.priced}}</td><td>{{won.average}}</td></tr>
            {{#won_managers}}<tr><td>{{name}}</td><td>{{sum}}</td><td>{{deals}}</td><td>{{priced}}</td><td>{{average}}</td></tr>
            {{/won_managers}}{{#won_sources}}<tr><td>{{name}}</td><td>{{sum}}</td><td>{{deals}}</td><td>{{priced}}</td><td>{{average}}</td></tr>
            {{/won_sources}}</table>
            <h3>Причины отказов</h3>
            <ul>{{#refusals}}<li>{{title}}: {{count}} ({{share}})</li>{{/refusals}}{{^refusals}}<li>нет</li>{{/refusals}}</ul>
            <h3>Причины дисквалификации</h3>
            <ul>{{#disqualifications}}<li>{{title}}: {{count}} ({{share}})</li>{{/disqualifications}}{{^disqualifications}}<li>нет</li>{{/disqualifications}}</ul>
            <h3>Заявки по источникам</h3>
            <ul>{{#sources}}<li>{{name}}: {{count}}</li>{{/sources}}{{^sources}}<li>нет</li>{{/sources}}</ul>
            <h3>Внесены вручную и импортом</h3>
            <ul>{{#manual_sources}}<li>{{name}}: {{count}}</li>{{/manual_sources}}{{^manual_sources}}<li>нет</li>{{/manual_sources}}</ul>
            <h3>Воронка по этапам</h3>
            <table border="1" cellpadding="4"><tr><th>Этап</th><th>Вошло</th><th>Дальше</th><th>Отказы</th><th>Дисквалифицировано</th><th>Выиграно</th><th>Конверсия без дисквалифицированных</th><th>Медиана на этапе</th></tr>
            {{#stages}}<tr><td>{{title}}</td><td>{{entered}}</td><td>{{moved_on}}</td><td>{{dropped}}</td><td>{{disqualified}}</td><td>{{won}}</td><td>{{conversion}}</td><td>{{median}}</td></tr>
            {{/stages}}</table>{{#report_link}}
            <p><a href="{{report_link}}">Открыть отчёт в Leadex</a></p>{{/report_link}}
            </body></html>
            """,
        "admin_alert.txt": """
            Subject: [Leadex] {{subject}}

            {{text}}

            {{#detail}}Подробности:
            {{detail}}

            {{/detail}}Время: {{at}}
            {{#status_link}}Состояние Leadex: {{status_link}}
            {{/status_link}}-- 
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
            {{#deal_link}}
            Open the deal: {{deal_link}}

            {{/deal_link}}
            -- 
            Leadex: leadexctl show {{lead.id}}
            """,
        "stage_alert_owner.txt": """
            Subject: Deals past their stage norm: {{count}}

            {{greeting}}

            These deals have been in their stage longer than its norm. Move them on, return them to the exchange, or record a refusal.

            {{#deals}}#{{id}} "{{title}}" — {{contact}}{{#phone}}, {{phone}}{{/phone}}
              stage "{{stage}}": {{in_stage}}, norm {{norm}}{{#link}}
              {{link}}{{/link}}
            {{/deals}}
            {{#deals_link}}
            My deals: {{deals_link}}
            {{/deals_link}}
            -- 
            Leadex
            """,
        "stage_alert_head.txt": """
            Subject: Stage norms exceeded: {{count}} deals

            Deals still in their stage past the norm after their owner was reminded:

            {{#deals}}#{{id}} "{{title}}" — {{contact}}, owner {{owner}}
              stage "{{stage}}": {{in_stage}}, norm {{norm}}{{#link}}
              {{link}}{{/link}}
            {{/deals}}
            -- 
            Leadex
            """,
        "untaken_alert.txt": """
            Subject: Requests waiting on the exchange: {{count}}

            Nobody has taken these requests for over {{after}} of working time. The speed of reaction decides who gets the client.

            {{#leads}}#{{id}} "{{title}}" — {{contact}}{{#phone}}, {{phone}}{{/phone}}
              source {{source}}, waiting {{waiting}}{{#link}}
              {{link}}{{/link}}
            {{/leads}}
            {{#exchange_link}}
            The exchange: {{exchange_link}}
            {{/exchange_link}}
            -- 
            Leadex: leadexctl exchange
            """,
        "sweep_notice.txt": """
            Subject: Deals returned to the exchange: {{count}}

            {{greeting}}

            These deals went back to the exchange{{#inactive}}: no activity for {{inactive}}{{/inactive}}{{^inactive}} in a sweep of every unmarked deal{{/inactive}}. Mark a deal with leadexctl keep to hold it through the next sweep.

            {{#deals}}#{{id}} "{{title}}" — {{contact}}{{#company}} ({{company}}){{/company}}{{#phone}}, {{phone}}{{/phone}}{{#link}}
              {{link}}{{/link}}
            {{/deals}}
            {{#exchange_link}}
            The exchange: {{exchange_link}}
            {{/exchange_link}}
            -- 
            Leadex
            """,
        "weekly_report.txt": """
            Subject: Sales report for {{period}}

            Report for {{period}}; the week before in brackets

            Totals
              Requests received: {{totals.received}}
              Taken: {{totals.taken}}
              Won: {{totals.won}}
              Conditional refusals: {{totals.refused}}
              Closed as lost: {{totals.lost}}
              Disqualified (spam, duplicates, mistakes): {{totals.disqualified}}
              Conversion from request to sale: {{totals.conversion}}
              On the exchange now: {{on_exchange}}

            Speed to lead: from landing on the exchange to being taken (median / 90% taken faster)
              All: {{speed.median}} / {{speed.p90}}, {{speed.takes}} taken
            {{#speed_days}}  {{day}}: {{median}} / {{p90}}, {{takes}} taken
            {{/speed_days}}{{#speed_sources}}  {{source}}: {{median}} / {{p90}}, {{takes}} taken
            {{/speed_sources}}  Waited past the alert threshold: {{untaken_alerts}}

            Managers
            {{#managers}}  {{name}}: taken {{taken}}, won {{won}}, conversion {{conversion}}, conditional refusals {{refused}} (reopened by QA {{reopened}}), overdue reminders {{overdue}}, stage norms exceeded {{breaches}}, open {{open}} of {{cap}}
            {{/managers}}{{^managers}}  none
            {{/managers}}

            Won deals' sums
              All: {{won.sum}}, {{won.deals}} won ({{won.priced}} with an amount), average deal {{won.average}}
            {{#won_managers}}  {{name}}: {{sum}}, {{deals}} won ({{priced}} with an amount), average {{average}}
            {{/won_managers}}{{#won_sources}}  {{name}}: {{sum}}, {{deals}} won ({{priced}} with an amount), average {{average}}
            {{/won_sources}}

            Refusal reasons
            {{#refusals}}  {{title}}: {{count}} ({{share}})
            {{/refusals}}{{^refusals}}  none
            {{/refusals}}

            Disqualification reasons
            {{#disqualifications}}  {{title}}: {{count}} ({{share}})
            {{/disqualifications}}{{^disqualifications}}  none
            {{/disqualifications}}

            Requests by source
            {{#sources}}  {{name}}: {{count}}
            {{/sources}}{{^sources}}  none
            {{/sources}}

            Typed in and imported
            {{#manual_sources}}  {{name}}: {{count}}
            {{/manual_sources}}{{^manual_sources}}  none
            {{/manual_sources}}

            Funnel by stage (entered / moved on / refused / disqualified / won / conversion without the disqualified / median time in stage)
            {{#stages}}  {{title}}: {{entered}} / {{moved_on}} / {{dropped}} / {{disqualified}} / {{won}} / {{conversion}} / {{median}}
            {{/stages}}

            {{#report_link}}
            The report in Leadex: {{report_link}}

            {{/report_link}}
            -- 
            Leadex
            """,
        "weekly_report.html": """
            <html><body>
            <h2>Report for {{period}}</h2>
            <p>The week before in brackets.</p>
            <h3>Totals</h3>
            <table border="1" cellpadding="4">
            <tr><td>Requests received</td><td>{{totals.received}}</td></tr>
            <tr><td>Taken</td><td>{{totals.taken}}</td></tr>
            <tr><td>Won</td><td>{{totals.won}}</td></tr>
            <tr><td>Conditional refusals</td><td>{{totals.refused}}</td></tr>
            <tr><td>Closed as lost</td><td>{{totals.lost}}</td></tr>
            <tr><td>Disqualified (spam, duplicates, mistakes)</td><td>{{totals.disqualified}}</td></tr>
            <tr><td>Conversion from request to sale</td><td>{{totals.conversion}}</td></tr>
            <tr><td>On the exchange now</td><td>{{on_exchange}}</td></tr>
            </table>
            <h3>Speed to lead</h3>
            <p>From landing on the exchange to being taken. Waited past the alert threshold: {{untaken_alerts}}</p>
            <table border="1" cellpadding="4"><tr><th></th><th>Median</th><th>90% faster</th><th>Taken</th></tr>
            <tr><td>All</td><td>{{speed.median}}</td><td>{{speed.p90}}</td><td>{{speed.takes}}</td></tr>
            {{#speed_days}}<tr><td>{{day}}</td><td>{{median}}</td><td>{{p90}}</td><td>{{takes}}</td></tr>
            {{/speed_days}}{{#speed_sources}}<tr><td>{{source}}</td><td>{{median}}</td><td>{{p90}}</td><td>{{takes}}</td></tr>
            {{/speed_sources}}</table>
            <h3>Managers</h3>
            <table border="1" cellpadding="4"><tr><th>Manager</th><th>Taken</th><th>Won</th><th>Conversion</th><th>Conditional refusals</th><th>Reopened by QA</th><th>Overdue reminders</th><th>Stage norms exceeded</th><th>Open / cap</th></tr>
            {{#managers}}<tr><td>{{name}}</td><td>{{taken}}</td><td>{{won}}</td><td>{{conversion}}</td><td>{{refused}}</td><td>{{reopened}}</td><td>{{overdue}}</td><td>{{breaches}}</td><td>{{open}} / {{cap}}</td></tr>
            {{/managers}}</table>
            <h3>Won deals' sums</h3>
            <table border="1" cellpadding="4"><tr><th></th><th>Sum</th><th>Won</th><th>With an amount</th><th>Average deal</th></tr>
            <tr><td>All</td><td>{{won.sum}}</td><td>{{won.deals}}</td><td>{{won.priced}}</td><td>{{won.average}}</td></tr>
            {{#won_managers}}<tr><td>{{name}}</td><td>{{sum}}</td><td>{{deals}}</td><td>{{priced}}</td><td>{{average}}</td></tr>
            {{/won_managers}}{{#won_sources}}<tr><td>{{name}}</td><td>{{sum}}</td><td>{{deals}}</td><td>{{priced}}</td><td>{{average}}</td></tr>
            {{/won_sources}}</table>
            <h3>Refusal reasons</h3>
            <ul>{{#refusals}}<li>{{title}}: {{count}} ({{share}})</li>{{/refusals}}{{^refusals}}<li>none</li>{{/refusals}}</ul>
            <h3>Disqualification reasons</h3>
            <ul>{{#disqualifications}}<li>{{title}}: {{count}} ({{share}})</li>{{/disqualifications}}{{^disqualifications}}<li>none</li>{{/disqualifications}}</ul>
            <h3>Requests by source</h3>
            <ul>{{#sources}}<li>{{name}}: {{count}}</li>{{/sources}}{{^sources}}<li>none</li>{{/sources}}</ul>
            <h3>Typed in and imported</h3>
            <ul>{{#manual_sources}}<li>{{name}}: {{count}}</li>{{/manual_sources}}{{^manual_sources}}<li>none</li>{{/manual_sources}}</ul>
            <h3>Funnel by stage</h3>
            <table border="1" cellpadding="4"><tr><th>Stage</th><th>Entered</th><th>Moved on</th><th>Refused</th><th>Disqualified</th><th>Won</th><th>Conversion without the disqualified</th><th>Median time in stage</th></tr>
            {{#stages}}<tr><td>{{title}}</td><td>{{entered}}</td><td>{{moved_on}}</td><td>{{dropped}}</td><td>{{disqualified}}</td><td>{{won}}</td><td>{{conversion}}</td><td>{{median}}</td></tr>
            {{/stages}}</table>{{#report_link}}
            <p><a href="{{report_link}}">Open the report in Leadex</a></p>{{/report_link}}
            </body></html>
            """,
        "admin_alert.txt": """
            Subject: [Leadex] {{subject}}

            {{text}}

            {{#detail}}Details:
            {{detail}}

            {{/detail}}Time: {{at}}
            {{#status_link}}Leadex status: {{status_link}}
            {{/status_link}}-- 
            Leadex: journalctl -u leadexd
            """,
    ]
}
