public import Logging

/// A swift-log handler writing to a ``LogSink``: structured journal entries under systemd,
/// readable lines on a terminal. A value, as swift-log wants: metadata and level are per logger.
public struct JournalLogHandler: LogHandler {
    public let label: String
    public let sink: LogSink
    public var metadata: Logger.Metadata = [:]
    public var logLevel: Logger.Level

    public init(label: String, sink: LogSink, level: Logger.Level = .info) {
        self.label = label
        self.sink = sink
        self.logLevel = level
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        var merged = metadata
        if let provided = metadataProvider?.get() { merged.merge(provided) { $1 } }
        if let eventMetadata = event.metadata { merged.merge(eventMetadata) { $1 } }
        if let error = event.error { merged["error"] = "\(error)" }
        sink.send(
            JournalFields.fields(
                for: event, metadata: merged, identifier: sink.identifier, label: label, personalData: sink.personalData
            )
        )
    }
}
