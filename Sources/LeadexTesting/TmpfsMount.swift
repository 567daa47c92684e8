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
