internal import LeadexCore

/// The Leadex user a connection acts as: the peer's Unix account mapped through `unix_user` in
/// the config. There are no passwords and no way to act as someone else: the kernel says who
/// connected. Root is the installation's administrator.
struct ControlIdentity: Sendable {
    let user: User
    let unixUser: String

    /// The user `credentials` map to under `policy`, or the refusal saying why there is none.
    static func resolve(_ credentials: PeerCredentials, policy: ExchangePolicy) throws(ControlRefusal) -> ControlIdentity {
        let name = UnixAccounts.userName(of: credentials.uid)
        if let name, let user = policy.users.values.first(where: { $0.unixUser == name }) {
            return ControlIdentity(user: user, unixUser: name)
        }
        if credentials.uid == 0 {
            // Root acts as the first admin by login unless a user maps it explicitly.
            guard let admin = policy.users.values.filter({ $0.role == .admin }).min(by: { $0.login < $1.login }) else {
                throw ControlRefusal(
                    kind: .forbidden, rule: "user.unmapped",
                    message: "root acts as an admin, and the config has no [[user]] with role = \"admin\"",
                    russian: "root действует как администратор, а в конфигурации нет [[user]] с role = \"admin\"")
            }
            return ControlIdentity(user: admin, unixUser: name ?? "root")
        }
        throw ControlRefusal.unmapped(uid: credentials.uid, name: name)
    }
}
