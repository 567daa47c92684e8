/// Where the weekly backups go and how many stay (`[backup]`). When they run is the
/// scheduler's business.
public struct BackupSettings: Sendable, Hashable {
    /// The unit's StateDirectory= creates it, owned by the service user.
    public static let defaultDirectory = "/var/lib/leadex/backups"
    public static let defaultKeep = 8

    /// Relative paths are taken from the working directory, like `storage.database`.
    public var directory: String
    /// How many backups stay, the newest; older ones are removed after each new one is complete.
    public var keep: Int

    public init(directory: String = defaultDirectory, keep: Int = defaultKeep) {
        self.directory = directory
        self.keep = keep
    }
}
