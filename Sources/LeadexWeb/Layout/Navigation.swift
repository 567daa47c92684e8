internal import LeadexCore

/// The header's entries beyond a manager's (exchange, deals, contacts, new lead), by role. Each
/// follows the core's own predicate for the page it opens (``Role/reviewsRefusals``,
/// ``Role/headsSales``, ``Role/administers``), so the header never offers what the rules refuse.
enum Navigation {
    struct Entry {
        var href: String
        var word: String
        /// The templates (page names) the entry stands for.
        var pages: Set<String>
    }

    static func entries(for role: Role) -> [Entry] {
        var entries: [Entry] = []
        if role.reviewsRefusals { entries.append(Entry(href: "/qa/refusals", word: "refusals", pages: ["refusals"])) }
        if role.headsSales {
            entries.append(Entry(href: "/head/now", word: "now", pages: ["head-now"]))
            entries.append(Entry(href: "/head/reports", word: "reports", pages: ["reports"]))
        }
        if role.administers {
            entries.append(Entry(href: "/admin/status", word: "admin", pages: ["admin-status", "admin-import", "admin-export", "admin-backups", "admin-users"]))
        }
        return entries
    }

    /// Template values of the entries `role` sees, the one for `page` marked current; each has a
    /// class after its word (`admin-nav`) that the browser tests find it by.
    static func entries(for role: Role, page: String, text: WebText) -> [[String: Any]] {
        let words = text.words
        return entries(for: role).map { ["href": $0.href, "class": $0.word + "-nav", "label": words[$0.word] ?? text.adminWords[$0.word] ?? $0.word, "current": $0.pages.contains(page)] }
    }
}
