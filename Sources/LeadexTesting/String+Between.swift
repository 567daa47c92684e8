internal import Foundation

/// Reading pages, mails and logs in tests.
extension String {
    /// The text between the first `start` and the next `end` after it.
    public func between(_ start: String, _ end: String) -> String? {
        guard let from = range(of: start), let to = self[from.upperBound...].range(of: end) else { return nil }
        return String(self[from.upperBound..<to.lowerBound])
    }

    /// How many times `needle` occurs.
    public func count(of needle: String) -> Int { components(separatedBy: needle).count - 1 }
}
