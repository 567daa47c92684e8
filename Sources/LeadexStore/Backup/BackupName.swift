internal import Foundation
internal import Glibc

/// The files of one backup, named by its UTC time so that names sort by age:
/// `leadex-20261130T030000Z.db.gz` and its manifest `leadex-20261130T030000Z.json`. Work in
/// progress has a leading dot and a `.partial` suffix, so nothing that lists backups (or an
/// admin's `ls`) mistakes it for one.
struct BackupName: Hashable, Comparable {
    /// `20261130T030000Z`.
    let stamp: String

    static let prefix = "leadex-"
    static let archiveSuffix = ".db.gz"
    static let manifestSuffix = ".json"
    static let partialSuffix = ".partial"

    init(date: Date) {
        var seconds = time_t(date.timeIntervalSince1970.rounded(.down))
        var parts = tm()
        gmtime_r(&seconds, &parts)
        stamp = Self.pad(Int(parts.tm_year) + 1900, 4) + Self.pad(Int(parts.tm_mon) + 1, 2) + Self.pad(Int(parts.tm_mday), 2)
            + "T" + Self.pad(Int(parts.tm_hour), 2) + Self.pad(Int(parts.tm_min), 2) + Self.pad(Int(parts.tm_sec), 2) + "Z"
    }

    /// The backup a file name belongs to: its archive or its manifest, nothing else.
    init?(fileName: String) {
        guard fileName.hasPrefix(Self.prefix) else { return nil }
        let rest = fileName.dropFirst(Self.prefix.count)
        let stamp: Substring
        if rest.hasSuffix(Self.archiveSuffix) {
            stamp = rest.dropLast(Self.archiveSuffix.count)
        } else if rest.hasSuffix(Self.manifestSuffix) {
            stamp = rest.dropLast(Self.manifestSuffix.count)
        } else {
            return nil
        }
        // yyyyMMdd'T'HHmmss'Z'
        guard stamp.count == 16, stamp.utf8.enumerated().allSatisfy({ index, byte in
            switch index {
            case 8: byte == UInt8(ascii: "T")
            case 15: byte == UInt8(ascii: "Z")
            default: (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
            }
        }) else { return nil }
        self.stamp = String(stamp)
    }

    var archive: String { Self.prefix + stamp + Self.archiveSuffix }
    var manifest: String { Self.prefix + stamp + Self.manifestSuffix }
    /// The SQLite copy before it is compressed (SQLite may add `-journal`, `-wal`, `-shm`).
    var partialCopy: String { "." + Self.prefix + stamp + ".db" + Self.partialSuffix }
    var partialArchive: String { "." + archive + Self.partialSuffix }
    var partialManifest: String { "." + manifest + Self.partialSuffix }

    /// A leftover of an interrupted backup: removed by the next one, which holds the lock.
    static func isLeftover(_ fileName: String) -> Bool {
        fileName.hasPrefix("." + prefix) && fileName.contains(partialSuffix)
    }

    static func < (a: Self, b: Self) -> Bool { a.stamp < b.stamp }

    private static func pad(_ value: Int, _ width: Int) -> String {
        let digits = String(value)
        return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
    }
}
