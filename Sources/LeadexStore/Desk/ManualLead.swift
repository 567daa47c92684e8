internal import Foundation
public import LeadexCore

/// Why a lead typed in by a person (by phone, at an exhibition) cannot be added: the checks of
/// `leadexctl add` (the control socket's POST /v1/leads) and the web workspace's Новая заявка.
public struct ManualLeadProblem: Error, Sendable, Hashable, CustomStringConvertible {
    public enum Field: String, Sendable, Hashable {
        case name, phone, email, note
    }

    /// The form field at fault.
    public let field: Field
    /// A control character (a terminal escape) rather than a wrong value.
    public let controlCharacter: Bool
    public let description: String

    init(_ field: Field, _ description: String, controlCharacter: Bool = false) {
        self.field = field
        self.description = description
        self.controlCharacter = controlCharacter
    }
}

extension IncomingLead {
    /// A lead typed in by `login`: the client's name, a phone (Russian numbers in any format,
    /// others with +country code), an optional email and note. Names, phones and emails are one
    /// line with no control character; a note keeps its line breaks and tabs. The note's first
    /// line, if any, is the title.
    public static func manual(
        name rawName: String, phone rawPhone: String, email rawEmail: String?, note rawNote: String?, by login: UserLogin
    ) throws(ManualLeadProblem) -> IncomingLead {
        func line(_ text: String, _ field: ManualLeadProblem.Field, _ what: String, multiline: Bool = false) throws(ManualLeadProblem) -> String {
            if let problem = TextInput.problem(in: text, what: what, multiline: multiline) {
                throw ManualLeadProblem(field, problem, controlCharacter: true)
            }
            return text
        }
        let name = try line(rawName.trimmingCharacters(in: .whitespacesAndNewlines), .name, "the name")
        guard !name.isEmpty else { throw ManualLeadProblem(.name, "a lead needs the client's name") }
        guard let phone = PhoneNumber(try line(rawPhone, .phone, "the phone")) else {
            throw ManualLeadProblem(.phone, "'\(rawPhone)' is not a phone number (Russian numbers in any format, others with +country code)")
        }
        var emails: [String] = []
        if let typed = rawEmail.map(Contact.normalizedEmail), !typed.isEmpty {
            // The check imports and web forms make, so an address one refuses never gets in another way.
            guard let email = EmailAddress.normalized(try line(typed, .email, "the email")) else {
                throw ManualLeadProblem(.email, "'\(typed)' is not an email address (name@domain.ru)")
            }
            emails.append(email)
        }
        let note = try line(rawNote ?? "", .note, "the note", multiline: true)
        // The title is one line: the note's first.
        let firstLine = note.split(separator: "\n").lazy.map { $0.trimmingCharacters(in: .whitespaces) }.first { !$0.isEmpty }
        return IncomingLead(
            source: LeadSource(kind: .manual, name: login.rawValue), sourceRef: nil,
            title: firstLine.map { String($0.prefix(80)) } ?? name, text: note,
            contact: ContactDraft(name: name, emails: emails, phones: [phone]))
    }
}
