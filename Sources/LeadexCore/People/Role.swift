/// What a user does in the sales department; it decides which rules apply to them.
public enum Role: String, Sendable, Codable, CaseIterable, CustomStringConvertible {
    /// Sells: takes leads from the exchange and works their own deals.
    case manager
    /// Quality control (ОКК): re-checks conditional refusals, closes them or returns them to work.
    case qa
    /// Head of sales: everything a manager and QA may do, over every deal.
    case head
    /// Runs the installation: sees everything, holds the delete right, does not sell; exports
    /// only with the `export` right granted in the config, like anyone else.
    case admin

    public var description: String { rawValue }

    /// Whether the role sees every deal rather than the exchange and its own deals.
    public var seesAllDeals: Bool { self != .manager }

    /// Whether the role works deals: takes them and moves them along the pipeline.
    public var sells: Bool { self == .manager || self == .head }

    /// Whether the role runs the installation: the admin pages of the web workspace.
    public var administers: Bool { self == .admin }

    /// Whether the role reviews conditional refusals (closes as lost, reopens).
    public var reviewsRefusals: Bool { self == .qa || self == .head }

    /// Whether the role runs the sales team: sees the department now and its reports in the
    /// workspace, which show every manager's work side by side.
    public var headsSales: Bool { self == .head }
}

/// A right granted explicitly, beyond what a role allows: protecting the client base from a
/// leaving employee is why export and deletion are not part of any sales role.
public enum Right: String, Sendable, Codable, CaseIterable, CustomStringConvertible {
    case export
    case delete

    public var description: String { rawValue }
}
