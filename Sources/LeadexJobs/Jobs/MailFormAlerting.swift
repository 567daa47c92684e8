public import Foundation
internal import LeadexConfig
public import LeadexCore
public import LeadexIntake

/// A failing web form is mailed to the admins through the outbox, and kept in the journal.
public struct MailFormAlerting: FormAlerting {
    let environment: JobEnvironment
    let journal: JournalFormAlerting
    let clock: any WallClock

    public init(environment: JobEnvironment, journal: JournalFormAlerting, clock: any WallClock) {
        self.environment = environment
        self.journal = journal
        self.clock = clock
    }

    public func formFailing(form: String, reason: String, since: Date) async {
        await journal.formFailing(form: form, reason: reason, since: since)
        let ru = environment.mailer.language == .ru
        try? await environment.alertAdmins(
            subject: ru ? "Веб-форма «\(form)» не работает" : "Web form '\(form)' is failing",
            text: ru
                ? "Проверка формы «\(form)» не прошла: заявки с сайта могут не доходить до Leadex. Не работает с \(environment.mailer.format(since))."
                : "The health check of the form '\(form)' failed: the site's requests may not be reaching Leadex. Failing since \(environment.mailer.format(since)).",
            detail: reason, at: clock.now())
    }

    public func formRecovered(form: String, failingSince: Date) async {
        await journal.formRecovered(form: form, failingSince: failingSince)
        let ru = environment.mailer.language == .ru
        try? await environment.alertAdmins(
            subject: ru ? "Веб-форма «\(form)» снова работает" : "Web form '\(form)' works again",
            text: (ru ? "Форма снова проходит проверку; не работала с " : "The form passes its health check again; it was failing since ")
                + environment.mailer.format(failingSince),
            at: clock.now())
    }
}
