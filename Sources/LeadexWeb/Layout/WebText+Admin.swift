internal import Foundation
internal import LeadexConfig
internal import LeadexControlAPI
internal import LeadexCore

/// The admin pages' words (`{{a.status}}` in their templates) and sentences, in the configured
/// language. Kept apart from the managers' words so each page's vocabulary is found in one place.
extension WebText {
    var adminWords: [String: String] {
        switch language {
        case .ru:
            [
                "admin": "Админ", "status": "Состояние", "import": "Импорт", "export": "Экспорт", "backups": "Резервные копии",
                "adminPages": "Разделы администратора", "inboxes": "Почтовые ящики", "noInboxes": "Почтовые ящики не настроены.",
                "inbox": "Ящик", "lastMail": "Последнее письмо", "lastPass": "Последний успешный проход", "failingSince": "Сбой с",
                "lastError": "Последняя ошибка", "forms": "Веб-формы", "noForms": "Веб-формы не настроены.", "form": "Форма",
                "lastRequest": "Последняя заявка", "lastPoll": "Последний опрос ленты", "lastProbe": "Последняя проверка",
                "health": "Состояние", "jobs": "Задачи по расписанию", "noJobs": "Задачи по расписанию выключены.", "job": "Задача",
                "lastRun": "Последний запуск", "outcome": "Итог", "nextRun": "Следующий запуск", "outbox": "Исходящая почта",
                "waiting": "Ждут отправки", "failing": "Не отправляются", "sent": "Отправлено", "lastBackup": "Последняя резервная копия",
                "noBackup": "Резервных копий ещё нет.", "when": "Когда", "size": "Размер", "verified": "Проверка",
                "refreshing": "Обновляется раз в 20 секунд", "offline": "Нет связи с сервером, повторю через минуту",
                "uploadHint": "Таблица клиентов в CSV (UTF-8 или windows-1251), первая строка — названия столбцов: ФИО, Телефон, Email, Компания, Комментарий.",
                "file": "Файл", "check": "Проверить", "report": "Что будет сделано", "created": "Новые контакты",
                "merged": "Добавятся к контактам базы", "mergedInFile": "Объединятся со строками выше", "rejected": "Не будут импортированы",
                "line": "Строка", "name": "Имя", "what": "Что будет", "confirm": "Импортировать", "cancel": "Загрузить другой файл",
                "encoding": "Кодировка", "columns": "Столбцы", "ignoredColumns": "Пропущенные столбцы", "imported": "Импорт выполнен",
                "exportHint": "Вся база: заявки с контактами клиентов. Нужно право export; каждая выгрузка записывается в журнал.",
                "downloadCSV": "Скачать CSV", "downloadJSON": "Скачать JSON", "backupNow": "Сделать копию сейчас",
                "backupHint": "Копия базы проверяется (integrity check) до того, как записывается её описание.",
                "archive": "Архив", "rows": "Содержимое", "noBackups": "Резервных копий ещё нет.", "contact": "Контакт",
            ]
        case .en:
            [
                "admin": "Admin", "status": "Status", "import": "Import", "export": "Export", "backups": "Backups",
                "adminPages": "Admin pages", "inboxes": "Inboxes", "noInboxes": "No inboxes configured.",
                "inbox": "Inbox", "lastMail": "Last mail", "lastPass": "Last good pass", "failingSince": "Failing since",
                "lastError": "Last error", "forms": "Web forms", "noForms": "No web forms configured.", "form": "Form",
                "lastRequest": "Last request", "lastPoll": "Last feed poll", "lastProbe": "Last probe",
                "health": "Health", "jobs": "Timed jobs", "noJobs": "The timed jobs are off.", "job": "Job",
                "lastRun": "Last run", "outcome": "Outcome", "nextRun": "Next run", "outbox": "Outbox",
                "waiting": "Waiting", "failing": "Failing", "sent": "Sent", "lastBackup": "Last backup",
                "noBackup": "No backup yet.", "when": "When", "size": "Size", "verified": "Verified",
                "refreshing": "Refreshes every 20 seconds", "offline": "No connection to the server, retrying in a minute",
                "uploadHint": "A CSV of clients (UTF-8 or windows-1251) whose first line names the columns: Name, Phone, Email, Company, Note.",
                "file": "File", "check": "Check", "report": "What will be done", "created": "New contacts",
                "merged": "Added to contacts in the base", "mergedInFile": "Merged with lines above", "rejected": "Not imported",
                "line": "Line", "name": "Name", "what": "What happens", "confirm": "Import", "cancel": "Upload another file",
                "encoding": "Encoding", "columns": "Columns", "ignoredColumns": "Columns left out", "imported": "Import done",
                "exportHint": "The whole base: leads with their clients' contacts. Needs the export right; every export is audited.",
                "downloadCSV": "Download CSV", "downloadJSON": "Download JSON", "backupNow": "Back up now",
                "backupHint": "Each copy passes SQLite's integrity check before its manifest is written.",
                "archive": "Archive", "rows": "Contents", "noBackups": "No backups yet.", "contact": "Contact",
            ]
        }
    }

    private func say(_ russian: String, _ english: String) -> String { language == .ru ? russian : english }

    /// A timed job's title (the config's name is an id).
    func jobTitle(_ name: String) -> String {
        switch name {
        case "reminders": say("Напоминания о звонках", "Callback reminders")
        case "stage-alerts": say("Сделки дольше нормы этапа", "Deals over their stage norm")
        case "untaken-alerts": say("Невзятые заявки", "Untaken leads")
        case "sweep": say("Возврат заброшенных сделок на биржу", "Sweep of idle deals")
        case "weekly-report": say("Недельный отчёт", "Weekly report")
        case "backup": say("Резервная копия", "Backup")
        case "form-probes": say("Проверочные заявки с форм", "Form probes")
        case "form-deadlines": say("Ожидание проверочных заявок", "Form probe deadlines")
        case "form-silence": say("Тишина веб-форм", "Web form silence")
        default: name
        }
    }

    /// A job run's outcome (`ok`, `failed`, `interrupted`, `running`).
    func jobOutcome(_ outcome: String?) -> String {
        switch outcome {
        case nil: say("не запускалась", "never ran")
        case "ok": say("успешно", "ok")
        case "failed": say("ошибка", "failed")
        case "interrupted": say("прервана", "interrupted")
        case "running": say("выполняется", "running")
        case let other?: other
        }
    }

    /// A job's summary of a good run (the jobs write it in English, for the journal and the
    /// ledger) in the page's language; anything else (an error's text) as it is.
    func jobDetail(_ detail: String) -> String {
        guard language == .ru else { return detail }
        if let match = detail.wholeMatch(of: /(\d+) owner alerts, (\d+) head alerts/) {
            return "оповещений менеджерам: \(match.1), руководителю: \(match.2)"
        }
        if let match = detail.wholeMatch(of: /(\d+) untaken leads reported/) { return "невзятых заявок в оповещении: \(match.1)" }
        if let match = detail.wholeMatch(of: /(\d+) reminders/) { return "напоминаний отправлено: \(match.1)" }
        if let match = detail.wholeMatch(of: /(\d+) deals returned to the exchange/) { return "возвращено на биржу сделок: \(match.1)" }
        if let match = detail.wholeMatch(of: /(.*), (\d+) bytes compressed/) { return "\(match.1), сжато байт: \(match.2)" }
        return detail
    }

    /// A form probe's state as people read it.
    func probeState(_ state: String) -> String {
        switch state {
        case "pending": say("ждём ответа", "waiting")
        case "arrived": say("пришла", "arrived")
        case "unreadable": say("пришла, но не читается", "arrived unreadable")
        case "missed": say("не пришла", "missed")
        case "late": say("опоздала", "late")
        case "submit_failed": say("сайт не принял", "submission refused")
        default: state
        }
    }

    /// A form's health, worst first, as ``StatusReply/Form/health`` orders it.
    func formHealth(_ form: StatusReply.Form) -> (text: String, good: Bool) {
        if let problem = form.feedProblem { return (say("лента не читается: ", "feed unreadable: ") + problem, false) }
        if let reason = form.failingReason { return (say("проверка не проходит: ", "probe failing: ") + reason, false) }
        if form.failingSince != nil { return (say("проверка не проходит", "probe failing"), false) }
        if let since = form.silentSince { return (say("нет заявок с ", "no requests since ") + dateTime(since), false) }
        return (say("в порядке", "ok"), true)
    }

    /// `1,4 МБ`, `56 КБ`: a size as people read it.
    func megabytes(_ bytes: Int64) -> String {
        let bytes = max(0, bytes)
        if bytes < 1_048_576 { return "\(max(1, (bytes + 1023) / 1024)) " + say("КБ", "KB") }
        let value = String(format: "%.1f", Double(bytes) / 1_048_576)
        return language == .ru ? value.replacingOccurrences(of: ".", with: ",") + " МБ" : value + " MB"
    }

    func backupVerified(_ verified: Bool) -> String {
        verified ? say("проверена", "verified") : say("не проверена: архива нет или его размер изменился", "not verified: the archive is missing or its size changed")
    }

    func backupRows(_ rows: BackupRowsText) -> String {
        say(
            RussianPlural.count(rows.contacts, "контакт", "контакта", "контактов") + ", "
                + RussianPlural.count(rows.leads, "заявка", "заявки", "заявок") + ", "
                + RussianPlural.count(rows.history, "запись", "записи", "записей") + " истории",
            "\(rows.contacts) contacts, \(rows.leads) leads, \(rows.history) history lines")
    }

    func backupTaken(_ file: String) -> String { say("Резервная копия \(file) записана.", "Backup \(file) written.") }

    func backupFailed(_ error: String) -> String {
        say("Резервная копия не создана, прежние копии не тронуты: \(error)", "No backup was made; the earlier ones are untouched: \(error)")
    }

    func exportRefused(_ violation: RuleViolation) -> String {
        violation.rule == .right
            ? say(
                "Для выгрузки базы нужно право export: администратор добавляет rights = [\"export\"] в [[user]] конфигурации. Попытка записана в журнал.",
                "Exporting the base needs the export right: an admin adds rights = [\"export\"] to the [[user]] in the config. The attempt is logged.")
            : violation.description
    }

    // MARK: Import

    func importTooLarge(limit: Int) -> String {
        say(
            "Файл больше \(limit >> 20) МБ: разделите его на части или импортируйте через leadexctl import. Ничего не импортировано.",
            "The file is larger than \(limit >> 20) MB: split it, or import it with leadexctl import. Nothing was imported.")
    }

    var importNoFile: String { say("Выберите файл CSV.", "Choose a CSV file.") }

    func importUnreadable(_ problem: String) -> String {
        say("Файл не удалось прочитать как таблицу клиентов: \(problem). Ничего не импортировано.", "The file cannot be read as a client list: \(problem). Nothing was imported.")
    }

    var importExpired: String {
        say(
            "Эта проверка больше не действует (её уже импортировали, или прошло больше 30 минут, или загружен другой файл). Загрузите файл снова.",
            "This preview is no longer valid (it was imported already, it is over 30 minutes old, or another file was uploaded). Upload the file again.")
    }

    func importChanged(line: Int?) -> String {
        say(
            "База изменилась после проверки" + (line.map { " (строка \($0) теперь импортировалась бы иначе)" } ?? "")
                + ": ничего не импортировано. Ниже — новая проверка; подтвердите её.",
            "The base changed since the preview" + (line.map { " (line \($0) would now be imported differently)" } ?? "")
                + ": nothing was imported. Below is a new preview; confirm it.")
    }

    func importSummary(created: Int, merged: Int, mergedInFile: Int, rejected: Int) -> String {
        say(
            "Новых контактов: \(created), добавлено к контактам базы: \(merged), объединено со строками файла: \(mergedInFile), отклонено строк: \(rejected).",
            "New contacts: \(created), added to contacts in the base: \(merged), merged with lines of the file: \(mergedInFile), rejected lines: \(rejected).")
    }

    func importConfirm(rows: Int, rejected: Int) -> String {
        let lines = RussianPlural.count(rows, "строку", "строки", "строк")
        return rejected == 0
            ? say("Импортировать \(lines)", "Import \(rows) lines")
            : say("Импортировать \(lines), отклонённые (\(rejected)) пропустить", "Import \(rows) lines, leaving out the \(rejected) rejected")
    }

    func importMerged(contact: Int64, by key: String) -> String {
        say("к контакту №\(contact), совпал \(key)", "into contact #\(contact), matched on \(key)")
    }

    func importMergedWithLine(_ line: Int, by key: String) -> String {
        say("со строкой \(line), совпал \(key)", "with line \(line), matched on \(key)")
    }

    var importCreated: String { say("новый контакт", "a new contact") }

    func importMore(_ count: Int) -> String {
        say("…и ещё " + RussianPlural.count(count, "строка", "строки", "строк") + ".", "…and \(count) more lines.")
    }

    /// Why a line is not imported.
    func importRejection(_ rejection: ClientSheet.Rejection) -> String { rejection.reason(language == .ru ? .ru : .en) }

    /// Why a file cannot be imported at all.
    func importProblem(_ problem: ClientSheet.Problem) -> String { problem.text(language == .ru ? .ru : .en) }

    func fieldTitle(_ field: ClientSheet.Field) -> String {
        language == .ru ? field.russianTitle : field.rawValue.capitalized
    }
}

/// A backup's row counts, as the backups page shows them.
struct BackupRowsText {
    var contacts: Int
    var leads: Int
    var history: Int
}
