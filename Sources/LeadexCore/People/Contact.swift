import Foundation

/// A person who contacted the company. Kept for good, bought or not: today's refusal is tomorrow's
/// warm call.
public struct Contact: Sendable, Hashable, Codable {
    public var id: ContactID?
    public var name: String
    public var company: String?
    public var notes: String?
    /// Lower-cased addresses.
    public var emails: [String]
    /// E.164 numbers (see ``PhoneNumber``).
    public var phones: [PhoneNumber]

    public init(
        id: ContactID? = nil, name: String, company: String? = nil, notes: String? = nil,
        emails: [String] = [], phones: [PhoneNumber] = []
    ) {
        self.id = id
        self.name = name
        self.company = company
        self.notes = notes
        self.emails = emails.map { Self.normalizedEmail($0) }
        self.phones = phones
    }

    /// The form addresses are compared in: trimmed and lower-cased.
    public static func normalizedEmail(_ email: String) -> String {
        email.trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
    }
}
