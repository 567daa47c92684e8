/// Caps that keep hostile or broken mail from costing unbounded time or memory.
public struct MIMELimits: Sendable, Hashable {
    /// Parts beyond this count are not parsed.
    public var maxParts: Int
    /// Multiparts and nested messages deeper than this are kept as opaque leaves.
    public var maxDepth: Int
    /// Bytes of one header block that are parsed into fields; the rest is skipped.
    public var maxHeaderBytes: Int
    /// Decoded text (before charset conversion) kept of a message, all its text parts together;
    /// longer text is cut. A lead's text is read by people: a megabyte is some 300 pages. What one
    /// message costs to decide is a few times this, whatever its size.
    public var maxTextBytes: Int

    public init(maxParts: Int = 10_000, maxDepth: Int = 32, maxHeaderBytes: Int = 256 * 1024, maxTextBytes: Int = 1024 * 1024) {
        self.maxParts = maxParts
        self.maxDepth = maxDepth
        self.maxHeaderBytes = maxHeaderBytes
        self.maxTextBytes = maxTextBytes
    }

    /// The defaults: 10,000 parts, depth 32, 256 KiB of headers, 1 MiB of text per message.
    public static let `default` = MIMELimits()
}
