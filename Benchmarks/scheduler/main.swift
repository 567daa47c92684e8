// scheduler-bench: figures for the scheduler and the reminder job (see Benchmarks/scheduler/run).
//   scheduler-bench populate DB     the schema, a manager and 100 deals of theirs (the run script
//                                   then adds reminders in bulk with sqlite3)
//   scheduler-bench lateness DB T   runs the reminder job on DB, whose pending reminders are all due at
//                                   T (seconds since 1970): how late each reaches the outbox; then
//                                   how long the sender takes to render and store those mails
//                                   (the rendering reminders leave to it), without sending
import Foundation
import LeadexConfig
import LeadexCore
import LeadexJobs
import LeadexStore
import Logging

let arguments = CommandLine.arguments
guard arguments.count >= 3 else {
    print("usage: scheduler-bench populate DB | lateness DB T")
    exit(2)
}

let policy = ExchangePolicy(
    pipeline: try Pipeline(Defaults.pipeline(.ru)), refusalReasons: Defaults.refusalReasons(.ru),
    disqualifyReasons: Defaults.disqualifyReasons(.ru), defaultCap: 100_000,
    users: [User(login: "ivanov", name: "Иван Иванов", email: "ivanov@example.ru", role: .manager)])

var quiet = Logger(label: "bench")
quiet.logLevel = .warning
let logger = quiet

func openStore(_ path: String) async throws -> ExchangeStore {
    try await ExchangeStore(database: try LeadexDatabase(path: path), policy: policy, clock: SystemWallClock(), logger: logger)
}

func seed(_ store: ExchangeStore) async throws {
    for i in 0..<100 {
        let outcome = try await store.receive(
            IncomingLead(
                source: LeadSource(kind: .manual, name: "bench"), sourceRef: "bench-\(i)-\(UUID())", title: "Заявка \(i)", text: "",
                contact: ContactDraft(name: "Клиент \(i)", emails: [], phones: [PhoneNumber("+7912000\(String(format: "%04d", i))")!])))
        guard case .created(let id, _, _) = outcome else { fatalError("\(outcome)") }
        try await store.perform(.take, on: id, by: "ivanov")
    }
}

switch arguments[1] {
case "populate":
    try await seed(try await openStore(arguments[2]))
    print("schema, 1 manager and 100 deals in \(arguments[2])")

case "lateness":
    let store = try await openStore(arguments[2])
    let due = Date(timeIntervalSince1970: Double(arguments[3])!)
    guard try await store.nextReminderDue() != nil, Date() < due else { fatalError("nothing pending, or T has passed") }
    let mailer = Mailer(templates: try MailTemplates(language: .ru, directory: nil), from: "leadex@example.ru", zone: ZoneRules(TimeZone.current), language: .ru)
    let environment = JobEnvironment(store: store, mailer: mailer, settings: JobsSettings(), mail: MailSettings(), mailAdded: {})
    let scheduler = Scheduler(
        jobs: [environment.reminderJob()], ledger: JobLedger(database: store.database), clock: SystemSleepingClock(),
        zone: ZoneRules(TimeZone.current), logger: logger)
    let loop = Task { try await scheduler.run() }
    let outbox = Outbox(database: store.database)
    while try await store.nextReminderDue() != nil { try await Task.sleep(for: .milliseconds(20)) }
    loop.cancel()
    let queued = try await outbox.all()
    let lateness = queued.map { $0.createdAt.timeIntervalSince(due) * 1000 }.sorted()
    func percentile(_ p: Double) -> Double { lateness[min(lateness.count - 1, Int(Double(lateness.count) * p))] }
    print(String(format: "lateness of %d reminders due at once, into the outbox: p50 %.0f ms, p99 %.0f ms, max %.0f ms (target p99 <= 1000 ms)",
                 lateness.count, percentile(0.5), percentile(0.99), lateness.last ?? 0))

    // The cost moved to the sender: rendering each mail and storing it in its row, which the
    // sender does before a mail's first delivery attempt (here all at once, no SMTP).
    let renderer = OutboxRenderer(outbox: outbox, mailer: mailer, logger: logger)
    let started = ContinuousClock.now
    let rendered = try await renderer.renderAll(now: Date())
    let took = (ContinuousClock.now - started) / .milliseconds(1)
    func kilobytes(_ bytes: [Int]) -> Double { Double(bytes.reduce(0, +)) / Double(max(bytes.count, 1)) / 1024 }
    let dataSize = kilobytes(queued.map { if case .toRender(_, let context) = $0.mail.content { context.utf8.count } else { 0 } })
    let messageSize = kilobytes(try await outbox.all().map { $0.mail.message?.count ?? 0 })
    print(String(format: "then the sender renders and stores them before sending: %d in %.0f ms (%.0f µs each); "
                 + "rows hold %.1f KB of template data at due time, %.1f KB once rendered",
                 rendered, took, took * 1000 / Double(max(rendered, 1)), dataSize, messageSize))

default:
    print("unknown command \(arguments[1])")
    exit(2)
}
