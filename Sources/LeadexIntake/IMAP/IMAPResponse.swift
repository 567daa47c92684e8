/// One complete server response, literals included.
enum IMAPResponse: Sendable, Equatable {
    /// The end of one of our commands: `a3 OK …`.
    case tagged(String, IMAPStatus)
    /// `* …`: data, or a status the server sends on its own (`* BYE`).
    case untagged(IMAPUntagged)
    /// `+ …`: the server waits for more from us (IDLE is running, a literal may follow).
    case continuation(String)
}

/// The untagged responses the session acts on; the rest stay `.other` so no server extension
/// breaks the parse.
enum IMAPUntagged: Sendable, Equatable {
    case status(IMAPStatus)
    case capability(Set<String>)
    case exists(Int)
    case recent(Int)
    case expunge(Int)
    case fetch(sequence: Int, IMAPFetchItems)
    case search([Int64])
    case esearch(IMAPESearch)
    /// `* STATUS mailbox (MESSAGES 4 UIDNEXT 5 …)`, names in upper case.
    case mailboxStatus(mailbox: String, values: [String: Int64])
    /// Anything else (`FLAGS`, `LIST`, …): its name in upper case and the line as text.
    case other(name: String, line: String)
}

/// `OK`, `NO`, `BAD`, `PREAUTH` or `BYE` with its optional `[code]` and human text.
struct IMAPStatus: Sendable, Equatable {
    enum Condition: String, Sendable {
        case ok = "OK", no = "NO", bad = "BAD", preauth = "PREAUTH", bye = "BYE"
    }

    var condition: Condition
    var code: IMAPResponseCode?
    var text: String

    /// For error messages: `NO [TRYCREATE] Mailbox doesn't exist`.
    var summary: String {
        var parts = [condition.rawValue]
        if let code { parts.append("[\(code.name)]") }
        if !text.isEmpty { parts.append(text) }
        return parts.joined(separator: " ")
    }
}

/// The bracketed code in a status response (RFC 3501 7.1, RFC 5530).
enum IMAPResponseCode: Sendable, Equatable {
    case uidValidity(Int64)
    case uidNext(Int64)
    case tryCreate
    case alreadyExists
    case capability(Set<String>)
    /// Any other code: its upper-cased name and the raw arguments.
    case other(String, String)

    var name: String {
        switch self {
        case .uidValidity: "UIDVALIDITY"
        case .uidNext: "UIDNEXT"
        case .tryCreate: "TRYCREATE"
        case .alreadyExists: "ALREADYEXISTS"
        case .capability: "CAPABILITY"
        case .other(let name, _): name
        }
    }
}

/// A parsed value from a FETCH item list or another parenthesized structure.
enum IMAPValue: Sendable, Equatable {
    /// An atom or number, as sent (flags keep their backslash).
    case atom(String)
    /// A quoted string or a literal: raw bytes, since message content need not be UTF-8.
    case string([UInt8])
    case list([IMAPValue])
    /// `NIL`.
    case absent
}

/// The items of one `* n FETCH (…)` response, keyed by upper-cased item name (`UID`,
/// `RFC822.SIZE`, `FLAGS`, `BODY[]`, `BODY[HEADER]`); a partial's `<origin>` is dropped from the key.
struct IMAPFetchItems: Sendable, Equatable {
    var items: [String: IMAPValue] = [:]

    var uid: Int64? { number("UID") }
    var size: Int? { number("RFC822.SIZE").map(Int.init) }

    var flags: [String]? {
        guard case .list(let values)? = items["FLAGS"] else { return nil }
        return values.compactMap { if case .atom(let flag) = $0 { flag } else { nil } }
    }

    /// The bytes of a body section such as `BODY[]`; `NIL` gives an empty array.
    func section(_ name: String) -> [UInt8]? {
        switch items[name] {
        case .string(let bytes)?: bytes
        case .absent?: []
        default: nil
        }
    }

    private func number(_ name: String) -> Int64? {
        guard case .atom(let text)? = items[name] else { return nil }
        return Int64(text)
    }
}

/// `* ESEARCH (TAG "a3") UID ALL 1:5,7 …` (RFC 4731), with `ALL` expanded.
struct IMAPESearch: Sendable, Equatable {
    var tag: String?
    var isUID = false
    var all: [Int64] = []
    var min: Int64?
    var max: Int64?
    var count: Int?
}
