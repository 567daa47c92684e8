internal import Foundation
public import LeadexCore
public import LeadexStore

/// A real SQLite file in a temporary directory, with the sample department loaded.
public struct StoreFixture: Sendable {
    public let directory: TemporaryDirectory
    public let database: LeadexDatabase
    public let store: ExchangeStore
    public let clock: ManualWallClock
    public let logs: LogCapture

    /// `policy` replaces the sample department (built with `defaultCap`) when given; `databasePath`:
    /// where the file goes instead of the temporary directory (a full tmpfs).
    public init(defaultCap: Int = 3, policy: ExchangePolicy? = nil, databasePath: String? = nil) async throws {
        directory = try TemporaryDirectory()
        database = try LeadexDatabase(path: databasePath ?? directory.file("leadex.sqlite3"))
        clock = ManualWallClock()
        logs = LogCapture()
        store = try await ExchangeStore(
            database: database, policy: policy ?? SamplePolicy.make(defaultCap: defaultCap), clock: clock, logger: logs.logger())
    }

    /// A request from the site form, on the exchange.
    @discardableResult
    public func incoming(_ ref: String? = nil, name: String = "Иван Клиентов", email: String? = nil, phone: String? = nil) async throws -> LeadID {
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

    public enum FixtureError: Error { case notCreated(IntakeOutcome) }
}

