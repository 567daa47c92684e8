/// How a backlog is cut into batches. A batch's messages are all in memory at once, and with
/// intake's overlapping stages (fetch, decide, commit) three batches are: so a batch is bounded
/// in bytes as well as in count. A message counts with what is read of it (at most
/// `maxMessageBytes`), and a batch holds at most `maxMessageBytes` of mail, or one message.
enum MailBatches {
    static func split<Element>(_ elements: [Element], maxCount: Int, maxBytes: Int, size: (Element) -> Int?) -> [[Element]] {
        var batches: [[Element]] = []
        var current: [Element] = []
        var bytes = 0
        for element in elements {
            // An unknown size counts as the most that can be read.
            let cost = min(max(size(element) ?? maxBytes, 0), maxBytes)
            if !current.isEmpty, current.count >= maxCount || bytes + cost > maxBytes {
                batches.append(current)
                current = []
                bytes = 0
            }
            current.append(element)
            bytes += cost
        }
        if !current.isEmpty { batches.append(current) }
        return batches
    }
}
