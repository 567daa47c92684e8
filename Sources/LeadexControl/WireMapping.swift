internal import Foundation
internal import LeadexControlAPI
internal import LeadexCore
internal import LeadexStore

/// Domain values as the wire carries them.
struct WireMapping {
    let pipeline: Pipeline
    /// For the texts people read (history lines); `nil` leaves them out.
    var wording: Wording? = nil

    func summary(_ lead: Lead) -> LeadSummary { summary(lead, client: nil) }

    /// - Parameter client: the lead's contact, for lists that show the client (the exchange).
    func summary(_ lead: Lead, client: Contact?) -> LeadSummary {
        var keep = false
        var reason: ReasonID?
        var note: String?
        switch lead.status {
        case .owned(_, let kept): keep = kept
        case .conditionalRefusal(_, let r, let n): (reason, note) = (r, n)
        case .lost(let r, _, _), .disqualified(let r, _, _): reason = r
        case .exchange, .won: break
        }
        return LeadSummary(
            id: lead.id?.rawValue ?? 0, title: lead.title, stage: lead.stage.rawValue,
            stageTitle: pipeline.stage(lead.stage)?.title ?? lead.stage.rawValue, status: lead.status.kind.rawValue,
            owner: lead.status.owner?.rawValue, keep: keep, source: lead.source.description, contactId: lead.contactID.rawValue,
            reason: reason?.rawValue, reasonNote: note, createdAt: lead.createdAt, stageEnteredAt: lead.stageEnteredAt,
            lastActivityAt: lead.lastActivityAt, clientName: client?.name, clientCompany: client?.company,
            clientPhone: client?.phones.first?.e164, stageNormSeconds: pipeline.stage(lead.stage)?.norm.map { Double($0.components.seconds) },
            sourceTitle: wording?.source(lead.source), reasonTitle: reason.flatMap { wording?.reason($0) },
            ownerName: lead.status.owner.flatMap { wording?.user($0) }, amountKopecks: lead.amount?.kopecks, amountTitle: lead.amount.flatMap { wording?.money($0.kopecks) })
    }

    func contact(_ contact: Contact, leads: [Lead]? = nil) -> ContactReply {
        ContactReply(
            id: contact.id?.rawValue ?? 0, name: contact.name, company: contact.company, emails: contact.emails,
            phones: contact.phones.map(\.e164), leads: leads?.map(summary))
    }

    func history(_ entry: HistoryEntry) -> HistoryLine {
        HistoryLine(
            at: entry.at, actor: entry.actor?.rawValue, action: entry.action.rawValue, fromStage: entry.fromStage?.rawValue,
            toStage: entry.toStage?.rawValue, reason: entry.reason?.rawValue, note: entry.note,
            text: wording?.event(entry))
    }

    func reminder(_ reminder: Reminder) -> ReminderReply {
        ReminderReply(
            id: reminder.id, leadId: reminder.leadID.rawValue, dueAt: reminder.dueAt, note: reminder.note,
            createdBy: reminder.createdBy?.rawValue, sentAt: reminder.sentAt)
    }
}
