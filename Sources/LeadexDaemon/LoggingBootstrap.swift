public import LeadexConfig
public import LeadexJournal
public import Logging

/// Installs the journal handler as swift-log's backend; done once per process, before any logger
/// is made. Log settings therefore apply at start: a reload that changes them says a restart is
/// needed.
public enum LoggingBootstrap {
    public static func sink(for settings: LogSettings) -> LogSink {
        let destination: LogSink.Destination =
            switch settings.target {
            case .journal: .journal
            case .console: .console
            case .auto: LogSink.stderrIsJournal() ? .journal : .console
            }
        return LogSink(destination: destination, identifier: "leadexd", personalData: settings.personalData)
    }

    public static func bootstrap(_ settings: LogSettings) -> LogSink {
        let sink = sink(for: settings)
        let level = Logger.Level(settings.level)
        LoggingSystem.bootstrap { label in JournalLogHandler(label: label, sink: sink, level: level) }
        return sink
    }
}

extension Logger.Level {
    public init(_ level: LogSettings.Level) {
        switch level {
        case .trace: self = .trace
        case .debug: self = .debug
        case .info: self = .info
        case .notice: self = .notice
        case .warning: self = .warning
        case .error: self = .error
        case .critical: self = .critical
        }
    }
}
