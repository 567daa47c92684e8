internal import LeadexStore

/// What one pass over a mailbox did, for the log, `--once` and the tests.
public struct MailboxSyncReport: Sendable, Hashable, CustomStringConvertible {
    public var fetched = 0
    public var created = 0
    public var addedToDeals = 0
    public var duplicates = 0
    public var ignored = 0
    public var acknowledged = 0

    public init() {}

    mutating func count(_ outcomes: [MailIntakeOutcome]) {
        for outcome in outcomes {
            switch outcome {
            case .created: created += 1
            case .addedToDeal: addedToDeals += 1
            case .duplicate, .alreadyRecorded: duplicates += 1
            case .ignored: ignored += 1
            }
        }
    }

    public var description: String {
        "\(fetched) fetched: \(created) new leads, \(addedToDeals) added to open deals, \(duplicates) already known, "
            + "\(ignored) ignored; \(acknowledged) acknowledged to the server"
    }
}
