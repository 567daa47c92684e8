internal import Foundation

/// Mailbox names as they go on the wire: modified UTF-7 (RFC 3501 5.1.3) inside a quoted string.
enum IMAPMailboxName {
    /// `Leads` -> `"Leads"`, `Entwürfe` -> `"Entw&APw-rfe"`, `a"b` -> `"a\"b"`.
    static func quoted(_ name: String) throws(IntakeError) -> String {
        guard !name.isEmpty, !name.unicodeScalars.contains(where: { $0 == "\r" || $0 == "\n" || $0 == "\0" }) else {
            throw IntakeError(.protocolError, "mailbox name is empty or contains a line break")
        }
        var quoted = "\""
        for character in modifiedUTF7(name) {
            if character == "\"" || character == "\\" { quoted.append("\\") }
            quoted.append(character)
        }
        return quoted + "\""
    }

    /// Printable ASCII stays (with `&` written `&-`); runs of anything else become `&` + the
    /// base64 of their UTF-16 with `,` for `/` and no padding + `-`.
    static func modifiedUTF7(_ name: String) -> String {
        var encoded = ""
        var pending: [UInt16] = []
        func flush() {
            guard !pending.isEmpty else { return }
            var bytes: [UInt8] = []
            for unit in pending { bytes += [UInt8(unit >> 8), UInt8(unit & 0xFF)] }
            let base64 = Data(bytes).base64EncodedString()
                .replacingOccurrences(of: "/", with: ",")
                .replacingOccurrences(of: "=", with: "")
            encoded += "&\(base64)-"
            pending = []
        }
        for scalar in name.unicodeScalars {
            if (0x20...0x7E).contains(scalar.value) {
                flush()
                encoded += scalar == "&" ? "&-" : String(scalar)
            } else {
                pending.append(contentsOf: String(scalar).utf16)
            }
        }
        flush()
        return encoded
    }
}
