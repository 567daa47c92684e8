public import Foundation

/// A password kept outside the config file: in a file only the service can read, or in a
/// systemd credential (`LoadCredential=` puts it under `$CREDENTIALS_DIRECTORY`).
public enum Secret: Sendable, Hashable, CustomStringConvertible {
    case file(String)
    case credential(String)

    /// Reads the secret, trimming the trailing newline editors leave.
    public func read(environment: [String: String] = ProcessInfo.processInfo.environment) throws(SecretError) -> String {
        let path = try self.path(environment: environment)
        guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
            throw SecretError(message: "\(self): \(path) cannot be read")
        }
        return text.trimmingCharacters(in: .newlines)
    }

    /// Where the secret is expected to be.
    public func path(environment: [String: String] = ProcessInfo.processInfo.environment) throws(SecretError) -> String {
        switch self {
        case .file(let path):
            return path
        case .credential(let name):
            guard let directory = environment["CREDENTIALS_DIRECTORY"] else {
                throw SecretError(message: "\(self): $CREDENTIALS_DIRECTORY is not set (not started by systemd with LoadCredential=)")
            }
            return (directory as NSString).appendingPathComponent(name)
        }
    }

    /// Never the secret itself: only where it comes from.
    public var description: String {
        switch self {
        case .file(let path): "secret file \(path)"
        case .credential(let name): "credential '\(name)'"
        }
    }
}

public struct SecretError: Error, Sendable, CustomStringConvertible {
    public var message: String
    public var description: String { message }
}
