/// What SELECT tells about a mailbox: the UID epoch, the next UID to be given, the message count.
public struct IMAPMailboxState: Sendable, Equatable {
    /// When this changes, every UID seen before is void (the mailbox was rebuilt or replaced).
    public var uidValidity: Int64
    public var uidNext: Int64
    public var exists: Int

    public init(uidValidity: Int64, uidNext: Int64, exists: Int) {
        self.uidValidity = uidValidity
        self.uidNext = uidNext
        self.exists = exists
    }
}
