internal import Foundation
internal import LeadexConfig
internal import LeadexCore

extension LeadexConfiguration {
    /// The zone the department's clocks keep: the configured `timezone`, else the machine's.
    var zone: ZoneRules { ZoneRules(identifier: timeZone) ?? ZoneRules(TimeZone.current) }

    /// What the daemon's own commands print for admins (`form-status`), in the department's
    /// language and on its clocks, sources by their configured titles.
    func wording(policy: ExchangePolicy) -> Wording { Wording(language: language.text, zone: zone, policy: policy) }
}
