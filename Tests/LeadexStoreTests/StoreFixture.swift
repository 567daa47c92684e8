import Foundation
import LeadexCore
import LeadexStore
import LeadexTesting

/// A real SQLite file in a temporary directory, with the sample department loaded.
struct StoreFixture {
    let directory: TemporaryDirectory
    let database: LeadexDatabase
    let store: ExchangeStore
    let clock: ManualWallClock
    let logs: LogCapture

    init(defaultCap: Int = 3) async throws {
        directory = try TemporaryDirectory()
        database = try LeadexDatabase(path: directory.file("leadex.sqlite3"))
        clock = ManualWallClock()
        logs = LogCapture()
        store = try await ExchangeStore(
            database: database, policy: SamplePolicy.make(defaultCap: defaultCap), clock: clock, logger: logs.logger())
    }

    /// A request from the site form, on the exchange.
    @discardableResult
    func incoming(_ ref: String? = nil, name: String = "Иван Клиентов", email: String? = nil, phone: String? = nil) async throws -> LeadID {
        let outcome = try await store.receive(
            IncomingLead(
                source: LeadSource(kind: .form, name: "site"), sourceRef: ref ?? UUID().uuidString,
                title: "Заявка с сайта", text: "Нужен расчёт",
                contact: ContactDraft(name: name, emails: email.map { [$0] } ?? [], phones: phone.flatMap(PhoneNumber.init).map { [$0] } ?? [])
            )
        )
        guard case .created(let id, _, _) = outcome else { throw FixtureError.notCreated(outcome) }
        return id
    }

    enum FixtureError: Error { case notCreated(IntakeOutcome) }
}

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
