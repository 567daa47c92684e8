public import Foundation

/// The complete backups in a directory, newest first, read from their manifests: what the
/// admin's backups page lists and `leadexctl status` reports as the last backup. Reads only:
/// it takes no lock, since a manifest is renamed into place last, after its archive.
public enum BackupCatalog {
    /// One backup as listed.
    public struct Entry: Sendable, Hashable {
        public var manifest: BackupManifest
        /// The archive's size on disk now, `nil` when it is missing.
        public var archiveBytes: Int64?

        /// The copy passed `PRAGMA integrity_check` before its manifest was written (no manifest
        /// is written otherwise), and the archive is still there at the size the manifest says.
        public var verified: Bool { archiveBytes == manifest.compressedBytes }
    }

    /// Every backup in `directory` whose manifest can be read, newest first; none when the
    /// directory does not exist yet (no backup was ever taken).
    public static func list(directory: String) throws -> [Entry] {
        guard FileSystem.exists(directory) else { return [] }
        let names = try FileSystem.names(in: directory).compactMap(BackupName.init(fileName:))
        return Set(names).sorted(by: >).compactMap { name in
            let manifestPath = directory + "/" + name.manifest
            guard FileSystem.exists(manifestPath), let data = FileManager.default.contents(atPath: manifestPath),
                let manifest = try? BackupManifest.decode(data)
            else { return nil }
            let archive = try? FileSystem.status(directory + "/" + manifest.file)
            return Entry(manifest: manifest, archiveBytes: archive.map { Int64($0.st_size) })
        }
    }
}
