internal import Foundation
internal import LeadexConfig
internal import LeadexJournal
internal import LeadexStore
internal import Logging

/// `leadexd backup-now` and `leadexd restore`: the admin's side of the weekly backup, through
/// the code the daemon's job uses. Both log to the journal (or the terminal) like the daemon,
/// so that who restored what stays on record, and print their result.
public enum BackupCommands {
    /// One backup into `[backup] directory`, as the weekly job takes it, keeping `[backup] keep`.
    /// Safe while the daemon runs (it is an online backup). Returns the exit code.
    public static func backupNow(configPath: String, dropInDirectory: String?) async -> Int32 {
        guard let started = start(configPath, dropInDirectory, label: "leadexd.backup") else { return Daemon.exitConfigurationError }
        let (configuration, sink, logger) = started
        let settings = configuration.backup
        let path = configuration.storage.database
        // Opening would create an empty database, and back that up.
        guard FileManager.default.fileExists(atPath: path) else {
            fail("backup failed: there is no database at \(path)", logger: logger, sink: sink)
            return 1
        }
        do {
            let database = try LeadexDatabase(path: path)
            defer { try? database.close() }
            let manifest = try await DatabaseBackup(database: database, logger: logger)
                .backup(into: settings.directory, keep: settings.keep, now: Date())
            print(
                "\(settings.directory)/\(manifest.file): \(manifest.rows); \(megabytes(manifest.rawBytes)) MB, "
                    + "\(megabytes(manifest.compressedBytes)) MB compressed; sha256 \(manifest.sha256)")
            return 0
        } catch let error as BackupError {
            fail(
                "backup failed: \(error)", logger: logger, sink: sink,
                metadata: ["directory": "\(settings.directory)", "disk_full": "\(error.isDiskFull)"])
            return 1
        } catch {
            fail("backup failed: \(error)", logger: logger, sink: sink, metadata: ["directory": "\(settings.directory)"])
            return 1
        }
    }

    /// Restores `backupPath` (archive or manifest) into the configured database, which no
    /// process may have open: the daemon must be stopped. Returns the exit code.
    public static func restore(backupPath: String, configPath: String, dropInDirectory: String?) -> Int32 {
        guard let started = start(configPath, dropInDirectory, label: "leadexd.restore") else { return Daemon.exitConfigurationError }
        let (configuration, sink, logger) = started
        let path = configuration.storage.database
        do {
            let report = try DatabaseRestore.restore(backup: backupPath, into: path, logger: logger)
            print("restored \(report.manifest.file) (\(report.manifest.rows)) into \(path)")
            if let previous = report.previous { print("the database it replaced is kept as \(previous)") }
            return 0
        } catch {
            fail("restore refused: \(error)", logger: logger, sink: sink, metadata: ["database": "\(path)", "backup": "\(backupPath)"])
            return 1
        }
    }

    /// The config (nil, its problems said on stderr, when it has any) and logging as the daemon's.
    private static func start(
        _ configPath: String, _ dropInDirectory: String?, label: String
    ) -> (LeadexConfiguration, LogSink, Logger)? {
        do {
            let configuration = try LeadexConfiguration.load(path: configPath, dropInDirectory: dropInDirectory)
            let sink = LoggingBootstrap.bootstrap(configuration.log)
            return (configuration, sink, Logger(label: label))
        } catch {
            FileHandle.standardError.write(Data("leadexd: the configuration has problems:\n\(error)\n".utf8))
            return nil
        }
    }

    /// Logged as an error (the journal is where admins are alerted from) and, unless the log
    /// already goes to this terminal, said on stderr.
    private static func fail(_ message: String, logger: Logger, sink: LogSink, metadata: Logger.Metadata = [:]) {
        logger.error("\(message)", metadata: metadata)
        if sink.destination != .console {
            FileHandle.standardError.write(Data("leadexd: \(message)\n".utf8))
        }
    }

    private static func megabytes(_ bytes: Int64) -> String {
        String(format: "%.1f", Double(bytes) / 1_048_576)
    }
}
