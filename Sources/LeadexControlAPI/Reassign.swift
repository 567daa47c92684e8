/// `POST /v1/users/LOGIN/return-all` (`leadexctl reassign --all-of LOGIN --to-exchange`): what
/// went back to the exchange and what stayed.
public struct ReturnAllReply: Codable, Sendable {
    enum CodingKeys: String, CodingKey {
        case owner, returned, skipped, closed
        case ownerName = "owner_name"
    }

    public var owner: String
    public var ownerName: String
    /// The deals now on the exchange.
    public var returned: [LeadSummary]
    /// Conditional refusals awaiting review: left for QA.
    public var skipped: [LeadSummary]
    /// Closed deals, which stay with the manager who was responsible.
    public var closed: Int

    public init(owner: String, ownerName: String, returned: [LeadSummary], skipped: [LeadSummary], closed: Int) {
        self.owner = owner
        self.ownerName = ownerName
        self.returned = returned
        self.skipped = skipped
        self.closed = closed
    }
}
