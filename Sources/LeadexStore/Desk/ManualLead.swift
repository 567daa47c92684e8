internal import Foundation
public import LeadexCore

/// Why a lead typed in by a person (by phone, at an exhibition) cannot be added from the web
/// workspace's Новая заявка; the same checks and messages as `leadexctl add`'s route.
public struct ManualLeadProblem: Error, Sendable, Hashable, CustomStringConvertible {
    public enum Field: String, Sendable, Hashable {
        case name, phone, email
    }

    /// The form field at fault.
    public let field: Field
    public let description: String
}

extension IncomingLead {
    /// A lead typed in by `login`: the client's name, a phone (Russian numbers in any format,
    /// others with +country code), an optional email and note. The note, if any, gives the title.
    public static func manual(
        name rawName: String, phone rawPhone: String, email rawEmail: String?, note: String?, by login: UserLogin
    ) throws(ManualLeadProblem) -> IncomingLead {
        let name = rawName.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !name.isEmpty else { throw ManualLeadProblem(field: .name, description: "a lead needs the client's name") }
        guard let phone = PhoneNumber(rawPhone) else {
            throw ManualLeadProblem(
                field: .phone, description: "'\(rawPhone)' is not a phone number (Russian numbers in any format, others with +country code)")
        }
        var emails: [String] = []
        if let typed = rawEmail.map(Contact.normalizedEmail), !typed.isEmpty {
            // The check imports and the control socket make: an address one refuses never gets in another way.
            guard let email = EmailAddress.normalized(typed) else {
                throw ManualLeadProblem(field: .email, description: "'\(typed)' is not an email address (name@domain.ru)")
            }
            emails.append(email)
        }
        let note = note ?? ""
        // The title is one line: the note's first.
        let firstLine = note.split(separator: "\n").lazy.map { $0.trimmingCharacters(in: .whitespaces) }.first { !$0.isEmpty }
        return IncomingLead(
            source: LeadSource(kind: .manual, name: login.rawValue), sourceRef: nil,
            title: firstLine.map { String($0.prefix(80)) } ?? name, text: note,
            contact: ContactDraft(name: name, emails: emails, phones: [phone]))
    }
}
