/// The one check of an email address a person typed or a file or a form carried: `add --email`,
/// imports and web forms all accept the same addresses, so an address refused by one is never
/// stored through another.
public enum EmailAddress {
    /// `text` as the store keeps it (trimmed, lower-cased) when it is `local@domain.tld`: one `@`,
    /// something before it, a dotted domain after it, no spaces, control characters or the
    /// characters that separate addresses (`<>()[],;:"\`); `nil` otherwise.
    public static func normalized(_ text: String) -> String? {
        let email = Contact.normalizedEmail(text)
        guard email.utf8.count <= 254 else { return nil }
        let parts = email.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty else { return nil }
        let domain = parts[1]
        guard domain.contains("."), !domain.hasPrefix("."), !domain.hasSuffix("."), !domain.contains("..") else { return nil }
        let forbidden: Set<Unicode.Scalar> = ["<", ">", "(", ")", "[", "]", ",", ";", ":", "\"", "\\"]
        for scalar in email.unicodeScalars {
            if scalar.properties.isWhitespace || TextInput.isControl(scalar) || forbidden.contains(scalar) { return nil }
        }
        return email
    }
}
