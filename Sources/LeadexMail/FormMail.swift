/// The kind of a form field a lead cares about.
public enum FormFieldKind: String, Sendable, Hashable, CaseIterable {
    case name, phone, email, company, comment
}

/// Which `Key:` labels of website form mails mean which field, and which subjects mark a form mail.
public struct FormFieldAliases: Sendable, Hashable {
    /// Normalised label (lowercased, "ё"→"е", trailing ":*." removed) → kind.
    public var aliases: [String: FormFieldKind]
    /// Lowercased substrings of a subject that mark a form mail.
    public var subjectMarkers: [String]

    public init(aliases: [String: FormFieldKind], subjectMarkers: [String]) {
        self.aliases = [:]
        for (k, v) in aliases { self.aliases[FormFieldAliases.normalizeKey(k)] = v }
        self.subjectMarkers = subjectMarkers.map { $0.lowercased() }
    }

    /// Adds or replaces an alias.
    public mutating func set(_ label: String, as kind: FormFieldKind) {
        aliases[FormFieldAliases.normalizeKey(label)] = kind
    }

    /// The kind a label stands for.
    public func kind(for label: String) -> FormFieldKind? { aliases[FormFieldAliases.normalizeKey(label)] }

    /// Lowercases, folds "ё", collapses spaces and drops trailing ":", "*", ".".
    public static func normalizeKey(_ label: String) -> String {
        // One pass over scalars (every `Key:` line of every mail comes here; going through
        // Characters, split and join was a few percent of intake): lower-cased, ё as е, runs of
        // blanks as one space, and no trailing `:`, `*`, `.` or blanks.
        var key = String.UnicodeScalarView()
        var blank = false
        for scalar in label.lowercased().unicodeScalars {
            switch scalar {
            case " ", "\t":
                blank = !key.isEmpty
            case "\u{0308}" where key.last == "е":
                continue  // ё written as е + combining diaeresis
            default:
                if blank { key.append(" ") }
                blank = false
                key.append(scalar == "ё" ? "е" : scalar)
            }
        }
        while let last = key.last, last == ":" || last == "*" || last == "." || last == " " { key.removeLast() }
        return String(key)
    }

    /// Russian and English labels used by common site builders and CMS form plugins.
    public static let `default` = FormFieldAliases(
        aliases: [
            "имя": .name, "фио": .name, "ваше имя": .name, "имя клиента": .name, "контактное лицо": .name,
            "имя и фамилия": .name, "фамилия и имя": .name, "клиент": .name, "как к вам обращаться": .name, "автор": .name,
            "name": .name, "your name": .name, "full name": .name, "contact name": .name,
            "телефон": .phone, "тел": .phone, "ваш телефон": .phone, "номер телефона": .phone, "контактный телефон": .phone,
            "мобильный": .phone, "мобильный телефон": .phone, "моб": .phone, "моб. телефон": .phone, "phone": .phone,
            "phone number": .phone, "tel": .phone, "telephone": .phone, "mobile": .phone, "your phone": .phone,
            "e-mail": .email, "email": .email, "почта": .email, "эл. почта": .email, "электронная почта": .email,
            "ваш e-mail": .email, "ваш email": .email, "ваша почта": .email, "e-mail адрес": .email, "адрес почты": .email,
            "e-mail автора": .email, "mail": .email, "your email": .email, "your e-mail": .email, "email address": .email,
            "компания": .company, "организация": .company, "название компании": .company, "название организации": .company,
            "фирма": .company, "company": .company, "organization": .company, "organisation": .company, "company name": .company,
            "сообщение": .comment, "комментарий": .comment, "вопрос": .comment, "текст сообщения": .comment,
            "ваше сообщение": .comment, "ваш вопрос": .comment, "комментарии": .comment, "текст": .comment,
            "примечание": .comment, "описание": .comment, "запрос": .comment, "message": .comment, "comment": .comment,
            "comments": .comment, "question": .comment, "your message": .comment, "details": .comment,
        ],
        subjectMarkers: [
            "заявка", "заявку", "заявки", "обратный звонок", "обратного звонка", "заказ звонка", "заказать звонок",
            "с сайта", "форма обратной связи", "формы обратной связи", "сообщение с формы", "form submission", "new submission",
            "contact form", "feedback form", "new lead", "web form",
        ]
    )
}

/// One `Key: value` line of a form mail.
public struct FormField: Sendable, Hashable {
    /// The label as written.
    public var key: String
    /// The value, trimmed; multi-line values keep their line breaks.
    public var value: String
    /// The kind, when the label is a known alias.
    public var kind: FormFieldKind?

    public init(key: String, value: String, kind: FormFieldKind?) {
        self.key = key
        self.value = value
        self.kind = kind
    }
}

/// Reads `Key: value` (or `Key<TAB>value` from HTML tables) lines of a website form mail.
public struct FormMail: Sendable, Hashable {
    /// All fields in order, known and unknown.
    public var fields: [FormField]
    /// True when the body is mostly fields and its subject or shape says it is a website form mail.
    public var isFormMail: Bool
    /// A form mail's lines that belong to no field, in order: its heading, or the words of a
    /// letter read as a form. Empty for a mail that is no form.
    public var otherText: String

    /// The first value of a known kind.
    public func value(_ kind: FormFieldKind) -> String? {
        fields.first { $0.kind == kind && !$0.value.isEmpty }?.value
    }

    /// Fields whose label is not a known alias.
    public var extraFields: [FormField] { fields.filter { $0.kind == nil } }

    /// Reads the fields of `text`; `subject` helps decide whether this is a form mail at all.
    public static func parse(text: String, subject: String?, aliases: FormFieldAliases = .default) -> FormMail {
        var fields: [FormField] = []
        var known = 0
        var firstKnownLine = Int.max
        var nonEmptyLine = 0
        var fieldLines = 0  // lines of fields, a comment's further lines included
        var otherLines: [Range<Int>] = []  // kept as ranges: only a form's are ever read
        var continuing: Int?  // index of the field that takes following bare lines

        let lowered = subject?.lowercased() ?? ""
        // Byte search: String.contains goes through Unicode-aware matching, far slower for a plain substring test.
        let subjectBytes = Array(lowered.utf8)
        let subjectSays = aliases.subjectMarkers.contains { subjectBytes.firstRange(of: Array($0.utf8)) != nil }

        let (isForm, otherText) = text.withUTF8Buffer { buf -> (Bool, String) in
            buf.forEachTrimmedLine { line in
                if line.isEmpty {
                    if let c = continuing, !fields[c].value.isEmpty { fields[c].value += "\n" }
                    return
                }
                defer { nonEmptyLine += 1 }
                if let (key, value) = splitKeyValue(buf, line) {
                    let kind = aliases.kind(for: key)
                    if kind != nil || !value.isEmpty {
                        if kind != nil {
                            known += 1
                            firstKnownLine = min(firstKnownLine, nonEmptyLine)
                        }
                        fields.append(FormField(key: key, value: value, kind: kind))
                        continuing = kind == .comment ? fields.count - 1 : nil
                        fieldLines += 1
                        return
                    }
                }
                if let c = continuing {
                    let s = buf.string(line)
                    fields[c].value += fields[c].value.isEmpty || fields[c].value.hasSuffix("\n") ? s : "\n" + s
                    fieldLines += 1
                } else {
                    otherLines.append(line)
                }
            }
            // A form mail is mostly its fields, whatever its subject: a client's letter titled
            // "Заявка" with a "Тел.: …" line in its signature is a letter. Without a telling
            // subject the fields must also start the mail.
            let mostlyFields = known >= 1 && otherLines.count <= fieldLines
            let isForm = mostlyFields && (subjectSays || (known >= 2 && firstKnownLine <= 3))
            return (isForm, isForm ? otherLines.map { buf.string($0) }.joined(separator: "\n") : "")
        }
        for k in fields.indices { fields[k].value = fields[k].value.trimmedWhitespace }
        return FormMail(fields: isForm ? fields : fields.filter { $0.kind != nil }, isFormMail: isForm, otherText: otherText)
    }

    /// Splits at the first ':' or tab when the part before it looks like a label (at most 40 characters, 5 words, some letters).
    static func splitKeyValue(_ buf: UnsafeBufferPointer<UInt8>, _ line: Range<Int>) -> (String, String)? {
        var sep = line.lowerBound
        let limit = min(line.upperBound, line.lowerBound + 120)
        while sep < limit, buf[sep] != Byte.colon, buf[sep] != Byte.tab { sep += 1 }
        guard sep < limit else { return nil }
        let keyRange = buf.trimmed(line.lowerBound..<sep)
        guard !keyRange.isEmpty else { return nil }
        var spaces = 0, letters = false
        for k in keyRange {
            let b = buf[k]
            if b == Byte.space { spaces += 1 } else if b >= 0x80 || isASCIILetter(b) { letters = true }
        }
        guard letters, spaces < 5 else { return nil }
        var v = sep + 1
        // "Имя:\tИван" from a table: skip the colon the cell kept.
        while v < line.upperBound, buf[v] == Byte.colon || isSpaceOrNewline(buf[v]) { v += 1 }
        let valueRange = v..<line.upperBound
        if valueRange.count >= 2, buf[v] == Byte.slash, buf[v + 1] == Byte.slash { return nil }
        let key = buf.string(keyRange)
        guard key.count <= 40 else { return nil }
        return (key, buf.string(valueRange))
    }
}
