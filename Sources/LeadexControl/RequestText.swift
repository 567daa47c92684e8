internal import LeadexControlAPI
internal import LeadexCore

/// The text a request carries, checked before the store sees it: a name, a title or an id is one
/// line with no control character; a note keeps its line breaks and tabs, nothing else. What would
/// act on someone else's terminal is refused here, with the character named, never echoed.
enum RequestText {
    /// `text` when it may be a one-line value such as a name; refused otherwise.
    static func line(_ text: String, _ what: String) throws(ControlRefusal) -> String {
        if let problem = TextInput.problem(in: text, what: what) { throw refusal(problem, text, what, multiline: false) }
        return text
    }

    /// `text` when it may be a note; refused otherwise.
    static func note(_ text: String, _ what: String) throws(ControlRefusal) -> String {
        if let problem = TextInput.problem(in: text, what: what, multiline: true) { throw refusal(problem, text, what, multiline: true) }
        return text
    }

    /// The refusal of a control character, in English (`problem`) and in Russian.
    private static func refusal(_ problem: String, _ text: String, _ what: String, multiline: Bool) -> ControlRefusal {
        .invalid(problem, russian: TextInput.russianProblem(in: text, what: what, multiline: multiline) ?? problem)
    }

    /// Refuses an action's body unless every field passes: ids and logins are one line, the note a note.
    static func check(_ body: ActionRequest) throws(ControlRefusal) {
        if let note = body.note { _ = try self.note(note, "the note") }
        for (value, what) in [(body.stage, "the stage"), (body.reason, "the reason"), (body.to, "the user")] {
            if let value { _ = try line(value, what) }
        }
    }
}
