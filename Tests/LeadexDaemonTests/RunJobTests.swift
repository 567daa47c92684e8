import Foundation
import LeadexCore
import LeadexStore
import LeadexTesting
import Logging
import Testing

/// `leadexd run-job`: the manual sweep of every unmarked deal, and a clear refusal of a wrong name.
@Suite(.serialized) struct RunJobTests {
    let leadexd = RepositoryPaths.executable("leadexd")

    @Test func manualSweepReturnsEveryUnmarkedDeal() async throws {
        let directory = try TemporaryDirectory()
        let database = directory.file("db.sqlite3")
        let config = try directory.write(
            "leadex.toml",
            """
            [storage]
            database = "\(database)"
            [log]
            target = "console"
            [[user]]
            login = "ivanov"
            name = "Иван Иванов"
            email = "ivanov@example.ru"
            role = "manager"
            """)
        do {
            let policy = ExchangePolicy(
                pipeline: try Pipeline([Stage(id: "new", title: "Новая заявка")]), refusalReasons: [], disqualifyReasons: [],
                defaultCap: 10, users: [User(login: "ivanov", name: "Иван Иванов", email: "ivanov@example.ru", role: .manager)])
            let store = try await ExchangeStore(
                database: try LeadexDatabase(path: database), policy: policy, clock: SystemWallClock(), logger: Logger(label: "test"))
            for i in 0..<3 {
                let outcome = try await store.receive(
                    IncomingLead(
                        source: LeadSource(kind: .manual, name: "test"), sourceRef: "r\(i)", title: "t\(i)", text: "",
                        contact: ContactDraft(name: "c\(i)", emails: [], phones: [])))
                guard case .created(let id, _, _) = outcome else { return }
                try await store.perform(.take, on: id, by: "ivanov")
                if i == 0 { try await store.perform(.keep(true), on: id, by: "ivanov") }
            }
            try store.database.close()
        }
        let result = try ChildProcess.run(executable: leadexd, arguments: ["run-job", "sweep", "--every-unmarked", "--config", config])
        #expect(result.status == 0)
        #expect(result.output.contains("sweep: 2 deals returned to the exchange"))
        let wrong = try ChildProcess.run(executable: leadexd, arguments: ["run-job", "sweeep", "--config", config])
        #expect(wrong.status == 2)
        #expect(wrong.error.contains("no enabled job 'sweeep'"))
    }
}
