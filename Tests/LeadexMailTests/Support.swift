import Foundation
import LeadexMail

/// Loads a committed fixture (see make_fixtures.py for how each was made).
func fixture(_ name: String) throws -> [UInt8] {
    guard let url = Bundle.module.url(forResource: name, withExtension: "eml", subdirectory: "Fixtures") else {
        throw FixtureMissing(name: name)
    }
    return [UInt8](try Data(contentsOf: url))
}

struct FixtureMissing: Error {
    var name: String
}

/// A message written inline with LF line ends turned into CRLF.
func message(_ text: String) -> [UInt8] {
    Array(text.replacingOccurrences(of: "\n", with: "\r\n").utf8)
}

func parse(_ text: String) -> MIMEMessage {
    MIMEMessage.parse(message(text))
}
