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
        if let alerts = section.section("stage_alerts") {
            defer { alerts.finish() }
            jobs.stageAlerts.enabled = alerts.boolean("enabled") ?? true
            jobs.stageAlerts.schedule = alerts.schedule("schedule") ?? jobs.stageAlerts.schedule
            jobs.stageAlerts.headGrace = alerts.duration("head_grace") ?? jobs.stageAlerts.headGrace
        }
        if let untaken = section.section("untaken_alerts") {
            defer { untaken.finish() }
            jobs.untakenAlerts.enabled = untaken.boolean("enabled") ?? true
            jobs.untakenAlerts.schedule = untaken.schedule("schedule") ?? jobs.untakenAlerts.schedule
            jobs.untakenAlerts.after = untaken.duration("after") ?? jobs.untakenAlerts.after
            if let text = untaken.string("working_hours") {
                if text == "always" {
                    jobs.untakenAlerts.workingHours = nil
                } else {
                    do { jobs.untakenAlerts.workingHours = try WorkingHours(parsing: text) } catch {
                        untaken.problem("working_hours", "'\(untaken.qualified("working_hours"))': \(error) (or \"always\")")
                    }
                }
            }
        }
        if let sweep = section.section("sweep") {
            defer { sweep.finish() }
            jobs.sweep.enabled = sweep.boolean("enabled") ?? true
            jobs.sweep.schedule = sweep.schedule("schedule") ?? jobs.sweep.schedule
            jobs.sweep.inactiveFor = sweep.duration("inactive_for") ?? jobs.sweep.inactiveFor
        }
        if let backup = section.section("backup") {
            defer { backup.finish() }
            jobs.backup.enabled = backup.boolean("enabled") ?? true
            jobs.backup.schedule = backup.schedule("schedule") ?? jobs.backup.schedule
        }
        if let probes = section.section("form_probes") {
            defer { probes.finish() }
            jobs.formProbes.enabled = probes.boolean("enabled") ?? true
            jobs.formProbes.schedule = probes.schedule("schedule") ?? jobs.formProbes.schedule
        }
        if let report = section.section("report") {
            defer { report.finish() }
            jobs.report.enabled = report.boolean("enabled") ?? true
            jobs.report.schedule = report.schedule("schedule") ?? jobs.report.schedule
            jobs.report.to = report.emails("to") ?? []
        }
        return jobs
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
