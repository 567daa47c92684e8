/// UID sets as IMAP writes them: `1:3,7,9:12`.
enum IMAPSequenceSet {
    /// A server listing more UIDs than this in one `ALL` is not trusted (a mailbox holds far fewer).
    static let expansionLimit = 10_000_000

    /// The set in compact form: sorted, duplicates dropped, runs written as ranges.
    static func string(_ uids: [Int64]) -> String {
        ranges(uids).joined(separator: ",")
    }

    /// The set split into pieces of at most `maxLength` characters, so that no command line
    /// exceeds the server's limit (Dovecot: 64 KiB) however scattered the UIDs are.
    static func chunks(_ uids: [Int64], maxLength: Int = 8_000) -> [String] {
        var chunks: [String] = []
        var current = ""
        for range in ranges(uids) {
            if !current.isEmpty && current.utf8.count + 1 + range.utf8.count > maxLength {
                chunks.append(current)
                current = ""
            }
            current += current.isEmpty ? range : ",\(range)"
        }
        if !current.isEmpty { chunks.append(current) }
        return chunks
    }

    private static func ranges(_ uids: [Int64]) -> [String] {
        let sorted = Set(uids).sorted()
        var ranges: [String] = []
        var index = 0
        while index < sorted.count {
            var end = index
            while end + 1 < sorted.count && sorted[end + 1] == sorted[end] + 1 { end += 1 }
            ranges.append(end == index ? "\(sorted[index])" : "\(sorted[index]):\(sorted[end])")
            index = end + 1
        }
        return ranges
    }

    /// The numbers in a set the server sent (`1:3,7`), ascending. `*` has no meaning in a server's
    /// answer and is refused, as are sets larger than `limit`.
    static func expand(_ text: String, limit: Int = expansionLimit) throws(IntakeError) -> [Int64] {
        var result: [Int64] = []
        for part in text.split(separator: ",") {
            let bounds = part.split(separator: ":", omittingEmptySubsequences: false)
            guard (1...2).contains(bounds.count), let first = Int64(bounds[0]), let last = Int64(bounds[bounds.count - 1]),
                first >= 0, last >= 0
            else {
                throw IntakeError(.protocolError, "unreadable IMAP sequence set: \(text.prefix(80))")
            }
            let low = min(first, last)
            let high = max(first, last)
            guard high - low < Int64(limit - result.count) else {
                throw IntakeError(.protocolError, "IMAP sequence set names more than \(limit) messages")
            }
            result.append(contentsOf: low...high)
        }
        // Servers send ascending sets; anything else is sorted and deduplicated.
        if zip(result, result.dropFirst()).allSatisfy({ $0 < $1 }) { return result }
        return Set(result).sorted()
    }
}
