internal import LeadexConfig
internal import Foundation
internal import LeadexCore
internal import LeadexStore

extension JobEnvironment {
    /// Deals past their stage's norm: the owner is told once per stage entry, the head after a
    /// grace period.
    public func stageAlertJob() -> ScheduledJob {
        ScheduledJob(name: "stage-alerts", timing: .schedule(settings.stageAlerts.schedule)) { _, now in
            let sent = try await store.sendStageAlerts(
                at: now, headGrace: settings.stageAlerts.headGrace,
                composeOwner: { owner, overruns in
                    mailer.mail(
                        .stageAlert, template: "stage_alert_owner", context: overrunContext(overruns, greetingFor: owner),
                        to: address(of: owner), lead: overruns.count == 1 ? overruns[0].lead.id : nil, at: now)
                },
                composeHead: { overruns in
                    mailer.mail(
                        .stageAlert, template: "stage_alert_head", context: overrunContext(overruns, greetingFor: nil), to: heads,
                        lead: overruns.count == 1 ? overruns[0].lead.id : nil, at: now)
                })
            if sent.owner + sent.head > 0 { mailAdded() }
            return "\(sent.owner) owner alerts, \(sent.head) head alerts"
        }
    }

    func overrunContext(_ overruns: [StageOverrun], greetingFor owner: UserLogin?) -> [String: Any] {
        Mailer.context([
            "greeting": greeting(owner),
            // The owner's mail points to their deals; the head's has each deal's own link.
            "deals_link": owner == nil ? nil : links.ownDeals,
            "count": overruns.count,
            "deals": overruns.map { overrun -> [String: Any] in
                Mailer.context([
                    "id": overrun.lead.id?.description ?? "?", "title": overrun.lead.title, "contact": overrun.contact.name,
                    "phone": overrun.contact.phones.first?.written, "owner": wording.user(overrun.owner),
                    "stage": overrun.stage.title, "in_stage": mailer.format(duration: overrun.inStage),
                    "norm": overrun.stage.norm.map { mailer.format(duration: TimeInterval($0.components.seconds)) } ?? "-",
                    "link": links.deal(overrun.lead.id),
                ])
            },
        ])
    }

    /// Requests nobody took within the configured working time since they (last) landed on the
    /// exchange: one digest to the heads and the exchange list.
    public func untakenAlertJob() -> ScheduledJob {
        let untaken = settings.untakenAlerts
        let zone = mailer.zone
        return ScheduledJob(name: "untaken-alerts", timing: .schedule(untaken.schedule)) { _, now in
            let sent = try await store.sendUntakenAlerts(
                at: now, after: untaken.after,
                waited: { arrived in
                    untaken.workingHours?.workingSeconds(from: arrived, to: now, zone: zone) ?? now.timeIntervalSince(arrived)
                },
                compose: { leads in
                    let context = Mailer.context([
                        "count": leads.count,
                        "exchange_link": links.exchange,
                        "after": mailer.format(duration: TimeInterval(untaken.after.components.seconds)),
                        "leads": leads.map { item -> [String: Any] in
                            Mailer.context([
                                "id": item.lead.id?.description ?? "?", "title": item.lead.title, "contact": item.contact.name,
                                "phone": item.contact.phones.first?.written, "source": wording.source(item.lead.source),
                                "waiting": mailer.format(duration: now.timeIntervalSince(item.landedAt)),
                                "link": links.deal(item.lead.id),
                            ])
                        },
                    ])
                    return mailer.mail(
                        .untakenAlert, template: "untaken_alert", context: context, to: exchangeAudience,
                        lead: leads.count == 1 ? leads[0].lead.id : nil, at: now)
                })
            if sent > 0 { mailAdded() }
            return "\(sent) untaken leads reported"
        }
    }
}
