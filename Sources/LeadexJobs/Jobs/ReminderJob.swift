internal import LeadexConfig
internal import Foundation
internal import LeadexCore
internal import LeadexStore

extension JobEnvironment {
    /// Callback reminders, sent on the promised moment to the deal's owner (the heads when it is
    /// back on the exchange). Due when the earliest pending reminder is.
    public func reminderJob() -> ScheduledJob {
        ScheduledJob(name: "reminders", timing: .whenDue(nextDue: { [store] in try await store.nextReminderDue() })) { _, now in
            let sent = try await store.sendDueReminders(at: now, overdueAfter: settings.reminders.overdueAfter) { due in
                try reminderMail(due, at: now)
            }
            if sent > 0 { mailAdded() }
            return "\(sent) reminders"
        }
    }

    /// The reminder's mail, left to the sender to render: at due time only its data is encoded,
    /// so 10,000 reminders due at once reach the outbox within the second.
    func reminderMail(_ due: DueReminder, at now: Date) throws -> OutgoingMail? {
        let lead = due.lead
        let wording = wording
        let history = due.recentHistory.map {
            ReminderMailData.Event(at: wording.time($0.at, now: now), what: wording.event($0, now: now))
        }
        let phones = due.contact.phones.map(\.written)
        let (phoneLabel, emailLabel) = mailer.language == .ru ? ("Телефон", "Почта") : ("Phone", "Email")
        let data = ReminderMailData(
            greeting: greeting(due.owner?.login),
            overdue: due.overdue,
            due: wording.time(due.reminder.dueAt, now: now),
            note: due.reminder.note,
            contact: .init(
                name: due.contact.name, company: due.contact.company, phones: phones,
                emails: due.contact.emails),
            lead: .init(
                id: lead.id?.description ?? "?", title: lead.title, stage: wording.stage(lead.stage),
                owner: lead.status.owner.map(wording.user)),
            history: history,
            historyLines: history.map { "  \($0.at)  \($0.what)\n" }.joined(),
            contactLines: phones.map { "\(phoneLabel): \($0)\n" }.joined()
                + due.contact.emails.map { "\(emailLabel): \($0)\n" }.joined(),
            dealLink: links.deal(lead.id))
        // A deal on the exchange is everyone's: the heads and the exchange list; an owned one is
        // its owner's, or the heads' when the owner has no address.
        let recipients = lead.status == .exchange ? exchangeAudience : due.owner?.email.map { [$0] } ?? heads
        return try mailer.mailToRender(.reminder, template: "reminder", data: data, to: recipients, lead: lead.id)
    }
}
