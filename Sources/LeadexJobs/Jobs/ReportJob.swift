internal import LeadexConfig
public import Foundation
internal import LeadexCore
public import LeadexStore

extension JobEnvironment {
    /// The weekly report to the head of sales: the week before the slot.
    public func reportJob() -> ScheduledJob {
        ScheduledJob(name: "weekly-report", timing: .schedule(settings.report.schedule)) { slot, now in
            let recipients = heads + settings.report.to
            guard let mail = try await reportMail(since: slot.addingTimeInterval(-7 * 86_400), until: slot, to: recipients, at: now)
            else { return "no recipients: no head of sales with an email and no [jobs.report] to" }
            try await Outbox(database: store.database).enqueue([mail], at: now)
            mailAdded()
            // The ledger's and the journal's line: for ops, in English and sortable times.
            let local = { (date: Date) in String(mailer.zone.civil(date).description.dropLast(3)) }
            return "report for \(local(slot.addingTimeInterval(-7 * 86_400))) – \(local(slot)) to \(mail.recipients.count) recipients"
        }
    }

    public func reportMail(since: Date, until: Date, to recipients: [String], at now: Date) async throws -> OutgoingMail? {
        let report = try await store.salesReport(since: since, until: until, zone: mailer.zone)
        var context = reportContext(report)
        context["report_link"] = links.report(since: since, until: until, zone: mailer.zone)
        return mailer.mail(.report, template: "weekly_report", context: context, to: recipients, at: now)
    }

    /// An alert to the admins (a failed backup, a failing form), through the outbox: `text` in
    /// the department's language says what happened and what to check; `detail`, the technical
    /// message as the journal has it (often English), is quoted below it.
    public func alertAdmins(subject: String, text: String, detail: String? = nil, at now: Date) async throws {
        let quoted = detail.map { $0.split(separator: "\n", omittingEmptySubsequences: false).map { "> " + $0 }.joined(separator: "\n") }
        let context = Mailer.context([
            "subject": subject, "text": text, "detail": quoted, "at": mailer.format(now, now: now), "status_link": links.adminStatus,
        ])
        guard let mail = mailer.mail(.adminAlert, template: "admin_alert", context: context, to: admins, at: now) else { return }
        try await Outbox(database: store.database).enqueue([mail], at: now)
        mailAdded()
    }
}
