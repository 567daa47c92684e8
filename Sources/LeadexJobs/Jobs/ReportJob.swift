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
            return "report for \(mailer.format(slot.addingTimeInterval(-7 * 86_400))) – \(mailer.format(slot)) to \(mail.recipients.count) recipients"
        }
    }

    public func reportMail(since: Date, until: Date, to recipients: [String], at now: Date) async throws -> OutgoingMail? {
        let report = try await store.salesReport(since: since, until: until)
        let percent = { (value: Double?) in value.map { String(format: "%.0f%%", $0 * 100) } ?? "—" }
        let context: [String: Any] = [
            "period": "\(mailer.format(since)) – \(mailer.format(until))",
            "new_leads": report.newLeads,
            "on_exchange": report.onExchangeNow,
            "stages": report.stages.map { line -> [String: Any] in
                [
                    "title": line.stage.title, "entered": line.entered, "moved_on": line.movedOn, "dropped": line.dropped,
                    "won": line.won, "conversion": percent(line.conversion),
                    "median": line.medianTimeInStage.map { mailer.format(duration: $0) } ?? "—",
                ]
            },
            "refusals": report.refusalReasons.map { ["title": $0.title, "count": $0.count] as [String: Any] },
            "disqualifications": report.disqualifyReasons.map { ["title": $0.title, "count": $0.count] as [String: Any] },
            "managers": report.managers.map { line -> [String: Any] in
                [
                    "name": line.user.name, "open": line.openDeals, "cap": line.cap, "taken": line.taken, "won": line.won,
                    "time_to_take": line.medianTimeToTake.map { mailer.format(duration: $0) } ?? "—",
                ]
            },
            "sources": report.leadsBySource.map { ["name": $0.source, "status": "\($0.count)"] },
        ]
        return mailer.mail(.report, template: "weekly_report", context: context, to: recipients, at: now)
    }

    /// An alert to the admins (a failed backup, a failing form), through the outbox.
    public func alertAdmins(subject: String, text: String, at now: Date) async throws {
        let context: [String: Any] = ["subject": subject, "text": text, "at": mailer.format(now)]
        guard let mail = mailer.mail(.adminAlert, template: "admin_alert", context: context, to: admins, at: now) else { return }
        try await Outbox(database: store.database).enqueue([mail], at: now)
        mailAdded()
    }
}
