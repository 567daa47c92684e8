/// A person who works with Leadex, as configured by the admin.
public struct User: Sendable, Hashable, Codable {
    public var login: UserLogin
    public var name: String
    public var email: String?
    public var role: Role
    /// Cap on open deals; `nil` takes the installation's default cap.
    public var cap: Int?
    /// Rights granted beyond the role. Export is only ever granted here, admin or not; admins hold
    /// delete implicitly.
    public var rights: Set<Right>
    /// The Unix account that acts as this user on the control socket.
    public var unixUser: String?
    /// Stages this user may move deals into; `nil` means every stage of the pipeline.
    public var allowedStages: Set<StageID>?

    public init(
        login: UserLogin, name: String, email: String? = nil, role: Role, cap: Int? = nil,
        rights: Set<Right> = [], unixUser: String? = nil, allowedStages: Set<StageID>? = nil
    ) {
        self.login = login
        self.name = name
        self.email = email
        self.role = role
        self.cap = cap
        self.rights = rights
        self.unixUser = unixUser
        self.allowedStages = allowedStages
    }

    /// Whether the user holds `right`. Whoever can take the whole base away must be named in the
    /// config, so export is never implied by a role, not even an admin's.
    public func has(_ right: Right) -> Bool {
        rights.contains(right) || (role == .admin && right != .export)
    }
}
