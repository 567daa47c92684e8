internal import Foundation
public import LeadexConfig
internal import LeadexCore
internal import LeadexStore
public import Logging

extension JobEnvironment {
    /// The weekly backup: an online copy while the daemon keeps working. A failure leaves the
    /// older backups as they were and mails the admins.
    public func backupJob(_ backup: BackupSettings, logger: Logger) -> ScheduledJob {
        ScheduledJob(name: "backup", timing: .schedule(settings.backup.schedule)) { _, now in
            do {
                let manifest = try await DatabaseBackup(database: store.database, logger: logger)
                    .backup(into: backup.directory, keep: backup.keep, now: now)
                return "\(backup.directory)/\(manifest.file): \(manifest.rows), \(manifest.compressedBytes) bytes compressed"
            } catch {
                let ru = mailer.language == .ru
                try? await alertAdmins(
                    subject: ru ? "Резервная копия не создана" : "Backup failed",
                    text: ru
                        ? "Резервная копия в \(backup.directory) не создана; прежние копии не тронуты. Проверьте место на диске и права на каталог."
                        : "No backup was made in \(backup.directory); the earlier backups are untouched. Check the free space and the directory's permissions.",
                    detail: "\(error)", at: now)
                throw error
            }
        }
    }
}
