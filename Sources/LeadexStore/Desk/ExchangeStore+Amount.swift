public import LeadexCore
internal import Synchronization

extension ExchangeStore {
    /// Whether `login` may set `lead`'s amount: for offering the form, the rules decide.
    public func maySetAmount(_ lead: Lead, as login: UserLogin) -> Bool {
        let rules = rules.withLock { $0 }
        guard let actor = rules.policy.users[login] else { return false }
        do throws(RuleViolation) {
            try rules.checkCanSetAmount(lead, actor: actor)
            return true
        } catch {
            return false
        }
    }

    /// Sets deal `id`'s amount from what `login` typed (``DealAmount/parse(_:)``), or clears it
    /// when `typed` is `nil`. A refusal, of the text or by the rules, is logged and changes nothing.
    @discardableResult
    public func setAmount(_ typed: String?, on id: LeadID, by login: UserLogin) async throws -> Lead {
        var amount: DealAmount?
        if let typed {
            do throws(RuleViolation) {
                amount = try DealAmount.parse(typed)
            } catch {
                logRefusal(error, user: login, lead: id, action: HistoryAction.amountSet.rawValue)
                throw error
            }
        }
        return try await perform(.setAmount(amount), on: id, by: login)
    }
}
