/// `leadexctl import`: what an import did, or in a dry run would do, and why.
public struct ImportReply: Codable, Sendable {
    enum CodingKeys: String, CodingKey {
        case file, encoding, delimiter, columns, created, merged, rejected, lines
        case dryRun = "dry_run", ignoredColumns = "ignored_columns", mergedInFile = "merged_in_file"
    }

    public struct Column: Codable, Sendable {
        public var header: String
        /// `name`, `phone`, `email`, `company`, `note`.
        public var field: String

        public init(header: String, field: String) {
            self.header = header
            self.field = field
        }
    }

    public struct Line: Codable, Sendable {
        enum CodingKeys: String, CodingKey {
            case line, action, reason
            case contactId = "contact_id", withLine = "with_line", matchedBy = "matched_by"
        }

        public var line: Int
        /// `created`, `merged` (into a contact in the base), `merged_with_line` (an earlier row of
        /// the file), `rejected`.
        public var action: String
        public var contactId: Int64?
        public var withLine: Int?
        /// The phone or email the merge was made on.
        public var matchedBy: String?
        public var reason: String?

        public init(line: Int, action: String, contactId: Int64? = nil, withLine: Int? = nil, matchedBy: String? = nil, reason: String? = nil) {
            self.line = line
            self.action = action
            self.contactId = contactId
            self.withLine = withLine
            self.matchedBy = matchedBy
            self.reason = reason
        }
    }

    public var file: String
    public var dryRun: Bool
    /// `utf-8` or `windows-1251`.
    public var encoding: String
    public var delimiter: String
    public var columns: [Column]
    public var ignoredColumns: [String]
    public var created: Int
    public var merged: Int
    public var mergedInFile: Int
    public var rejected: Int
    public var lines: [Line]

    public init(
        file: String, dryRun: Bool, encoding: String, delimiter: String, columns: [Column], ignoredColumns: [String], created: Int, merged: Int,
        mergedInFile: Int, rejected: Int, lines: [Line]
    ) {
        self.file = file
        self.dryRun = dryRun
        self.encoding = encoding
        self.delimiter = delimiter
        self.columns = columns
        self.ignoredColumns = ignoredColumns
        self.created = created
        self.merged = merged
        self.mergedInFile = mergedInFile
        self.rejected = rejected
        self.lines = lines
    }
}

extension ImportReply {
    /// Why `file` is not imported when it is over ``Wire/maxBodyBytes``: leadexctl says it before
    /// sending, the daemon if a client sends it anyway.
    /// The refusal of a file over the limit; `russian` for a department that reads Russian.
    public static func tooLarge(_ file: String, russian: Bool = false) -> String {
        russian
            ? "\(file) слишком велик для импорта: leadexd принимает файлы не больше \(Wire.maxBodyBytes >> 20) МБ; "
                + "разделите его и импортируйте по частям; ничего не импортировано"
            : "\(file) is too large to import: the daemon takes files of at most \(Wire.megabytes(Wire.maxBodyBytes)); "
                + "split it and import the parts; nothing was imported"
    }
}
