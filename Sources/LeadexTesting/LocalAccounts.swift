internal import Foundation

/// Local Unix accounts made for a test (CI runs as root): a group, and users in it, created with
/// useradd when missing and left in place for the next run. Commands run as them through
/// setpriv, with their groups.
public enum LocalAccounts {
    /// Whether this process may create accounts and switch to them.
    public static var available: Bool { getuid() == 0 && FileManager.default.isExecutableFile(atPath: "/usr/sbin/useradd") }

    /// Makes `group` and each of `users` (members of `group`), unless they exist.
    public static func ensure(group: String, users: [String], outsiders: [String] = []) throws {
        if getgrnam(group) == nil { try run("/usr/sbin/groupadd", ["--system", group]) }
        for user in users + outsiders where getpwnam(user) == nil {
            var arguments = ["--system", "--no-create-home", "--home-dir", "/nonexistent", "--shell", "/usr/sbin/nologin", "--user-group"]
            if users.contains(user) { arguments += ["--groups", group] }
            try run("/usr/sbin/useradd", arguments + [user])
        }
    }

    /// `executable arguments` as `user`, with the user's own groups and nothing of root's.
    public static func command(as user: String, _ executable: String, _ arguments: [String]) -> (String, [String]) {
        ("/usr/bin/setpriv", ["--reuid", user, "--regid", user, "--init-groups", "--", executable] + arguments)
    }

    private static func run(_ executable: String, _ arguments: [String]) throws {
        let result = try ChildProcess.run(executable: executable, arguments: arguments)
        guard result.status == 0 else {
            throw TestFailure("\(executable) \(arguments.joined(separator: " ")) failed: \(result.error)")
        }
    }
}

/// A test set-up step that failed, with what it said.
public struct TestFailure: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}
