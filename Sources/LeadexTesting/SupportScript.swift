internal import Foundation

/// Runs a script of `Tests/Support` that starts a server in the background.
enum SupportScript {
    static func run(_ script: String, _ arguments: [String], name: String) throws -> String {
        // Two things a child of the test process inherits would break a daemonized server:
        // - the blocked signal mask of the test's worker thread: with SIGTERM blocked, `doveadm
        //   kick` and `stop` cannot end sessions gracefully (no `* BYE`);
        // - Foundation's Process learns that a child exited when an inherited socket closes; the
        //   daemon would keep it open and the script would seem to run forever.
        // So the script starts from a clean slate: empty mask, default dispositions, no fds above 2.
        let cleanExec = """
            import os, signal, sys
            signal.signal(signal.SIGPIPE, signal.SIG_DFL)
            signal.signal(signal.SIGXFSZ, signal.SIG_DFL)
            signal.pthread_sigmask(signal.SIG_SETMASK, [])
            os.closerange(3, 65536)
            os.execv(sys.argv[1], sys.argv[1:])
            """
        let result = try ChildProcess.run(executable: "/usr/bin/python3", arguments: ["-c", cleanExec, script] + arguments, timeout: 60)
        guard result.status == 0 else {
            throw DovecotFixture.FixtureError(message: "\(name) \(arguments.first ?? "") failed (\(result.status)): \(result.error)")
        }
        return result.output
    }
}
