// backup-bench: the Swift half of Benchmarks/backup/run.
//
//   backup-bench init DB               the schema and a department (users, stages) in a new file
//   backup-bench backup DB DIR         one DatabaseBackup into DIR; prints its phases
//   backup-bench restore BACKUP DB     DatabaseRestore of BACKUP into DB; prints its time
//   backup-bench backup DB DIR --writer
//       the same while a writer commits one lead per transaction through the same pool, as
//       intake does; prints the writer's latencies alone (before), during the backup, and in
//       the seconds after it (when SQLite checkpoints the WAL that grew meanwhile)
import Foundation
import LeadexCore
import LeadexStore
import Logging
import Synchronization

let arguments = CommandLine.arguments
guard arguments.count >= 3 else {
    FileHandle.standardError.write(Data("usage: backup-bench init DB | backup DB DIR [--writer] | restore BACKUP DB\n".utf8))
    exit(2)
}

/// Keeps the phase figures of DatabaseBackup's "backup written" notice.
struct PhaseCapture: LogHandler {
    static let phases = Mutex<[String: String]>([:])
    static let writtenAt = Mutex<ContinuousClock.Instant?>(nil)
    var metadata: Logger.Metadata = [:]
    var logLevel: Logger.Level = .info

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        if event.message.description == "backup written" {
            Self.phases.withLock { phases in
                for (key, value) in event.metadata ?? [:] { phases[key] = "\(value)" }
                // Written, not yet pruned: what follows is the removal of older backups.
            }
            Self.writtenAt.withLock { $0 = ContinuousClock.now }
        } else if event.level >= .warning {
            FileHandle.standardError.write(Data("\(event.level): \(event.message)\n".utf8))
        }
    }
}
LoggingSystem.bootstrap { _ in PhaseCapture() }

if arguments[1] == "restore" {
    let start = ContinuousClock.now
    try DatabaseRestore.restore(backup: arguments[2], into: arguments[3], logger: Logger(label: "bench"))
    print("RESULT restore \(seconds(ContinuousClock.now - start))")
    exit(0)
}

let policy = ExchangePolicy(
    pipeline: try Pipeline([Stage(id: "new", title: "Новая заявка", norm: .seconds(3600))]),
    refusalReasons: [Reason(id: "other", title: "Другое", requiresNote: true)],
    disqualifyReasons: [Reason(id: "spam", title: "Спам")],
    defaultCap: 20,
    users: [User(login: "ivanov", name: "Иван Иванов", email: "ivanov@example.ru", role: .manager)]
)
let database = try LeadexDatabase(path: arguments[2])
let store = try await ExchangeStore(database: database, policy: policy, clock: SystemWallClock(), logger: Logger(label: "bench"))

switch arguments[1] {
case "init":
    try database.close()

case "backup":
    let directory = arguments[3]
    let backup = DatabaseBackup(database: database, logger: Logger(label: "bench"))
    guard arguments.contains("--writer") else {
        let start = ContinuousClock.now
        let manifest = try await takeBackup(backup, into: directory)
        let total = ContinuousClock.now - start
        let phases = PhaseCapture.phases.withLock { $0 }
        print("RESULT ours \(seconds(total)) \(phases["copy_ms"] ?? "?") \(phases["verify_ms"] ?? "?") "
            + "\(phases["archive_ms"] ?? "?") \(manifest.rawBytes) \(manifest.compressedBytes)")
        exit(0)
    }

    /// Commits one lead per transaction until told to stop; keeps each commit's latency in ms
    /// with the moment it finished.
    let latencies = Mutex<[(at: ContinuousClock.Instant, ms: Double)]>([])
    let stop = Atomic(false)
    let writer = Task {
        var n = 0
        while !stop.load(ordering: .relaxed) {
            n += 1
            let started = ContinuousClock.now
            _ = try await store.receive(
                IncomingLead(
                    source: LeadSource(kind: .form, name: "bench"), sourceRef: "w\(n)-\(UUID().uuidString)",
                    title: "Заявка с сайта", text: "Нужен расчёт стоимости на 40 позиций, перезвоните после обеда",
                    contact: ContactDraft(name: "Клиент \(n)", emails: ["w\(n)@example.ru"])))
            let finished = ContinuousClock.now
            latencies.withLock { $0.append((finished, milliseconds(finished - started))) }
        }
    }
    let baselineStart = ContinuousClock.now
    // As long a window as the backup's, so that the maxima compare.
    try await Task.sleep(for: .seconds(15))
    let backupStart = ContinuousClock.now
    _ = try await takeBackup(backup, into: directory)
    let backupEnd = ContinuousClock.now
    try await Task.sleep(for: .seconds(5))
    stop.store(true, ordering: .relaxed)
    try await writer.value
    let all = latencies.withLock { $0 }

    func report(_ label: String, from: ContinuousClock.Instant, to: ContinuousClock.Instant) {
        let window = all.filter { $0.at > from && $0.at <= to }.map(\.ms).sorted()
        guard !window.isEmpty else { print("RESULT writer \(label) 0 0 0 0 0"); return }
        let p50 = window[window.count / 2]
        let p99 = window[min(window.count - 1, window.count * 99 / 100)]
        let rate = Double(window.count) / max(0.001, milliseconds(to - from) / 1000)
        print(String(format: "RESULT writer %@ %d %.0f %.2f %.2f %.1f", label, window.count, rate, p50, p99, window.last!))
    }
    // Where the longest commits fell, against the phases of the backup.
    let phases = PhaseCapture.phases.withLock { $0 }
    let writtenAt = PhaseCapture.writtenAt.withLock { $0 } ?? backupEnd
    print("RESULT phases \(phases["copy_ms"] ?? "?") \(phases["verify_ms"] ?? "?") \(phases["archive_ms"] ?? "?") "
        + "\(Int(milliseconds(writtenAt - backupStart))) \(Int(milliseconds(backupEnd - backupStart)))")
    for slow in all.filter({ $0.at > backupStart }).sorted(by: { $0.ms > $1.ms }).prefix(5) {
        print(String(format: "RESULT slow %.1f %.0f", slow.ms, milliseconds(slow.at - backupStart)))
    }
    report("alone", from: baselineStart, to: backupStart)
    report("during", from: backupStart, to: backupEnd)
    report("after", from: backupEnd, to: backupEnd + .seconds(5))
    print("RESULT backup-with-writer \(seconds(backupEnd - backupStart))")

default:
    FileHandle.standardError.write(Data("unknown command \(arguments[1])\n".utf8))
    exit(2)
}

/// The async overload, as the daemon's scheduler calls it: the backup on a thread of its own.
func takeBackup(_ backup: DatabaseBackup, into directory: String) async throws -> BackupManifest {
    try await backup.backup(into: directory, keep: 1, now: Date())
}

func milliseconds(_ duration: Duration) -> Double {
    Double(duration.components.seconds) * 1000 + Double(duration.components.attoseconds) / 1e15
}

func seconds(_ duration: Duration) -> String { String(format: "%.3f", milliseconds(duration) / 1000) }
