internal import Hummingbird
internal import LeadexCore

/// Pages for some roles only: the store's check (the core's rule, its refusal logged with
/// `RULE=`) runs first, and a refused user gets exactly what a page that does not exist gives,
/// so a URL tried by hand tells nothing about what is there.
enum PageAccess {
    static func require(_ check: () throws(RuleViolation) -> Void) throws {
        do {
            try check()
        } catch {
            throw HTTPError(.notFound)
        }
    }
}
