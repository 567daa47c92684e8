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
                reminderMail(due, at: now)
            }
            if sent > 0 { mailAdded() }
            return "\(sent) reminders"
        }
    }

    func reminderMail(_ due: DueReminder, at now: Date) -> OutgoingMail? {
        let lead = due.lead
        let history = due.recentHistory.map { ["at": mailer.format($0.at), "what": describe($0)] }
        let (phoneLabel, emailLabel) = mailer.language == .ru ? ("Телефон", "Почта") : ("Phone", "Email")
        let context: [String: Any] = [
            "greeting": greeting(due.owner?.login),
            "overdue": due.overdue,
            "due": mailer.format(due.reminder.dueAt),
            "note": due.reminder.note,
            "contact": Mailer.context([
                "name": due.contact.name,
                "company": due.contact.company,
                "phones": due.contact.phones.map(\.description),
                "emails": due.contact.emails,
            ]),
            "lead": Mailer.context([
                "id": lead.id?.description ?? "?",
                "title": lead.title,
                "stage": stageTitle(lead.stage),
                "owner": lead.status.owner.map { store.policy.users[$0]?.name ?? $0.rawValue },
            ]),
            "history": history,
            // The same, as ready lines: each template token costs a few microseconds in
            // swift-mustache, and 10,000 reminders can fall due at once. The built-in template uses
            // these; an admin's own may use the lists above.
            "history_lines": history.map { "  \($0["at"]!)  \($0["what"]!)\n" }.joined(),
            "contact_lines": due.contact.phones.map { "\(phoneLabel): \($0)\n" }.joined()
                + due.contact.emails.map { "\(emailLabel): \($0)\n" }.joined(),
        ]
        let recipients = due.owner?.email.map { [$0] } ?? heads
        return mailer.mail(.reminder, template: "reminder", context: context, to: recipients, lead: lead.id, at: now)
    }
}
