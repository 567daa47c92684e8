// scheduler-bench: figures for the scheduler and the reminder job (see Benchmarks/scheduler/run).
//   scheduler-bench populate DB N   N pending reminders, due from tomorrow over a year
//   scheduler-bench lateness N      N reminders due at the same moment: how late each reaches the outbox
import Foundation
import LeadexConfig
import LeadexCore
import LeadexJobs
import LeadexStore
import Logging

let arguments = CommandLine.arguments
guard arguments.count >= 3 else {
    print("usage: scheduler-bench populate DB N | lateness N")
    exit(2)
}

let policy = ExchangePolicy(
    pipeline: try Pipeline(Defaults.pipeline(.ru)), refusalReasons: Defaults.refusalReasons(.ru),
    disqualifyReasons: Defaults.disqualifyReasons(.ru), defaultCap: 100_000,
    users: [User(login: "ivanov", name: "Иван Иванов", email: "ivanov@example.ru", role: .manager)])

func openStore(_ path: String) async throws -> ExchangeStore {
    try await ExchangeStore(database: try LeadexDatabase(path: path), policy: policy, clock: SystemWallClock(), logger: Logger(label: "bench"))
}

func seed(_ store: ExchangeStore, count: Int, due: (Int) -> Date) async throws {
    var leads: [LeadID] = []
    for i in 0..<100 {
        let outcome = try await store.receive(
            IncomingLead(
                source: LeadSource(kind: .manual, name: "bench"), sourceRef: "bench-\(i)-\(UUID())", title: "Заявка \(i)", text: "",
                contact: ContactDraft(name: "Клиент \(i)", emails: [], phones: [PhoneNumber("+7912000\(String(format: "%04d", i))")!])))
        guard case .created(let id, _, _) = outcome else { fatalError("\(outcome)") }
        try await store.perform(.take, on: id, by: "ivanov")
        leads.append(id)
    }
    for i in 0..<count {
        try await store.setReminder(on: leads[i % leads.count], at: due(i), note: "перезвонить по КП \(i)", by: "ivanov")
    }
}

switch arguments[1] {
case "populate":
    let store = try await openStore(arguments[2])
    let count = Int(arguments[3])!
    let start = Date().addingTimeInterval(86_400)
    try await seed(store, count: count, due: { start.addingTimeInterval(Double($0) * 365 * 86_400 / Double(count)) })
    print("populated \(count) pending reminders, earliest due \(start)")

case "lateness":
    let count = Int(arguments[2])!
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("leadex-lateness-\(UUID())").path
    defer { try? FileManager.default.removeItem(atPath: directory) }
    let store = try await openStore(directory + "/db.sqlite3")
    let due = Date().addingTimeInterval(Double(count) / 2000 + 3)
    try await seed(store, count: count, due: { _ in due })
    guard Date() < due.addingTimeInterval(-0.5) else { fatalError("seeding took too long") }
    let mailer = Mailer(templates: try MailTemplates(language: .ru, directory: nil), from: "leadex@example.ru", zone: ZoneRules(TimeZone.current), language: .ru)
    let environment = JobEnvironment(store: store, mailer: mailer, settings: JobsSettings(), mail: MailSettings(), mailAdded: {})
    let scheduler = Scheduler(
        jobs: [environment.reminderJob()], ledger: JobLedger(database: store.database), clock: SystemSleepingClock(),
        zone: ZoneRules(TimeZone.current), logger: Logger(label: "bench"))
    let loop = Task { try await scheduler.run() }
    let outbox = Outbox(database: store.database)
    while try await outbox.counts().pending < count { try await Task.sleep(for: .milliseconds(20)) }
    loop.cancel()
    let lateness = try await outbox.all().map { $0.createdAt.timeIntervalSince(due) * 1000 }.sorted()
    func percentile(_ p: Double) -> Double { lateness[min(lateness.count - 1, Int(Double(lateness.count) * p))] }
    print(String(format: "lateness of %d reminders due at once into the outbox: p50 %.0f ms, p99 %.0f ms, max %.0f ms (target p99 <= 1000 ms)",
                 count, percentile(0.5), percentile(0.99), lateness.last ?? 0))

default:
    print("unknown command \(arguments[1])")
    exit(2)
}
