/// `POST /v1/leads/ID/amount` (`leadexctl amount ID SUM`): the amount as the person typed it
/// ("150 000", "1,5 млн"; the daemon reads it), or `clear`.
public struct AmountRequest: Codable, Sendable {
    public var amount: String?
    /// Removes the deal's amount; `amount` must then be absent.
    public var clear: Bool?

    public init(amount: String? = nil, clear: Bool? = nil) {
        self.amount = amount
        self.clear = clear
    }
}
