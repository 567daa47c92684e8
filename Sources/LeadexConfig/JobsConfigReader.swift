internal import Foundation
public import LeadexCore

extension LeadexConfiguration {
    static func readJobs(_ section: ConfigReader.Section?) -> JobsSettings {
        var jobs = JobsSettings()
        guard let section else { return jobs }
        defer { section.finish() }
        if let reminders = section.section("reminders") {
            defer { reminders.finish() }
            jobs.reminders.enabled = reminders.boolean("enabled") ?? true
            jobs.reminders.overdueAfter = reminders.duration("overdue_after") ?? jobs.reminders.overdueAfter
        }
        readTimedJob(section, "stage_alerts", &jobs.stageAlerts) { alerts, settings in
            settings.headGrace = alerts.duration("head_grace") ?? settings.headGrace
        }
        readTimedJob(section, "untaken_alerts", &jobs.untakenAlerts) { untaken, settings in
            settings.after = untaken.duration("after") ?? settings.after
            guard let text = untaken.string("working_hours") else { return }
            if text == "always" {
                settings.workingHours = nil
            } else {
                do { settings.workingHours = try WorkingHours(parsing: text) } catch {
                    untaken.problem("working_hours", "'\(untaken.qualified("working_hours"))': \(error) (or \"always\")")
                }
            }
        }
        readTimedJob(section, "sweep", &jobs.sweep) { sweep, settings in
            settings.inactiveFor = sweep.duration("inactive_for") ?? settings.inactiveFor
        }
        readTimedJob(section, "backup", &jobs.backup)
        readTimedJob(section, "form_probes", &jobs.formProbes)
        readTimedJob(section, "report", &jobs.report) { report, settings in
            settings.to = report.emails("to") ?? []
        }
        return jobs
    }

    /// `[jobs.KEY]`: `enabled` and `schedule`, which every scheduled job has, then its own keys.
    private static func readTimedJob<T: TimedJobSettings>(
        _ jobs: ConfigReader.Section, _ key: String, _ settings: inout T,
        own: (ConfigReader.Section, inout T) -> Void = { _, _ in }
    ) {
        guard let section = jobs.section(key) else { return }
        defer { section.finish() }
        settings.enabled = section.boolean("enabled") ?? true
        settings.schedule = section.schedule("schedule") ?? settings.schedule
        own(section, &settings)
    }

    static func readMail(_ section: ConfigReader.Section?) -> MailSettings {
        guard let section else { return MailSettings() }
        defer { section.finish() }
        let templates = section.string("templates")
        if let templates {
            var isDirectory: ObjCBool = false
            if !FileManager.default.fileExists(atPath: templates, isDirectory: &isDirectory) || !isDirectory.boolValue {
                section.problem("templates", "template directory \(templates) does not exist")
            }
        }
        return MailSettings(
            templates: templates, exchangeList: section.emails("exchange_list") ?? [], admins: section.emails("admins") ?? [])
    }
}

extension ConfigReader.Section {
    func schedule(_ key: String) -> Schedule? {
        guard let text = string(key) else { return nil }
        do { return try Schedule(parsing: text) } catch {
            problem(key, "'\(qualified(key))': \(error)")
            return nil
        }
    }

    func emails(_ key: String) -> [String]? {
        guard let list = strings(key) else { return nil }
        for address in list where !Self.isPlainAddress(address) {
            problem(key, "'\(qualified(key))': '\(address)' is not a plain email address like sales@example.ru")
        }
        return list.filter(Self.isPlainAddress)
    }

    static func isPlainAddress(_ text: String) -> Bool {
        let parts = text.split(separator: "@", omittingEmptySubsequences: false)
        return parts.count == 2 && !parts[0].isEmpty && parts[1].contains(".")
            && !text.contains(where: { $0.isWhitespace || $0 == "<" || $0 == ">" || $0 == "," || $0.asciiValue.map { $0 < 32 } ?? false })
    }
}

/// `Leadex <leadex@example.ru>` or a bare address, as `smtp.from` is written.
enum Mailbox {
    static func address(_ text: String) -> String? {
        var address = text.trimmingCharacters(in: .whitespaces)
        if let open = text.lastIndex(of: "<"), let close = text.lastIndex(of: ">"), open < close {
            address = String(text[text.index(after: open)..<close])
        }
        return ConfigReader.Section.isPlainAddress(address) ? address : nil
    }
}
