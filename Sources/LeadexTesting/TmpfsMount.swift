internal import Foundation

/// A small tmpfs mounted on a fresh directory: a real disk that fills up, or turns read-only,
/// for tests of what happens then. Mounting needs root (CI runs as root); tests check
/// ``isAvailable`` and are skipped, saying why, where it is not.
public final class TmpfsMount: Sendable {
    private let directory: TemporaryDirectory
    public var path: String { directory.path }

    /// Whether this process may mount: root, and a kernel that lets it (not every container does).
    public static let isAvailable: Bool = {
        guard getuid() == 0, let probe = try? TmpfsMount(kilobytes: 64) else { return false }
        probe.unmount()
        return true
    }()

    public init(kilobytes: Int) throws {
        directory = try TemporaryDirectory(prefix: "leadex-tmpfs")
        try Self.run("/bin/mount", ["-t", "tmpfs", "-o", "size=\(kilobytes)k,mode=0755", "tmpfs", directory.path])
    }

    public func file(_ name: String) -> String { directory.file(name) }

    /// Remounts read-only (EROFS for every write), or back read-write.
    public func remount(readOnly: Bool) throws {
        try Self.run("/bin/mount", ["-o", "remount,\(readOnly ? "ro" : "rw")", directory.path])
    }

    /// Fills the disk to the last byte with a file named `name`: what a full disk is to the
    /// next writer. ``unfill(_:)`` frees the space again.
    public func fill(_ name: String = "filler") {
        let fd = open(file(name), O_WRONLY | O_CREAT | O_APPEND, 0o644)
        guard fd >= 0 else { return }
        defer { close(fd) }
        // Large writes first, then ever smaller ones into the last pages, until ENOSPC.
        for size in [1 << 16, 1 << 12, 1 << 9, 1] {
            let chunk = [UInt8](repeating: 0, count: size)
            while chunk.withUnsafeBytes({ write(fd, $0.baseAddress, size) }) == size {}
        }
    }

    public func unfill(_ name: String = "filler") {
        unlink(file(name))
    }

    public func unmount() {
        try? Self.run("/bin/umount", [directory.path])
    }

    deinit { unmount() }

    private static func run(_ executable: String, _ arguments: [String]) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.standardError = FileHandle.nullDevice
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw MountError(command: ([executable] + arguments).joined(separator: " "), status: process.terminationStatus)
        }
    }

    public struct MountError: Error, CustomStringConvertible {
        public let command: String
        public let status: Int32
        public var description: String { "\(command) exited with \(status)" }
    }
}
