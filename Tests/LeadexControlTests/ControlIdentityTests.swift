import LeadexCore
import Testing
@testable import LeadexControl

@Suite struct ControlIdentityTests {
    func policy(_ users: [User]) -> ExchangePolicy {
        ExchangePolicy(pipeline: try! Pipeline([Stage(id: "new", title: "New")]), refusalReasons: [], disqualifyReasons: [], defaultCap: 5, users: users)
    }

    @Test func rootActsAsTheFirstAdminUnlessMappedExplicitly() throws {
        let admins = [User(login: "zadmin", name: "Z", role: .admin), User(login: "admin", name: "A", role: .admin)]
        let root = PeerCredentials(pid: 1, uid: 0, gid: 0)
        #expect(try ControlIdentity.resolve(root, policy: policy(admins)).user.login == "admin")
        let mapped = admins + [User(login: "boss", name: "B", role: .head, unixUser: "root")]
        #expect(try ControlIdentity.resolve(root, policy: policy(mapped)).user.login == "boss")
        #expect(throws: ControlRefusal.self) { try ControlIdentity.resolve(root, policy: policy([User(login: "m", name: "M", role: .manager)])) }
    }

    @Test func anUnmappedAccountIsRefused() {
        // uid 65534 is `nobody` on Debian; no user maps it.
        let nobody = PeerCredentials(pid: 1, uid: 65534, gid: 65534)
        #expect(throws: ControlRefusal.self) { try ControlIdentity.resolve(nobody, policy: policy([User(login: "m", name: "M", role: .manager, unixUser: "ivanov")])) }
    }
}
