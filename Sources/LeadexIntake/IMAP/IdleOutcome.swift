/// Why `IMAPSession.idle` returned.
public enum IdleOutcome: Sendable, Equatable {
    /// The server announced a new message count (`* n EXISTS`): time to look for new UIDs.
    case newMail
    /// The deadline passed, or the caller cancelled; the session is ready for the next command.
    case timeout
    /// The server ended the session (`* BYE`, or the connection dropped): open a new one.
    case closed
}
