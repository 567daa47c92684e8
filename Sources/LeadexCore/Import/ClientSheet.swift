internal import Foundation

/// A spreadsheet of clients (the old base, an exhibition's list) read into rows the store can
/// merge: columns found by their header names, Russian or English; phones normalized; each row
/// either usable or rejected with the reason. Pure: the store decides what is created or merged.
public struct ClientSheet: Sendable {
    /// What a column holds.
    public enum Field: String, Sendable, Hashable, Codable, CaseIterable {
        case name, phone, email, company, note
    }

    /// A usable row: someone to call or write to.
    public struct Row: Sendable, Hashable {
        /// The row's line in the file (the header is line 1).
        public var line: Int
        public var name: String
        public var company: String?
        public var phones: [PhoneNumber]
        public var emails: [String]
        public var note: String?
    }

    public struct Rejection: Error, Sendable, Hashable {
        /// What is wrong with the row, for wording it in the reader's language.
        public enum Cause: Sendable, Hashable {
            /// The only phone given is not one, and there is no email.
            case notAPhone(String)
            /// The only email given is not one, and there is no phone.
            case notAnEmail(String)
            case nobodyToReach
            /// The field holds a control character (named by its code point, never printed).
            case controlCharacter(Field, codePoint: String)
        }

        public var line: Int
        /// In English, for the CLI and the journal.
        public var reason: String
        public var cause: Cause
    }

    /// Why a file cannot be imported at all.
    public struct Problem: Error, Sendable, Hashable, CustomStringConvertible {
        public enum Cause: Sendable, Hashable {
            case empty
            /// No header names a phone or an email column; the first headers found.
            case noContactColumns(found: [String])
            /// A quote opened on this line is never closed.
            case unterminatedQuote(line: Int)
        }

        public var cause: Cause

        public var description: String {
            switch cause {
            case .empty: "the file is empty"
            case .noContactColumns(let found):
                "no column of phones or emails: the first line must name the columns (Телефон, Email, ФИО, ... or Phone, Email, Name, ...), found \(found.map { "'\($0)'" }.joined(separator: ", "))"
            case .unterminatedQuote(let line): "line \(line): a quote opened there is never closed, so the rest of the file would be one cell"
            }
        }
    }

    public var encoding: SheetEncoding
    public var delimiter: Character
    /// Each recognized column: its header as written and what it holds.
    public var columns: [(header: String, field: Field)]
    /// Headers that match no field (left out).
    public var ignoredColumns: [String]
    public var rows: [Row]
    public var rejected: [Rejection]

    /// Reads `bytes`; throws when it is not a spreadsheet of contacts (no header naming a
    /// phone or an email column).
    public init(bytes: [UInt8]) throws(Problem) {
        let (text, encoding) = SheetEncoding.decode(bytes)
        self.encoding = encoding
        guard let firstLine = text.split(whereSeparator: \.isNewline).first else { throw Problem(cause: .empty) }
        delimiter = Self.delimiter(of: firstLine)
        var records = CSVRecords(text: text, delimiter: delimiter)
        guard let header = records.next() else { throw Problem(cause: .empty) }
        var columns: [(header: String, field: Field)] = []
        var fields: [Field?] = []
        var ignored: [String] = []
        for cell in header.cells {
            let field = Self.field(for: cell)
            fields.append(field)
            if let field { columns.append((cell, field)) } else if !cell.trimmingCharacters(in: .whitespaces).isEmpty { ignored.append(cell) }
        }
        guard fields.contains(.phone) || fields.contains(.email) else {
            throw Problem(cause: .noContactColumns(found: Array(header.cells.prefix(8))))
        }
        self.columns = columns
        self.ignoredColumns = ignored
        var rows: [Row] = []
        var rejected: [Rejection] = []
        while let record = records.next() {
            if record.cells.allSatisfy({ $0.trimmingCharacters(in: .whitespaces).isEmpty }) { continue }
            switch Self.row(record, fields: fields) {
            case .success(let row): rows.append(row)
            case .failure(let rejection): rejected.append(rejection)
            }
        }
        if let unterminated = records.unterminatedQuoteLine {
            throw Problem(cause: .unterminatedQuote(line: unterminated))
        }
        self.rows = rows
        self.rejected = rejected
    }

    private static func row(_ record: CSVRecords.Record, fields: [Field?]) -> Result<Row, Rejection> {
        var values: [Field: [String]] = [:]
        for (index, cell) in record.cells.enumerated() where index < fields.count {
            guard let field = fields[index] else { continue }
            let value = cell.trimmingCharacters(in: .whitespacesAndNewlines)
            if !value.isEmpty { values[field, default: []].append(value) }
        }
        var phones: [PhoneNumber] = []
        var badPhones: [String] = []
        for cell in values[.phone] ?? [] {
            // One cell may hold several numbers: "8 912 000-00-01, 8 (495) 000-00-02".
            for part in cell.split(whereSeparator: { $0 == "," || $0 == ";" || $0 == "/" }) {
                let piece = part.trimmingCharacters(in: .whitespaces)
                guard !piece.isEmpty else { continue }
                if let phone = PhoneNumber(piece) {
                    if !phones.contains(phone) { phones.append(phone) }
                } else {
                    badPhones.append(piece)
                }
            }
        }
        var emails: [String] = []
        var badEmails: [String] = []
        for cell in values[.email] ?? [] {
            for part in cell.split(whereSeparator: { $0 == "," || $0 == ";" || $0 == " " }) {
                let typed = Contact.normalizedEmail(String(part))
                guard !typed.isEmpty else { continue }
                if let email = EmailAddress.normalized(typed) {
                    if !emails.contains(email) { emails.append(email) }
                } else {
                    badEmails.append(typed)
                }
            }
        }
        guard !phones.isEmpty || !emails.isEmpty else {
            let (reason, cause): (String, Rejection.Cause) =
                if let bad = badPhones.first { ("'\(bad)' is not a phone number, and there is no email", .notAPhone(bad)) }
                else if let bad = badEmails.first { ("'\(bad)' is not an email address, and there is no phone", .notAnEmail(bad)) }
                else { ("no phone and no email: nobody to call or write to", .nobodyToReach) }
            return .failure(Rejection(line: record.line, reason: reason, cause: cause))
        }
        let company = values[.company].map { TextInput.oneLine($0.joined(separator: ", ")) }
        let name = values[.name].map { TextInput.oneLine($0.joined(separator: " ")) } ?? company ?? emails.first ?? phones[0].e164
        let note = values[.note]?.joined(separator: "\n")
        // The row's line numbers are what people fix the file by; the character is named, never printed.
        let texts: [(Field, String?, String, Bool)] = [(.name, name, "the name", false), (.company, company, "the company", false), (.note, note, "the note", true)]
        for (field, value, what, multiline) in texts {
            guard let value, let scalar = TextInput.firstControl(in: value, multiline: multiline),
                let problem = TextInput.problem(in: value, what: what, multiline: multiline)
            else { continue }
            return .failure(Rejection(line: record.line, reason: problem, cause: .controlCharacter(field, codePoint: TextInput.codePoint(scalar))))
        }
        return .success(
            Row(line: record.line, name: name, company: company, phones: phones, emails: emails, note: note))
    }


    /// `;` (Excel with a Russian locale), tab, or `,`: whichever the header line has most of.
    private static func delimiter(of line: Substring) -> Character {
        let candidates: [Character] = [";", "\t", ","]
        return candidates.max { a, b in line.filter { $0 == a }.count < line.filter { $0 == b }.count } ?? ","
    }

    /// The field a header names, by its words in either language.
    static func field(for header: String) -> Field? {
        let key = String(header.lowercased().unicodeScalars.filter { CharacterSet.letters.contains($0) }.map(Character.init))
        guard !key.isEmpty else { return nil }
        for (field, names) in headerNames where names.contains(where: { key == $0 || ($0.count >= 4 && key.contains($0)) }) {
            return field
        }
        return nil
    }

    /// Header words, letters only, lower-cased. Names of four letters or more also match inside a
    /// header ("Контактный телефон", "Телефон 2", "Email компании"): phones and emails are looked
    /// for first, so those are not taken for a name or a company.
    private static let headerNames: [(Field, [String])] = [
        (.phone, ["телефон", "тел", "мобильный", "мобильныйтелефон", "сотовый", "phone", "tel", "telephone", "mobile", "cell"]),
        (.email, ["email", "емейл", "емэйл", "почта", "электроннаяпочта", "элпочта", "mail", "эмейл"]),
        (.company, ["компания", "организация", "фирма", "юрлицо", "company", "organization", "organisation", "firm"]),
        (.note, ["комментарий", "примечание", "заметка", "заметки", "note", "notes", "comment", "comments"]),
        (.name, ["фио", "имя", "клиент", "контакт", "контактноелицо", "name", "fullname", "client", "contact", "contactname"]),
    ]
}

/// RFC 4180 records: quoted cells may hold the delimiter, doubled quotes and line breaks.
struct CSVRecords {
    struct Record {
        var line: Int
        var cells: [String]
    }

    private var scalars: [Unicode.Scalar]
    private var position = 0
    private var line = 1
    private let delimiter: Unicode.Scalar
    private(set) var unterminatedQuoteLine: Int?

    init(text: String, delimiter: Character) {
        scalars = Array(text.unicodeScalars)
        self.delimiter = delimiter.unicodeScalars.first!
    }

    mutating func next() -> Record? {
        guard position < scalars.count else { return nil }
        let start = line
        var cells: [String] = []
        var cell = String.UnicodeScalarView()
        var quoted = false
        var quoteStart = 0
        while position < scalars.count {
            let c = scalars[position]
            position += 1
            if quoted {
                if c == "\"" {
                    if position < scalars.count, scalars[position] == "\"" {
                        cell.append("\"")
                        position += 1
                    } else {
                        quoted = false
                    }
                } else {
                    if c == "\n" { line += 1 }
                    cell.append(c)
                }
                continue
            }
            switch c {
            case "\"" where cell.isEmpty:
                quoted = true
                quoteStart = line
            case delimiter:
                cells.append(String(cell))
                cell = String.UnicodeScalarView()
            case "\r":
                continue
            case "\n":
                line += 1
                cells.append(String(cell))
                return Record(line: start, cells: cells)
            default:
                cell.append(c)
            }
        }
        if quoted { unterminatedQuoteLine = quoteStart }
        cells.append(String(cell))
        return Record(line: start, cells: cells)
    }
}
