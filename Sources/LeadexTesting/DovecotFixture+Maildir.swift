internal import Foundation

extension DovecotFixture {
    /// Writes messages straight into `user`'s Maildir (`new/`), as a backlog that arrived while
    /// no one read: far faster than one `doveadm save` per message, and Dovecot indexes them at
    /// the next SELECT. Files are named as Dovecot's own delivery names them: with a constant
    /// tail, its hash of base names collides and every session spends seconds matching names.
    public func fillMaildir(user: String, messages: [[UInt8]]) throws {
        let maildir = directory.file("mail/\(user)/Maildir")
        for sub in ["new", "cur", "tmp"] {
            try FileManager.default.createDirectory(atPath: "\(maildir)/\(sub)", withIntermediateDirectories: true)
        }
        let base = Int(Date().timeIntervalSince1970)
        for (index, bytes) in messages.enumerated() {
            let name = "\(base + index).M\(index * 7919 % 1_000_000)P\(getpid()).leadex-fill,S=\(bytes.count),W=\(bytes.count)"
            try Data(bytes).write(to: URL(fileURLWithPath: "\(maildir)/new/\(name)"))
        }
        // Dovecot's mail processes run as nobody (see the support script).
        if getuid() == 0 {
            _ = try ChildProcess.run(executable: "/bin/chown", arguments: ["-R", "65534:65534", directory.file("mail/\(user)")])
        }
    }
}
