/// leadexctl's exit codes, so that scripts can tell refusals apart (also in `leadexctl --help`
/// and README).
public enum ExitStatus: Int32, Sendable, CaseIterable {
    case ok = 0
    /// Anything else: the daemon failed (its log says why), a reply could not be read.
    case failure = 1
    /// The caller may not do this (role, right, another manager's deal, an unmapped Unix user).
    case forbidden = 2
    /// No such lead, contact or user.
    case notFound = 3
    /// The lead's state does not allow it: taken by someone else first, cap reached, already closed.
    case conflict = 4
    /// The request is wrong: unknown stage or reason, a missing note, a bad phone or date.
    case invalid = 5
    /// leadexd is not running, or the socket is not reachable for this user.
    case unreachable = 6
    /// Wrong command-line arguments (swift-argument-parser's EX_USAGE).
    case usage = 64

    /// The exit status for an error reply's `kind`.
    public init(errorKind: String) {
        switch errorKind {
        case "forbidden": self = .forbidden
        case "not_found": self = .notFound
        case "conflict": self = .conflict
        case "invalid", "too_large": self = .invalid
        default: self = .failure
        }
    }

    /// One line per code, for `--help` and README.
    public static let table =
        "Exit codes: 0 ok, 1 failure, 2 forbidden, 3 not found, 4 conflict (taken by someone else, cap reached, wrong state), "
        + "5 invalid request, 6 daemon unreachable, 64 wrong arguments."
}
