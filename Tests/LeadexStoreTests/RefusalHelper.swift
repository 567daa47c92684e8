import LeadexCore

/// The refusal `body` throws, if it throws one.
func refusal(_ body: () async throws -> Void) async -> RuleViolation? {
    do {
        try await body()
        return nil
    } catch let violation as RuleViolation {
        return violation
    } catch {
        return nil
    }
}
