/// A reason from a fixed list, so that refusal statistics can be kept.
public struct Reason: Sendable, Hashable, Codable {
    public var id: ReasonID
    public var title: String
    /// "Другое" (other) is useless without words: such a reason demands a note.
    public var requiresNote: Bool

    public init(id: ReasonID, title: String, requiresNote: Bool = false) {
        self.id = id
        self.title = title
        self.requiresNote = requiresNote
    }
}
