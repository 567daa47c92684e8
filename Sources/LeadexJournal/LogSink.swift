internal import CSystemd
public import Foundation
internal import Glibc
internal import Synchronization

/// Where log lines go: the systemd journal or the terminal. One shared instance; handlers are
/// cheap values that point to it.
public final class LogSink: Sendable {
    public enum Destination: Sendable, Equatable {
        /// Native journal protocol through `sd_journal_sendv`, structured fields kept.
        case journal
        /// Readable lines on stderr.
        case console
    }

    public let destination: Destination
    public let identifier: String
    public let personalData: Bool
    private let stderrLock = Mutex(())

    public init(destination: Destination, identifier: String = "leadexd", personalData: Bool = false) {
        self.destination = destination
        self.identifier = identifier
        self.personalData = personalData
    }

    /// Whether stderr is connected to the journal: systemd sets `JOURNAL_STREAM` to the device
    /// and inode of the stream it gives a service (systemd.exec(5)); compare them with fd 2.
    public static func stderrIsJournal(environment: [String: String] = ProcessInfo.processInfo.environment) -> Bool {
        guard let stream = environment["JOURNAL_STREAM"] else { return false }
        let parts = stream.split(separator: ":")
        guard parts.count == 2, let device = UInt64(parts[0]), let inode = UInt64(parts[1]) else { return false }
        var status = stat()
        guard fstat(2, &status) == 0 else { return false }
        return UInt64(status.st_dev) == device && UInt64(status.st_ino) == inode
    }

    /// Sends one entry. Never throws or traps: if the journal refuses, the line goes to stderr.
    func send(_ fields: [(String, String)]) {
        if destination == .journal, sendToJournal(fields) { return }
        writeLine(fields)
    }

    private func sendToJournal(_ fields: [(String, String)]) -> Bool {
        // Each field is one "NAME=value" vector; values may hold newlines, which the native
        // protocol carries (sd_journal_sendv picks the binary-safe form by itself). All fields
        // share one buffer so that the vectors point into memory that stays put.
        var buffer: [UInt8] = []
        var ranges: [Range<Int>] = []
        for (name, value) in fields {
            let start = buffer.count
            buffer.append(contentsOf: name.utf8)
            buffer.append(UInt8(ascii: "="))
            buffer.append(contentsOf: value.utf8)
            ranges.append(start..<buffer.count)
        }
        return buffer.withUnsafeMutableBytes { bytes in
            var vectors = ranges.map { iovec(iov_base: bytes.baseAddress! + $0.lowerBound, iov_len: $0.count) }
            return sd_journal_sendv(&vectors, Int32(vectors.count)) >= 0
        }
    }

    private func writeLine(_ fields: [(String, String)]) {
        var values: [String: String] = [:]
        var extra: [String] = []
        for (name, value) in fields {
            values[name] = value
            if !["MESSAGE", "PRIORITY", "SYSLOG_IDENTIFIER", "CODE_FILE", "CODE_LINE", "CODE_FUNC", "LOGGER"].contains(name) {
                extra.append("\(name.lowercased())=\(value)")
            }
        }
        let level = Self.levelNames[values["PRIORITY"] ?? "6"] ?? "info"
        let time = Self.timestamp()
        var line = "\(time) \(level) \(identifier): \(values["MESSAGE"] ?? "")"
        if !extra.isEmpty { line += " " + extra.joined(separator: " ") }
        line += "\n"
        stderrLock.withLock { _ in
            var bytes = Array(line.utf8)
            var offset = 0
            while offset < bytes.count {
                let written = bytes.withUnsafeMutableBytes { write(2, $0.baseAddress! + offset, $0.count - offset) }
                if written < 0 && errno == EINTR { continue }
                guard written > 0 else { return }
                offset += written
            }
            bytes.removeAll()
        }
    }

    /// `2026-11-23T06:00:00Z`, built with gmtime_r: Foundation's date formatters load ICU,
    /// megabytes of resident memory for one timestamp a line.
    private static func timestamp() -> String {
        var now = time(nil)
        var parts = tm()
        gmtime_r(&now, &parts)
        func pad(_ value: Int32, _ width: Int = 2) -> String {
            let digits = String(value)
            return String(repeating: "0", count: max(0, width - digits.count)) + digits
        }
        return "\(pad(parts.tm_year + 1900, 4))-\(pad(parts.tm_mon + 1))-\(pad(parts.tm_mday))T"
            + "\(pad(parts.tm_hour)):\(pad(parts.tm_min)):\(pad(parts.tm_sec))Z"
    }

    private static let levelNames = ["7": "debug", "6": "info", "5": "notice", "4": "warning", "3": "error", "2": "critical"]
}
