internal import Foundation
internal import Glibc

extension DovecotFixture {
    /// Puts `messages` straight into `user`'s INBOX as a Maildir's `new/` files, in this order:
    /// hundreds of messages in milliseconds, where one `deliver` (a doveadm call) each takes
    /// seconds for a backlog. Dovecot indexes them at the next SELECT, numbering them in
    /// the order of their names, which are Dovecot's own (`time.MusecPpid.host,S=size,W=size`)
    /// with the position in `messages` as the time.
    public func deliverBacklog(user: String, messages: [[UInt8]]) throws {
        let home = directoryPath + "/mail/" + user
        let maildir = home + "/Maildir"
        let files = FileManager.default
        for sub in ["new", "cur", "tmp"] {
            try files.createDirectory(atPath: maildir + "/" + sub, withIntermediateDirectories: true)
        }
        var paths = [home, maildir, maildir + "/new", maildir + "/cur", maildir + "/tmp"]
        for (index, bytes) in messages.enumerated() {
            let crlfSize = bytes.count + bytes.indices.count { bytes[$0] == 0x0A && ($0 == 0 || bytes[$0 - 1] != 0x0D) }
            let name = "\(1_700_000_000 + index).M\(index * 7919 % 1_000_000)P4242.leadex-test,S=\(bytes.count),W=\(crlfSize)"
            let path = maildir + "/new/" + name
            guard files.createFile(atPath: path, contents: Data(bytes)) else {
                throw FixtureError(message: "cannot write \(path)")
            }
            paths.append(path)
        }
        // As root the mail processes run as nobody (the fixture's mail uid) and must own the mail.
        if getuid() == 0 {
            for path in paths where chown(path, 65534, 65534) != 0 {
                throw FixtureError(message: "cannot chown \(path): errno \(errno)")
            }
        }
    }
}
