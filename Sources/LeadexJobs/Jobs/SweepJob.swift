internal import LeadexConfig
public import Foundation
internal import LeadexCore
public import LeadexStore

extension JobEnvironment {
    /// The exchange sweep on its schedule: idle, unmarked deals go back to the exchange.
    public func sweepJob() -> ScheduledJob {
        ScheduledJob(name: "sweep", timing: .schedule(settings.sweep.schedule)) { _, now in
            let swept = try await sweep(at: now, inactiveFor: settings.sweep.inactiveFor)
            return "\(swept.count) deals returned to the exchange"
        }
    }

    /// One sweep; `inactiveFor == nil` returns every unmarked deal (the manual run).
    public func sweep(at now: Date, inactiveFor: Duration?) async throws -> [SweptDeal] {
        let swept = try await store.sweepExchange(at: now, inactiveFor: inactiveFor) { owner, deals in
            let context = Mailer.context([
                "greeting": greeting(owner),
                "count": deals.count,
                "exchange_link": links.exchange,
                "inactive": inactiveFor.map { mailer.format(duration: TimeInterval($0.components.seconds)) },
                "deals": deals.map { deal in
                    Mailer.context([
                        "id": deal.lead.id?.description ?? "?", "title": deal.lead.title, "contact": deal.contact.name,
                        "company": deal.contact.company, "phone": deal.contact.phones.first?.written,
                        "link": links.deal(deal.lead.id),
                    ])
                },
            ])
            return mailer.mail(.sweep, template: "sweep_notice", context: context, to: address(of: owner), at: now)
        }
        if !swept.isEmpty { mailAdded() }
        return swept
    }
}
