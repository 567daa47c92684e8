public import Foundation
internal import LeadexConfig
public import LeadexCore
public import LeadexIntake
public import LeadexStore

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

    /// What happened and what to check in the department's language; only the technical detail
    /// (a server's own words) is quoted below it, never an English reason in a Russian mail.
    public func formFailing(form: String, probe: ProbeStatus, since: Date) async {
        await journal.formFailing(form: form, probe: probe, since: since)
        let wording = environment.wording
        let ru = wording.language == .ru
        let title = wording.source(LeadSource(kind: .form, name: form))
        let failure = probe.failure(wording.language, place: wording.source)
        let why = failure.map { ": " + $0.summary } ?? ""
        try? await environment.alertAdmins(
            subject: ru ? "«\(title)» не работает" : "'\(title)' is not working",
            text: ru
                ? "Проверка формы «\(title)» не прошла\(why).\nЗаявки с сайта могут не доходить до Leadex. Не работает с \(environment.mailer.format(since, now: clock.now()))."
                : "The health check of the form '\(title)' failed\(why).\nThe site's requests may not be reaching Leadex. Failing since \(environment.mailer.format(since, now: clock.now())).",
            detail: failure?.detail, at: clock.now())
    }

    public func formRecovered(form: String, failingSince: Date) async {
        await journal.formRecovered(form: form, failingSince: failingSince)
        let wording = environment.wording
        let ru = wording.language == .ru
        let title = wording.source(LeadSource(kind: .form, name: form))
        let lasted = wording.duration(clock.now().timeIntervalSince(failingSince))
        try? await environment.alertAdmins(
            subject: ru ? "«\(title)» снова работает" : "'\(title)' works again",
            text: ru
                ? "Форма «\(title)» снова проходит проверку. Не работала с \(environment.mailer.format(failingSince, now: clock.now())) (\(lasted))."
                : "The form '\(title)' passes its health check again. It was failing since \(environment.mailer.format(failingSince, now: clock.now())) (\(lasted)).",
            at: clock.now())
    }
}
