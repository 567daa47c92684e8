public import HummingbirdBcrypt
internal import NIOPosix

/// Password rules and hashing. bcrypt with cost 12 by default (OWASP's Password Storage Cheat
/// Sheet accepts 10 and above); hashing runs on NIO's thread pool, since a quarter of a second
/// of CPU would otherwise hold one of the few cooperative threads every request shares.
public enum Passwords {
    /// OWASP ASVS 5.0 V6.2.1: at least 8 characters.
    public static let minimumLength = 8
    /// bcrypt reads only the first 72 bytes: a longer password would be partly ignored, silently.
    public static let maximumBytes = 72
    public static let defaultCost: UInt8 = 12

    /// Why a new password is refused.
    public struct Problem: Error, CustomStringConvertible, Sendable {
        public enum Reason: Sendable, Hashable {
            case tooShort, tooLong, controlCharacter
            /// The two copies typed into a form differ.
            case mismatch
        }

        public let reason: Reason

        public var description: String {
            switch reason {
            case .tooShort: "a password needs at least \(minimumLength) characters"
            case .tooLong: "a password may have at most \(maximumBytes) bytes (bcrypt ignores the rest)"
            case .controlCharacter: "a password may not contain control characters (a line break, a tab)"
            case .mismatch: "the two passwords differ"
            }
        }
    }

    /// `password` if it can be a password, or why not.
    public static func check(_ password: String) throws(Problem) {
        if password.count < minimumLength { throw Problem(reason: .tooShort) }
        if password.utf8.count > maximumBytes { throw Problem(reason: .tooLong) }
        if password.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) { throw Problem(reason: .controlCharacter) }
    }

    public static func hash(_ password: String, cost: UInt8 = defaultCost) async throws -> String {
        try await NIOThreadPool.singleton.runIfActive { Bcrypt.hash(password, cost: max(cost, 10)) }
    }

    /// Whether `password` matches `hash`; a malformed hash matches nothing.
    public static func verify(_ password: String, hash: String) async throws -> Bool {
        try await NIOThreadPool.singleton.runIfActive { Bcrypt.verify(password, hash: hash) }
    }

    /// A hash of no one's password, verified against when a login is unknown, so that an unknown
    /// login costs the same time as a wrong password and the answer's timing tells nothing.
    static let decoy = Bcrypt.hash("leadex-decoy-password", cost: defaultCost)
}
