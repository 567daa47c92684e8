public import LeadexCore

extension ExchangeStore {
    /// Throws (and logs, `RULE=role`) unless `login` is an admin: what the web workspace asks
    /// before any admin page, so that a manager or QA typing the address is refused by the rule,
    /// not by a menu that hides the link.
    public func checkCanAdminister(_ login: UserLogin, page: String) throws(RuleViolation) {
        _ = try check(login, action: "admin \(page)") { rules, user throws(RuleViolation) in
            try rules.requireAdmin(user, to: "open the admin pages")
        }
    }

    /// Whether `login` may open the admin pages, for the menu (no refusal is logged: nothing was tried).
    public func administers(_ login: UserLogin) -> Bool { policy.users[login]?.role.administers ?? false }
}
