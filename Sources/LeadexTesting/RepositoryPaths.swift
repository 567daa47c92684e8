public import Foundation

/// Paths inside the repository and the build, for tests that use shipped files or binaries.
public enum RepositoryPaths {
    /// The repository root, found from this source file's location.
    public static let root: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    public static func file(_ relative: String) -> String { root.appendingPathComponent(relative).path }

    /// The directory holding the built products (`leadexd`, `leadexctl`) next to the test bundle.
    public static var products: URL {
        var url = Bundle.main.bundleURL
        // swift test runs an .xctest bundle inside the products directory.
        while url.pathExtension == "xctest" || url.lastPathComponent == "Contents" {
            url.deleteLastPathComponent()
        }
        return url
    }

    /// A built executable of this package, e.g. `leadexd`.
    public static func executable(_ name: String) -> String {
        products.appendingPathComponent(name).path
    }
}
